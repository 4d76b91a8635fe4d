package io.replicheck.server.persist;

import io.replicheck.server.ServerLog;
import io.replicheck.server.core.Client;
import io.replicheck.server.core.ClientConnection;
import io.replicheck.server.core.ClientKind;
import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.DiscardingReplySink;
import io.replicheck.server.core.Keyspace;
import io.replicheck.server.core.ServerCore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * redis 7.0's multi-part append only file: the state machine of aof.c (off, on, waiting for the
 * first rewrite), the manifest, the incremental file the propagated command stream is appended to,
 * BGREWRITEAOF (new base from a snapshot, new incremental file, manifest replaced atomically, old
 * files deleted), automatic rewrites, fsync policies, loading at startup and INFO's aof_ fields.
 *
 * <p>What is written is what {@link io.replicheck.server.core.Propagation} emits to replicas, fed
 * through {@link #feed} (registered as a propagator), so scripts' effects, PEXPIREAT and MULTI/EXEC
 * wrapping are those of the replication stream. Runs on the command thread except the base file
 * writing, which runs on a background thread from a copy-on-write snapshot: the snapshot and the
 * switch to a new incremental file happen in the same step, so base + new incr is always the whole
 * dataset.
 */
public final class Aof {
  enum State {
    OFF,
    ON,
    WAIT_REWRITE
  }

  private final ServerCore core;
  private final ServerLog log;
  private final RdbPersistence rdb;
  private final AofConfig config;
  private final Executor background;
  private final ExecutorService ownedBackground;

  private State state = State.OFF;
  private AofManifest manifest = new AofManifest();
  private AofWriter writer;
  private long currentSize;
  private long rewriteBaseSize;
  private long lastFsyncMs;
  private boolean lastWriteOk = true;

  // BGREWRITEAOF
  private boolean rewriteInProgress;
  private boolean rewriteScheduled;
  private long rewriteStartMs;
  private long lastRewriteTimeSec = -1;
  private boolean lastRewriteOk = true;
  private long rewrites;
  private long consecutiveFailures;
  private long generation; // bumped when AOF is switched off: a rewrite in flight is discarded
  private AofManifest pendingManifest; // WAIT_REWRITE: the manifest the first rewrite installs
  private boolean loading;

  public Aof(ServerCore core, ServerLog log, RdbPersistence rdb, AofConfig config) {
    this(core, log, rdb, config, null);
  }

  /** With the executor base files are written on (tests pass one); null = own thread. */
  public Aof(
      ServerCore core, ServerLog log, RdbPersistence rdb, AofConfig config, Executor background) {
    this.core = core;
    this.log = log;
    this.rdb = rdb;
    this.config = config;
    if (background == null) {
      ownedBackground =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "replicheck-aofrw");
                t.setDaemon(true);
                return t;
              });
      this.background = ownedBackground;
    } else {
      ownedBackground = null;
      this.background = background;
    }
  }

  /** Hooks into the core: propagation, BGREWRITEAOF, DEBUG LOADAOF, cron, INFO, CONFIG SET. */
  public void install() {
    core.propagation().addStreamPropagator(this::feed);
    core.addDatasetReplacedHook(this::datasetReplaced);
    core.commands()
        .register(
            CommandSpec.of(
                "bgrewriteaof", 1, "admin noscript no_async_loading", 0, 0, 0, this::bgrewriteaof));
    core.addDebugSubcommand("loadaof", this::debugLoadAof);
    core.addCronHook(this::cron);
    rdb.setAofInfo(this::info);
    config.onSwitch(on -> on ? startAppendOnly() : stopAppendOnly());
  }

  Path dir() {
    return core.config().dir.resolve(config.appenddirname);
  }

  private Path manifestPath() {
    return dir().resolve(config.appendfilename + AofManifest.MANIFEST_SUFFIX);
  }

  State state() {
    return state;
  }

  AofManifest manifest() {
    return manifest;
  }

  // ------------------------------------------------------------------ startup

  /**
   * Startup (aofLoadManifestFromDisk, loadDataFromDisk, aofOpenIfNeededOnServerStart,
   * aofDelHistoryFiles): reads the manifest if there is one (a bad one is fatal, whatever
   * appendonly says, as in redis); with appendonly yes loads the AOF and never the RDB file, then
   * makes a base file if there is none and opens the incremental file; otherwise loads the RDB
   * file. Returns false after logging one line when the server must not start.
   */
  public boolean loadAtStartup() {
    Path mp = manifestPath();
    if (Files.isRegularFile(mp)) {
      try {
        manifest = AofManifest.parse(Files.readAllBytes(mp));
      } catch (IOException e) {
        log.warning("Fatal error reading the AOF manifest " + mp + ": " + e.getMessage());
        return false;
      }
    }
    if (!config.appendonly()) {
      return rdb.loadAtStartup();
    }
    if (!manifest.isEmpty()) {
      long start = System.nanoTime();
      try {
        loadFiles();
      } catch (AofFormatException e) {
        log.warning(e.getMessage());
        return false;
      }
      log.notice(
          String.format(
              Locale.ROOT,
              "DB loaded from append only file: %.3f seconds",
              (System.nanoTime() - start) / 1e9));
    }
    try {
      openAtStartup();
    } catch (IOException e) {
      log.warning("Can't open the append-only file: " + e.getMessage());
      return false;
    }
    return true;
  }

  /** Loads base and incr files into the core (replacing the dataset). */
  private void loadFiles() throws AofFormatException {
    Client fake =
        core.newClient(
            ClientConnection.detached(DiscardingReplySink.INSTANCE, "aof"), ClientKind.MASTER);
    loading = true;
    try {
      core.swapInKeyspace(core.keyspace().emptyCopy());
      AofLoader.Loaded loaded =
          AofLoader.loadAll(
              dir(), manifest, config.loadTruncated, new CoreTarget(fake), log::warning);
      currentSize = loaded.totalSize();
      rewriteBaseSize = loaded.baseSize();
    } finally {
      loading = false;
      core.clientClosed(fake);
      core.resetDirty();
    }
  }

  /** Loading runs commands as the AOF fake client does: no replies, nothing propagated. */
  private final class CoreTarget implements AofLoader.Target {
    private Client fake;

    CoreTarget(Client fake) {
      this.fake = fake;
    }

    @Override
    public void loadRdb(InputStream in) throws IOException {
      Keyspace loaded = rdb.loadPreamble(in);
      core.swapInKeyspace(loaded);
    }

    @Override
    public void apply(byte[][] argv) throws IOException {
      if (core.commands().lookup(argv[0]) == null) {
        throw new AofFormatException(
            "Unknown command '" + new String(argv[0], StandardCharsets.UTF_8) + "'");
      }
      core.process(fake, argv);
    }

    @Override
    public void discardOpenMulti() {
      core.clientClosed(fake);
      fake =
          core.newClient(
              ClientConnection.detached(DiscardingReplySink.INSTANCE, "aof"), ClientKind.MASTER);
    }
  }

  /** aofOpenIfNeededOnServerStart: a base for an empty manifest, the incr file, history deleted. */
  private void openAtStartup() throws IOException {
    Files.createDirectories(dir());
    if (manifest.isEmpty()) {
      String name = manifest.newBase(config.appendfilename, config.useRdbPreamble);
      long size;
      try (Keyspace.Snapshot snap = core.keyspace().snapshot()) {
        Path tmp = dir().resolve(AofManifest.TEMP_PREFIX + name);
        size = AofRewrite.writeBase(tmp, snap, config.useRdbPreamble, rdb.writeOptions(), aux());
        Files.move(tmp, dir().resolve(name), StandardCopyOption.ATOMIC_MOVE);
      }
      log.notice("Creating AOF base file " + name + " on server start");
      currentSize = size;
      rewriteBaseSize = size;
    }
    String incr = manifest.lastIncr();
    if (incr == null) {
      incr = manifest.newIncr(config.appendfilename);
      writer = AofWriter.open(dir().resolve(incr), true);
      log.notice("Creating AOF incr file " + incr + " on server start");
    } else {
      writer = AofWriter.open(dir().resolve(incr), false);
      log.notice("Opening AOF incr file " + incr + " on server start");
    }
    persistManifest(manifest);
    deleteHistory(manifest);
    state = State.ON;
    lastFsyncMs = core.clock().currentTimeMillis();
  }

  // ------------------------------------------------------------------ feeding

  /** feedAppendOnlyFile: one propagated command (a Propagator). */
  void feed(int db, byte[][] argv) {
    if (state == State.OFF || writer == null) {
      return;
    }
    try {
      long ts = config.timestampEnabled ? core.clock().currentTimeMillis() / 1000 : -1;
      long before = writer.size();
      writer.append(db, argv, ts);
      currentSize += writer.size() - before;
      if (config.appendfsync.equals("always")) {
        writer.fsync();
        lastFsyncMs = core.clock().currentTimeMillis();
      }
      if (!lastWriteOk) {
        log.warning("AOF write error looks solved, Redis can write again.");
        lastWriteOk = true;
      }
    } catch (IOException e) {
      if (lastWriteOk) {
        log.warning("Error writing to the AOF file: " + e.getMessage());
      }
      lastWriteOk = false;
    }
  }

  private void fsyncNow() {
    if (writer == null) {
      return;
    }
    try {
      writer.fsync();
      lastFsyncMs = core.clock().currentTimeMillis();
    } catch (IOException e) {
      log.warning("Can't persist the AOF file: " + e.getMessage());
      lastWriteOk = false;
    }
  }

  /** serverCron's AOF part: everysec fsync, scheduled and automatic rewrites. */
  void cron() {
    long now = core.clock().currentTimeMillis();
    if (writer != null
        && config.appendfsync.equals("everysec")
        && now - lastFsyncMs >= 1000
        && writer.unsynced()) {
      fsyncNow();
    }
    if (rewriteInProgress || rdb.bgsaveInProgress()) {
      return;
    }
    if (rewriteScheduled) {
      rewriteScheduled = false;
      startRewrite();
      return;
    }
    if (state == State.ON && config.rewritePercentage > 0 && currentSize > config.rewriteMinSize) {
      long base = rewriteBaseSize > 0 ? rewriteBaseSize : 1;
      long growth = currentSize * 100 / base - 100;
      if (growth >= config.rewritePercentage) {
        log.notice("Starting automatic rewriting of AOF on " + growth + "% growth");
        startRewrite();
      }
    }
  }

  // ------------------------------------------------------------------ switching

  /** CONFIG SET appendonly yes (startAppendOnly): a rewrite first, then ON. */
  private String startAppendOnly() {
    try {
      Files.createDirectories(dir());
    } catch (IOException e) {
      log.warning("Can't create the AOF directory: " + e.getMessage());
      return "Unable to turn on AOF. Check server logs.";
    }
    state = State.WAIT_REWRITE;
    if (rewriteInProgress) {
      generation++; // the running rewrite was not opened for this: redo it
      rewriteInProgress = false;
    }
    if (rdb.bgsaveInProgress()) {
      rewriteScheduled = true;
      log.notice(
          "AOF was enabled but there is already another background operation. An AOF"
              + " background was scheduled to start when possible.");
      return null;
    }
    if (!startRewrite()) {
      state = State.OFF;
      return "Unable to turn on AOF. Check server logs.";
    }
    log.notice("AOF was enabled, BGREWRITEAOF started");
    return null;
  }

  /**
   * The dataset was replaced (a replica's full sync, DEBUG RELOAD): the files describe the old one,
   * so AOF restarts with a rewrite as restartAOFAfterSYNC does; the old files stay the manifest's
   * until the new base is written.
   */
  private void datasetReplaced() {
    if (loading || state == State.OFF) {
      return;
    }
    log.notice("The dataset was replaced: restarting the AOF with a rewrite");
    if (rewriteInProgress) {
      generation++;
      rewriteInProgress = false;
    }
    state = State.WAIT_REWRITE;
    if (rdb.bgsaveInProgress()) {
      rewriteScheduled = true;
    } else if (!startRewrite()) {
      rewriteScheduled = true;
    }
  }

  /** CONFIG SET appendonly no (stopAppendOnly). */
  private String stopAppendOnly() {
    fsyncNow();
    closeWriter();
    if (rewriteInProgress) {
      log.notice("Killing running AOF rewrite child");
    }
    generation++;
    rewriteInProgress = false;
    rewriteScheduled = false;
    pendingManifest = null;
    state = State.OFF;
    return null;
  }

  private void closeWriter() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException e) {
        log.warning("Error closing the AOF file: " + e.getMessage());
      }
      writer = null;
    }
  }

  /** SHUTDOWN: the incremental file fsynced and closed; a rewrite in flight is dropped. */
  public void shutdown() {
    if (writer != null) {
      log.notice("Calling fsync() on the AOF file.");
    }
    fsyncNow();
    closeWriter();
    generation++;
    if (ownedBackground != null) {
      ownedBackground.shutdown();
    }
  }

  // ------------------------------------------------------------------ rewriting

  private void bgrewriteaof(CommandContext c) {
    if (rewriteInProgress) {
      c.error("ERR Background append only file rewriting already in progress");
    } else if (rdb.bgsaveInProgress()) {
      rewriteScheduled = true;
      c.reply().simple("Background append only file rewriting scheduled");
    } else if (startRewrite()) {
      c.reply().simple("Background append only file rewriting started");
    } else {
      c.error(
          "ERR Can't execute an AOF background rewriting. Please check the server logs for"
              + " more information.");
    }
  }

  /**
   * rewriteAppendOnlyFileBackground: the current incr file flushed, a new one opened (ON: listed in
   * the manifest at once; WAIT_REWRITE: listed when the base is done), a snapshot taken, the base
   * written in the background.
   */
  private boolean startRewrite() {
    long gen = generation;
    try {
      Files.createDirectories(dir());
      fsyncNow();
      if (state != State.OFF) {
        AofManifest next = manifest.copy();
        String incr = next.newIncr(config.appendfilename);
        AofWriter w = AofWriter.open(dir().resolve(incr), true);
        if (state == State.ON) {
          persistManifest(next);
          manifest = next;
        } else {
          pendingManifest = next;
        }
        closeWriter();
        writer = w;
        log.notice("Creating AOF incr file " + incr + " on background rewrite");
      }
    } catch (IOException e) {
      log.warning("Can't open new incr AOF for background rewrite: " + e.getMessage());
      lastRewriteOk = false;
      consecutiveFailures++;
      return false;
    }
    rewriteInProgress = true;
    rewriteStartMs = core.clock().currentTimeMillis();
    rewrites++;
    Keyspace.Snapshot snap = core.keyspace().snapshot();
    boolean preamble = config.useRdbPreamble;
    var options = rdb.writeOptions();
    Map<String, String> aux = aux();
    Path tmp = dir().resolve("temp-rewriteaof-bg-" + ProcessHandle.current().pid() + ".aof");
    log.notice(
        "Background append only file rewriting started by pid " + ProcessHandle.current().pid());
    background.execute(
        () -> {
          long size = -1;
          IOException failure = null;
          try {
            size = AofRewrite.writeBase(tmp, snap, preamble, options, aux);
          } catch (IOException e) {
            failure = e;
          }
          long s = size;
          IOException f = failure;
          core.executor().execute(() -> rewriteDone(gen, snap, tmp, preamble, s, f));
        });
    return true;
  }

  /** backgroundRewriteDoneHandler. */
  private void rewriteDone(
      long gen, Keyspace.Snapshot snap, Path tmp, boolean preamble, long size, IOException f) {
    snap.close();
    if (gen != generation) {
      deleteQuietly(tmp);
      return;
    }
    rewriteInProgress = false;
    lastRewriteTimeSec = (core.clock().currentTimeMillis() - rewriteStartMs) / 1000;
    if (f != null) {
      failed("Background AOF rewrite failed: " + f.getMessage(), tmp);
      return;
    }
    AofManifest next = state == State.WAIT_REWRITE ? pendingManifest.copy() : manifest.copy();
    String base = next.newBase(config.appendfilename, preamble);
    try {
      Files.move(tmp, dir().resolve(base), StandardCopyOption.ATOMIC_MOVE);
      next.markRewrittenIncrAsHistory(state != State.OFF);
      persistManifest(next);
    } catch (IOException e) {
      failed(
          "Error trying to rename the temporary AOF base file or persist the manifest: "
              + e.getMessage(),
          tmp);
      return;
    }
    manifest = next;
    pendingManifest = null;
    deleteHistory(manifest);
    rewriteBaseSize = size + (writer != null ? writer.size() : 0);
    currentSize = rewriteBaseSize;
    lastRewriteOk = true;
    consecutiveFailures = 0;
    if (state == State.WAIT_REWRITE) {
      state = State.ON;
      log.notice("Background AOF rewrite terminated with success; AOF is now on");
    } else {
      log.notice("Background AOF rewrite terminated with success");
    }
    log.notice("Background AOF rewrite finished successfully");
  }

  private void failed(String message, Path tmp) {
    deleteQuietly(tmp);
    log.warning(message);
    lastRewriteOk = false;
    consecutiveFailures++;
    if (state == State.WAIT_REWRITE) {
      rewriteScheduled = true; // AOF turns on only once a rewrite made it
    }
  }

  /** Aux fields of a base file: no replication info, aof-base 1. */
  private Map<String, String> aux() {
    Map<String, String> aux = new LinkedHashMap<>();
    aux.put("redis-ver", ServerCore.REDIS_VERSION);
    aux.put("redis-bits", "64");
    aux.put("ctime", Long.toString(core.clock().currentTimeMillis() / 1000));
    Runtime rt = Runtime.getRuntime();
    aux.put("used-mem", Long.toString(rt.totalMemory() - rt.freeMemory()));
    aux.put("aof-base", "1");
    return aux;
  }

  /** persistAofManifest: a temp file synced, renamed over the manifest, the dir synced. */
  private void persistManifest(AofManifest m) throws IOException {
    Path target = manifestPath();
    Path tmp = dir().resolve(AofManifest.TEMP_PREFIX + target.getFileName());
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(java.nio.ByteBuffer.wrap(m.render().getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel d = FileChannel.open(dir(), StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Not every file system lets a directory be synced; the rename is done anyway.
    }
  }

  /** aofDelHistoryFiles: history files deleted, the manifest written again without them. */
  private void deleteHistory(AofManifest m) {
    if (m.history().isEmpty()) {
      return;
    }
    for (AofManifest.FileInfo h : m.history()) {
      log.notice("Removing the history file " + h.name() + " in the background");
      deleteQuietly(dir().resolve(h.name()));
    }
    m.clearHistory();
    try {
      persistManifest(m);
    } catch (IOException e) {
      log.warning("Can't persist the AOF manifest without history: " + e.getMessage());
    }
  }

  private void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      log.warning("Can't delete " + p + ": " + e.getMessage());
    }
  }

  /** DEBUG LOADAOF: flush the AOF, empty the dataset, load the files again. */
  private void debugLoadAof(CommandContext c) {
    if (state != State.ON) {
      c.ok();
      return;
    }
    fsyncNow();
    try {
      loadFiles();
    } catch (AofFormatException e) {
      log.warning(e.getMessage());
      c.error("ERR Error loading the AOF: " + e.getMessage());
      return;
    }
    log.notice("Append Only File loaded by DEBUG LOADAOF");
    c.ok();
  }

  // ------------------------------------------------------------------ INFO

  /** The aof_ lines of INFO persistence (and module_fork_*), as redis 7.0 prints them. */
  void info(StringBuilder sb) {
    long now = core.clock().currentTimeMillis();
    sb.append("aof_enabled:").append(state != State.OFF ? 1 : 0).append("\r\n");
    sb.append("aof_rewrite_in_progress:").append(rewriteInProgress ? 1 : 0).append("\r\n");
    sb.append("aof_rewrite_scheduled:").append(rewriteScheduled ? 1 : 0).append("\r\n");
    sb.append("aof_last_rewrite_time_sec:").append(lastRewriteTimeSec).append("\r\n");
    sb.append("aof_current_rewrite_time_sec:")
        .append(rewriteInProgress ? (now - rewriteStartMs) / 1000 : -1)
        .append("\r\n");
    sb.append("aof_last_bgrewrite_status:").append(lastRewriteOk ? "ok" : "err").append("\r\n");
    sb.append("aof_rewrites:").append(rewrites).append("\r\n");
    sb.append("aof_rewrites_consecutive_failures:").append(consecutiveFailures).append("\r\n");
    sb.append("aof_last_write_status:").append(lastWriteOk ? "ok" : "err").append("\r\n");
    sb.append("aof_last_cow_size:0\r\n");
    sb.append("module_fork_in_progress:0\r\n");
    sb.append("module_fork_last_cow_size:0\r\n");
    if (config.appendonly()) {
      sb.append("aof_current_size:").append(currentSize).append("\r\n");
      sb.append("aof_base_size:").append(rewriteBaseSize).append("\r\n");
      sb.append("aof_pending_rewrite:").append(rewriteScheduled ? 1 : 0).append("\r\n");
      sb.append("aof_buffer_length:0\r\n");
      sb.append("aof_pending_bio_fsync:0\r\n");
      sb.append("aof_delayed_fsync:0\r\n");
    }
  }
}
