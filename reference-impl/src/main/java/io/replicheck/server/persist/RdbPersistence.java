package io.replicheck.server.persist;

import io.replicheck.rdb.RdbEntry;
import io.replicheck.rdb.RdbFormatException;
import io.replicheck.rdb.RdbReader;
import io.replicheck.rdb.RdbVisitor;
import io.replicheck.rdb.RdbWriteOptions;
import io.replicheck.rdb.RdbWriter;
import io.replicheck.server.ServerLog;
import io.replicheck.server.core.Keyspace;
import io.replicheck.server.core.Persistence;
import io.replicheck.server.core.ServerConfig;
import io.replicheck.server.core.ServerCore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * SAVE/BGSAVE/startup load of {@code dir/dbfilename} in RDB version 10 through the rdb module.
 * Files are written to a temp file, synced, then renamed over the target, so a crash never leaves a
 * half-written dump. BGSAVE writes a {@link Keyspace.Snapshot} (copy-on-write, consistent at the
 * instant it was taken) on a background thread while commands go on.
 *
 * <p>Replication uses {@link #writeSnapshot} to stream a snapshot (full sync, disk or diskless),
 * {@link #setAuxSupplier} to add repl-id/repl-offset aux fields, and {@link #setAuxListener} to
 * read them back when a file is loaded.
 */
public final class RdbPersistence implements Persistence {
  private final ServerCore core;
  private final ServerLog log;
  private final Executor background;
  private final ExecutorService ownedBackground;
  private volatile boolean bgsaveInProgress;
  private long bgsaveStartMs;
  private long lastSaveSeconds;
  private long lastBgsaveSeconds = -1;
  private boolean lastBgsaveOk = true;
  private long lastTryMs;
  private long saves;
  private long lastLoadKeys;
  private long lastLoadExpired;
  private boolean scheduled;
  private Supplier<Map<String, String>> auxSupplier = Map::of;
  private Consumer<Map<String, String>> auxListener = m -> {};
  private KeySaveDelay.Sleeper sleeper = KeySaveDelay.PARK;
  private Consumer<StringBuilder> aofInfo = RdbPersistence::aofOffInfo;

  // Orders the writers of the RDB file by when their snapshot was taken (see install).
  private final AtomicLong snapshotSeq = new AtomicLong();
  private long installedSeq = -1; // guarded by this

  public RdbPersistence(ServerCore core, ServerLog log) {
    this(core, log, null);
  }

  /** With the executor BGSAVE writes on (tests pass one they run by hand); null = own thread. */
  public RdbPersistence(ServerCore core, ServerLog log, Executor background) {
    this.core = core;
    this.log = log;
    if (background == null) {
      this.ownedBackground =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "replicheck-bgsave");
                t.setDaemon(true);
                return t;
              });
      this.background = ownedBackground;
    } else {
      this.ownedBackground = null;
      this.background = background;
    }
    this.lastSaveSeconds = core.clock().currentTimeMillis() / 1000;
  }

  public void setAuxSupplier(Supplier<Map<String, String>> s) {
    this.auxSupplier = s;
  }

  public void setAuxListener(Consumer<Map<String, String>> l) {
    this.auxListener = l;
  }

  /** Who writes INFO persistence's aof_ lines (the AOF, when wired). */
  public void setAofInfo(Consumer<StringBuilder> info) {
    this.aofInfo = info;
  }

  public Path file() {
    ServerConfig c = core.config();
    return c.dir.resolve(c.dbfilename);
  }

  public RdbWriteOptions writeOptions() {
    ServerConfig c = core.config();
    return new RdbWriteOptions(
        c.rdbcompression,
        c.rdbchecksum,
        c.limits.listMaxListpackSize,
        c.limits.hashMaxListpackEntries,
        c.limits.hashMaxListpackValue,
        c.limits.setMaxIntsetEntries,
        c.limits.zsetMaxListpackEntries,
        c.limits.zsetMaxListpackValue);
  }

  /** How SAVE and BGSAVE take rdb-key-save-delay's pauses (tests record them instead). */
  void sleepWith(KeySaveDelay.Sleeper s) {
    this.sleeper = s;
  }

  /** Aux fields for a file written now (run on the command thread). */
  public Map<String, String> aux() {
    Map<String, String> aux = new LinkedHashMap<>();
    aux.put("redis-ver", ServerCore.REDIS_VERSION);
    aux.put("redis-bits", "64");
    aux.put("ctime", Long.toString(core.clock().currentTimeMillis() / 1000));
    Runtime rt = Runtime.getRuntime();
    aux.put("used-mem", Long.toString(rt.totalMemory() - rt.freeMemory()));
    aux.putAll(auxSupplier.get());
    aux.putIfAbsent("aof-base", "0");
    return aux;
  }

  /** Writes a whole snapshot as an RDB stream (header, each db, EOF and checksum). Any thread. */
  public static void writeSnapshot(
      Keyspace.Snapshot snap, OutputStream out, RdbWriteOptions options, Map<String, String> aux)
      throws IOException {
    writeSnapshot(snap, out, options, aux, 0);
  }

  /**
   * As {@link #writeSnapshot(Keyspace.Snapshot, OutputStream, RdbWriteOptions, Map)}, pausing after
   * each key as redis's {@code rdb-key-save-delay} does (read when the snapshot starts, as redis's
   * forked child keeps the value it was forked with).
   */
  public static void writeSnapshot(
      Keyspace.Snapshot snap,
      OutputStream out,
      RdbWriteOptions options,
      Map<String, String> aux,
      int keySaveDelayMicros)
      throws IOException {
    writeSnapshot(snap, out, options, aux, new KeySaveDelay(keySaveDelayMicros, KeySaveDelay.PARK));
  }

  private static void writeSnapshot(
      Keyspace.Snapshot snap,
      OutputStream out,
      RdbWriteOptions options,
      Map<String, String> aux,
      KeySaveDelay delay)
      throws IOException {
    RdbWriter w = new RdbWriter(out, options);
    w.writeHeader(aux);
    for (String library : snap.functionLibraries()) {
      w.writeFunction(library);
    }
    for (Keyspace.DbSnapshot db : snap.dbs()) {
      w.selectDb(db.db(), db.size(), db.expiresSize());
      for (RdbEntry e : db.entries()) {
        w.write(e);
        delay.afterKey();
      }
    }
    w.finish();
  }

  /**
   * A number for a snapshot about to be taken, on the command thread: later snapshots get larger
   * numbers. {@link #install} uses it to keep the newest file.
   */
  public long nextSnapshotSeq() {
    return snapshotSeq.incrementAndGet();
  }

  /**
   * Moves {@code tmp} over the RDB file, unless a snapshot taken after {@code seq} is already
   * there; then {@code tmp} is deleted and false returned. Redis kills a saving child before
   * SHUTDOWN's final save and before a replica loads a full sync, so an older snapshot never
   * replaces a newer one; here the writers run on threads that cannot be killed, and this is where
   * the older one loses.
   */
  public synchronized boolean install(Path tmp, long seq) throws IOException {
    if (seq < installedSeq) {
      Files.deleteIfExists(tmp);
      return false;
    }
    Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    installedSeq = seq;
    return true;
  }

  private void writeFile(
      Keyspace.Snapshot snap,
      long seq,
      Map<String, String> aux,
      RdbWriteOptions options,
      int keySaveDelayMicros)
      throws IOException {
    Path target = file();
    Path tmp =
        target.resolveSibling(
            "temp-"
                + ProcessHandle.current().pid()
                + "-"
                + Thread.currentThread().getId()
                + ".rdb");
    try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
        OutputStream out = new BufferedOutputStream(fos, 1 << 16)) {
      writeSnapshot(snap, out, options, aux, new KeySaveDelay(keySaveDelayMicros, sleeper));
      out.flush();
      fos.getFD().sync();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e instanceof IOException io ? io : new IOException(e.toString(), e);
    }
    if (!install(tmp, seq)) {
      log.notice("A newer snapshot is already on disk: this one is discarded");
    }
  }

  @Override
  public void save() throws IOException {
    long dirtyAtStart = core.dirty();
    long seq = nextSnapshotSeq();
    try (Keyspace.Snapshot snap = core.keyspace().snapshot()) {
      writeFile(snap, seq, aux(), writeOptions(), core.config().rdbKeySaveDelay);
    } catch (IOException e) {
      log.warning("Failed opening the temp RDB file or writing it: " + e.getMessage());
      throw new IOException("Error saving DB on disk: " + e.getMessage(), e);
    }
    saved(dirtyAtStart);
    log.notice("DB saved on disk");
  }

  private void saved(long dirtyAtStart) {
    core.setDirty(core.dirty() - dirtyAtStart);
    lastSaveSeconds = core.clock().currentTimeMillis() / 1000;
    saves++;
  }

  @Override
  public String bgsave(boolean schedule) {
    if (bgsaveInProgress) {
      if (schedule) {
        scheduled = true;
        return "+Background saving scheduled";
      }
      return "ERR Background save already in progress";
    }
    startBgsave();
    return null;
  }

  private void startBgsave() {
    bgsaveInProgress = true;
    bgsaveStartMs = core.clock().currentTimeMillis();
    lastTryMs = bgsaveStartMs;
    long dirtyAtStart = core.dirty();
    long seq = nextSnapshotSeq();
    Keyspace.Snapshot snap = core.keyspace().snapshot();
    Map<String, String> aux = aux();
    RdbWriteOptions options = writeOptions();
    int keySaveDelay = core.config().rdbKeySaveDelay;
    log.notice("Background saving started by pid " + ProcessHandle.current().pid());
    background.execute(
        () -> {
          IOException failure = null;
          try {
            writeFile(snap, seq, aux, options, keySaveDelay);
          } catch (IOException e) {
            failure = e;
          }
          IOException f = failure;
          core.executor().execute(() -> bgsaveDone(snap, dirtyAtStart, f));
        });
  }

  private void bgsaveDone(Keyspace.Snapshot snap, long dirtyAtStart, IOException failure) {
    snap.close();
    bgsaveInProgress = false;
    lastBgsaveSeconds = (core.clock().currentTimeMillis() - bgsaveStartMs) / 1000;
    if (failure == null) {
      lastBgsaveOk = true;
      // Changes made while the snapshot was written are still unsaved.
      core.setDirty(core.dirty() - dirtyAtStart);
      lastSaveSeconds = core.clock().currentTimeMillis() / 1000;
      saves++;
      log.notice("Background saving terminated with success");
    } else {
      lastBgsaveOk = false;
      log.warning("Background saving error: " + failure.getMessage());
    }
    if (scheduled) {
      scheduled = false;
      startBgsave();
    }
  }

  @Override
  public long lastSaveSeconds() {
    return lastSaveSeconds;
  }

  @Override
  public boolean bgsaveInProgress() {
    return bgsaveInProgress;
  }

  @Override
  public void cron() {
    if (bgsaveInProgress) {
      return;
    }
    long now = core.clock().currentTimeMillis();
    for (long[] p : core.config().save) {
      if (core.dirty() >= p[1]
          && now / 1000 - lastSaveSeconds > p[0]
          && (lastBgsaveOk || now - lastTryMs > 5000)) {
        log.notice(p[1] + " changes in " + p[0] + " seconds. Saving...");
        startBgsave();
        return;
      }
    }
  }

  @Override
  public void reload(boolean save, boolean flush) throws IOException {
    if (save) {
      save();
    }
    Keyspace loaded = load(file());
    if (flush) {
      core.swapInKeyspace(loaded);
    } else {
      core.swapInKeyspace(merge(loaded));
    }
    log.notice("DB reloaded by DEBUG RELOAD");
  }

  private Keyspace merge(Keyspace loaded) {
    // NOFLUSH/MERGE: keys of the file are added to the current data set.
    Keyspace merged = core.keyspace().emptyCopy();
    java.util.List<String> libraries =
        new java.util.ArrayList<>(core.keyspace().functionLibraries());
    for (String code : loaded.functionLibraries()) {
      if (!libraries.contains(code)) {
        libraries.add(code);
      }
    }
    merged.setFunctionLibraries(libraries);
    try (Keyspace.Snapshot cur = core.keyspace().snapshot()) {
      for (RdbEntry e : cur.entries()) {
        merged.load(e, core.config().limits);
      }
    }
    try (Keyspace.Snapshot snap = snapshotOf(loaded)) {
      for (RdbEntry e : snap.entries()) {
        merged.load(e, core.config().limits);
      }
    }
    return merged;
  }

  private static Keyspace.Snapshot snapshotOf(Keyspace k) {
    return k.snapshot();
  }

  /**
   * Reads an RDB file into a fresh keyspace (not yet live). Keys already expired are skipped on a
   * master, as redis does. Throws on any error; nothing is half-loaded.
   */
  public Keyspace load(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return load(in);
    }
  }

  /**
   * Reads one RDB stream (up to and including its EOF opcode and checksum, nothing after) into a
   * fresh keyspace, for a replica's full sync; swap it in with {@link ServerCore#swapInKeyspace}.
   * Call on the command thread or with the core idle (it reads the config and the clock).
   */
  public Keyspace load(InputStream in) throws IOException {
    return load(in, false);
  }

  /**
   * An AOF base file's RDB preamble: as {@link #load(InputStream)}, but keys already expired are
   * kept and the aux fields are not reported (redis's RDBFLAGS_AOF_PREAMBLE: no replication info is
   * restored from an AOF).
   */
  public Keyspace loadPreamble(InputStream in) throws IOException {
    return load(in, true);
  }

  private Keyspace load(InputStream in, boolean aofPreamble) throws IOException {
    Keyspace fresh = core.keyspace().emptyCopy();
    long now = core.clock().currentTimeMillis();
    boolean master = !core.isReplica() && !aofPreamble;
    Map<String, String> aux = new LinkedHashMap<>();
    long[] counts = new long[2];
    try {
      RdbReader.read(
          in,
          new RdbVisitor() {
            @Override
            public void aux(String key, String value) {
              aux.put(key, value);
            }

            @Override
            public void function(String libraryCode) {
              fresh.loadFunctionLibrary(libraryCode);
            }

            @Override
            public void entry(RdbEntry e) {
              if (master && e.expireAtMs() != RdbEntry.NO_EXPIRE && e.expireAtMs() < now) {
                counts[1]++;
                return;
              }
              keyLoadDelay(core.config().keyLoadDelay);
              try {
                fresh.load(e, core.config().limits);
              } catch (IllegalArgumentException ex) {
                throw new IllegalStateException(ex.getMessage(), ex);
              }
              counts[0]++;
            }
          });
    } catch (IllegalStateException e) {
      throw new IOException(e.getMessage(), e);
    }
    lastLoadKeys = counts[0];
    lastLoadExpired = counts[1];
    if (!aofPreamble) {
      auxListener.accept(aux);
    }
    return fresh;
  }

  /**
   * redis's debugDelay for {@code key-load-delay}: that many microseconds; a negative value sleeps
   * 1 µs once in that many keys on average.
   */
  private void keyLoadDelay(int usec) {
    if (usec < 0) {
      usec = java.util.concurrent.ThreadLocalRandom.current().nextInt(-usec) == 0 ? 1 : 0;
    }
    if (usec > 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(usec * 1000L);
    }
  }

  /** Loads dir/dbfilename at startup if it exists; returns false (and logs one line) on failure. */
  public boolean loadAtStartup() {
    Path f = file();
    if (!Files.exists(f)) {
      return true;
    }
    long start = System.nanoTime();
    try {
      Keyspace loaded = load(f);
      core.swapInKeyspace(loaded);
      log.notice(
          String.format(
              java.util.Locale.ROOT,
              "Done loading RDB, keys loaded: %d, keys expired: %d.",
              lastLoadKeys,
              lastLoadExpired));
      log.notice(
          String.format(
              java.util.Locale.ROOT,
              "DB loaded from disk: %.3f seconds",
              (System.nanoTime() - start) / 1e9));
      return true;
    } catch (RdbFormatException e) {
      // The message already ends with "at offset N".
      log.warning("Fatal error loading the DB " + f + ": " + e.getMessage() + ". Exiting.");
      return false;
    } catch (IOException | RuntimeException e) {
      log.warning("Fatal error loading the DB " + f + ": " + e.getMessage() + ". Exiting.");
      return false;
    }
  }

  @Override
  public void info(StringBuilder sb) {
    long now = core.clock().currentTimeMillis();
    sb.append("loading:0\r\n");
    sb.append("async_loading:0\r\n");
    sb.append("current_cow_peak:0\r\n");
    sb.append("current_cow_size:0\r\n");
    sb.append("current_cow_size_age:0\r\n");
    sb.append("current_fork_perc:0.00\r\n");
    sb.append("current_save_keys_processed:0\r\n");
    sb.append("current_save_keys_total:0\r\n");
    sb.append("rdb_changes_since_last_save:").append(core.dirty()).append("\r\n");
    sb.append("rdb_bgsave_in_progress:").append(bgsaveInProgress ? 1 : 0).append("\r\n");
    sb.append("rdb_last_save_time:").append(lastSaveSeconds).append("\r\n");
    sb.append("rdb_last_bgsave_status:").append(lastBgsaveOk ? "ok" : "err").append("\r\n");
    sb.append("rdb_last_bgsave_time_sec:").append(lastBgsaveSeconds).append("\r\n");
    sb.append("rdb_current_bgsave_time_sec:")
        .append(bgsaveInProgress ? (now - bgsaveStartMs) / 1000 : -1)
        .append("\r\n");
    sb.append("rdb_saves:").append(saves).append("\r\n");
    sb.append("rdb_last_cow_size:0\r\n");
    sb.append("rdb_last_load_keys_expired:").append(lastLoadExpired).append("\r\n");
    sb.append("rdb_last_load_keys_loaded:").append(lastLoadKeys).append("\r\n");
    aofInfo.accept(sb);
  }

  private static void aofOffInfo(StringBuilder sb) {
    sb.append("aof_enabled:0\r\n");
    sb.append("aof_rewrite_in_progress:0\r\n");
    sb.append("aof_rewrite_scheduled:0\r\n");
    sb.append("aof_last_rewrite_time_sec:-1\r\n");
    sb.append("aof_current_rewrite_time_sec:-1\r\n");
    sb.append("aof_last_bgrewrite_status:ok\r\n");
    sb.append("aof_rewrites:0\r\n");
    sb.append("aof_rewrites_consecutive_failures:0\r\n");
    sb.append("aof_last_write_status:ok\r\n");
    sb.append("aof_last_cow_size:0\r\n");
    sb.append("module_fork_in_progress:0\r\n");
    sb.append("module_fork_last_cow_size:0\r\n");
  }

  /** Waits for the background writer to go idle and stops it (shutdown). */
  public void shutdown() {
    if (ownedBackground != null) {
      ownedBackground.shutdown();
    }
  }
}
