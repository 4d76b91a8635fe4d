package io.replicheck.server.core;

import io.replicheck.server.config.ConfigRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;

/**
 * The single-threaded command core: keyspace, command table, command execution (MULTI/EXEC,
 * WATCH, blocking, CLIENT PAUSE), lazy and active expiry, and propagation of applied writes. It
 * does no I/O: the network layer feeds it argument arrays through {@link #process} and reads
 * replies from each client's {@link io.replicheck.server.resp.ReplySink}; time comes from an injected
 * {@link Clock}; periodic work runs when the owner calls {@link #cron}. Every method must be called
 * on the one command thread ({@link #executor()} runs tasks there).
 *
 * <p>Hooks for other packages (replication):
 * <ol>
 *   <li>{@link #addPropagator}: write commands as applied, with their db ({@link Propagator}).</li>
 *   <li>{@link #commands()}{@code .register(...)}: extra commands, with flags; handlers get the
 *       {@link CommandContext} (client, keyspace, core).</li>
 *   <li>{@link Client#setKind} and {@link Client#connection()}: a command may take over its
 *       connection (a replica stream written raw through the network layer's connection object);
 *       {@link #newClient} with {@link ClientKind#MASTER} makes the master client whose commands
 *       {@link #process} applies without replies, allowed on a read-only replica.</li>
 *   <li>{@link #keyspace()}{@code .snapshot()} (point-in-time, copy-on-write), {@link
 *       #flushAllDbs}, {@link #swapInKeyspace} (load a full sync), {@link #setReplica} (replica
 *       mode: no expiry deletes, READONLY for normal clients' writes).</li>
 *   <li>{@link #info()} sections, {@link #configRegistry()} parameters, {@link #stats()},
 *       {@link #addCronHook} for periodic work, {@link #block}/{@link #unblock} for WAIT.</li>
 * </ol>
 */
public final class ServerCore {
  public static final String REDIS_VERSION = "7.0.15";

  final ServerConfig config;
  private final ConfigRegistry registry;
  private final Clock clock;
  private final Keyspace keyspace;
  private final CommandTable commands = new CommandTable();
  final Stats stats = new Stats();
  private final InfoRegistry info = new InfoRegistry();
  private final List<Propagator> propagators = new ArrayList<>();
  private final List<Runnable> cronHooks = new ArrayList<>();
  private final Map<Long, Client> clients = new LinkedHashMap<>();
  private long nextClientId = 1;
  private final SplittableRandom random;
  private Executor executor = Runnable::run;

  long dirty;
  private long cmdTime;
  private int callDepth;
  private Client currentClient;
  private final List<Object[]> pendingProps = new ArrayList<>(); // {Integer db, byte[][] argv}

  private Persistence persistence = Persistence.NONE;
  private final ServerInfo serverInfo = new ServerInfo();
  private java.util.function.Function<Boolean, String> shutdownHandler = save -> "ERR SHUTDOWN is not available";
  private final Map<String, CommandHandler> debugExtensions = new HashMap<>();

  // Replication state the core needs.
  private boolean replica;
  /** Replication's refusals (NOREPLICAS, MASTERDOWN): an error text, or null to go on. */
  private java.util.function.BiFunction<Client, CommandSpec, String> commandGate = (c, s) -> null;

  // Blocking on keys.
  private final Map<DbKey, ArrayDeque<Client>> blockingKeys = new HashMap<>();
  private final LinkedHashSet<DbKey> readyKeys = new LinkedHashSet<>();
  private final LinkedHashSet<Client> blockedClients = new LinkedHashSet<>();

  // WATCH.
  private final Map<DbKey, List<Client>> watchedKeys = new HashMap<>();

  // CLIENT PAUSE.
  private long pauseEndMs;
  private boolean pauseAll;
  private final ArrayDeque<Client> pausedClients = new ArrayDeque<>();

  // Active expiry cursor state.
  private int expireDbCursor;

  /** A key in a numbered db, as a map key. */
  record DbKey(int db, String key) {
    static DbKey of(int db, byte[] key) {
      return new DbKey(db, new String(key, StandardCharsets.ISO_8859_1));
    }

    byte[] bytes() {
      return key.getBytes(StandardCharsets.ISO_8859_1);
    }
  }

  public ServerCore(ServerConfig config, ConfigRegistry registry, Clock clock, long seed) {
    this.config = config;
    this.registry = registry;
    this.clock = clock;
    this.random = new SplittableRandom(seed);
    this.keyspace = new Keyspace(this, config.databases);
    this.cmdTime = clock.currentTimeMillis();
  }

  // ---------------------------------------------------------------- accessors and hooks

  public ServerConfig config() {
    return config;
  }

  public ConfigRegistry configRegistry() {
    return registry;
  }

  public Keyspace keyspace() {
    return keyspace;
  }

  public CommandTable commands() {
    return commands;
  }

  public Stats stats() {
    return stats;
  }

  public InfoRegistry info() {
    return info;
  }

  public Clock clock() {
    return clock;
  }

  public SplittableRandom random() {
    return random;
  }

  /** Runs tasks on the command thread (the network layer's event loop; direct in tests). */
  public Executor executor() {
    return executor;
  }

  public void setExecutor(Executor executor) {
    this.executor = executor;
  }

  public Persistence persistence() {
    return persistence;
  }

  public void setPersistence(Persistence p) {
    this.persistence = p;
  }

  public ServerInfo serverInfo() {
    return serverInfo;
  }

  /**
   * SHUTDOWN's action: called with null (default: save if save points are set), TRUE (SAVE) or
   * FALSE (NOSAVE); returns an error text, or does not return (the process exits).
   */
  public void setShutdownHandler(java.util.function.Function<Boolean, String> h) {
    this.shutdownHandler = h;
  }

  public String shutdown(Boolean save) {
    return shutdownHandler.apply(save);
  }

  /** Adds a DEBUG subcommand (lower-case name), e.g. replication's CHANGE-REPL-ID. */
  public void addDebugSubcommand(String name, CommandHandler h) {
    debugExtensions.put(name.toLowerCase(java.util.Locale.ROOT), h);
  }

  public CommandHandler debugSubcommand(String name) {
    return debugExtensions.get(name);
  }

  public void addPropagator(Propagator p) {
    propagators.add(p);
  }

  /** Runs on every {@link #cron} call (every 100 ms in the server). */
  public void addCronHook(Runnable r) {
    cronHooks.add(r);
  }

  public long dirty() {
    return dirty;
  }

  public void resetDirty() {
    dirty = 0;
  }

  /** Sets the count of changes since the last save (after a save, the changes made during it). */
  public void setDirty(long d) {
    dirty = Math.max(0, d);
  }

  /** Replica mode: keys are not expired here (the master's DEL is), normal clients may not write when read-only. */
  public void setReplica(boolean replica) {
    this.replica = replica;
  }

  public boolean isReplica() {
    return replica;
  }

  /** Installs replication's per-command refusals (min-replicas-to-write, replica-serve-stale-data). */
  public void setCommandGate(java.util.function.BiFunction<Client, CommandSpec, String> gate) {
    this.commandGate = gate;
  }

  /** The time commands see: fixed for the duration of one top-level command or EXEC. */
  public long now() {
    return callDepth > 0 ? cmdTime : clock.currentTimeMillis();
  }

  public Client currentClient() {
    return currentClient;
  }

  // ---------------------------------------------------------------- clients

  public Client newClient(ClientConnection conn, ClientKind kind) {
    Client c = new Client(nextClientId++, conn, clock.currentTimeMillis());
    c.kind = kind;
    c.authenticated = config.requirepass.isEmpty() || kind == ClientKind.MASTER;
    clients.put(c.id, c);
    stats.totalConnectionsReceived++;
    return c;
  }

  public Collection<Client> clients() {
    return List.copyOf(clients.values());
  }

  public Client client(long id) {
    return clients.get(id);
  }

  public int clientCount() {
    return clients.size();
  }

  /** The client's connection went away: drop its blocking, watch and pause state. */
  public void clientClosed(Client c) {
    if (c.closed) {
      return;
    }
    c.closed = true;
    if (c.blocker != null) {
      Blocker b = c.blocker;
      removeBlocked(c);
      b.onUnblock(c);
    }
    unwatchAll(c);
    clients.remove(c.id);
  }

  /** Requests a client be closed (CLIENT KILL): closes the transport, which reports back via clientClosed. */
  public void killClient(Client c) {
    c.conn.close();
    clientClosed(c);
  }

  // ---------------------------------------------------------------- command processing

  /**
   * Processes one request from a client (processCommand): lookup, arity, auth, MULTI queueing,
   * read-only replica and CLIENT PAUSE checks, then execution and propagation.
   */
  public void process(Client c, byte[][] argv) {
    if (argv.length == 0 || c.closed) {
      return;
    }
    if (c.blocker != null) {
      throw new IllegalStateException("command for a blocked client");
    }
    long now = clock.currentTimeMillis();
    c.lastInteraction = now;
    c.skipCurrent = c.skipNext;
    c.skipNext = false;
    CommandSpec spec = commands.lookup(argv[0]);
    if (spec == null) {
      StringBuilder args = new StringBuilder();
      for (int i = 1; i < argv.length && args.length() < 128; i++) {
        String a = new String(argv[i], StandardCharsets.UTF_8);
        int room = 128 - args.length();
        args.append('\'').append(a, 0, Math.min(a.length(), room)).append("' ");
      }
      String name = new String(argv[0], StandardCharsets.UTF_8);
      reject(c, "ERR unknown command '" + (name.length() > 128 ? name.substring(0, 128) : name)
          + "', with args beginning with: " + args);
      return;
    }
    if ((spec.arity() > 0 && argv.length != spec.arity()) || argv.length < -spec.arity()) {
      reject(c, "ERR wrong number of arguments for '" + spec.name() + "' command");
      return;
    }
    if (!c.authenticated && !spec.has(CommandFlag.NO_AUTH)) {
      reject(c, "NOAUTH Authentication required.");
      return;
    }
    if (c.inMulti && spec.has(CommandFlag.NO_MULTI)) {
      reject(c, "ERR Command not allowed inside a transaction");
      return;
    }
    if (replica && config.replicaReadOnly && c.kind != ClientKind.MASTER && spec.isWrite()) {
      reject(c, "READONLY You can't write against a read only replica.");
      return;
    }
    String refused = commandGate.apply(c, spec);
    if (refused != null) {
      reject(c, refused);
      return;
    }
    if (c.inMulti && !isMultiControl(spec.name())) {
      c.queued.add(argv);
      c.reply().simple("QUEUED");
      return;
    }
    if (isPausedFor(c, spec, now)) {
      c.blocker = new PauseBlocker(argv);
      pausedClients.add(c);
      return;
    }
    runTopLevel(c, spec, argv, -1);
  }

  private static boolean isMultiControl(String name) {
    return switch (name) {
      case "exec", "discard", "multi", "watch", "quit", "reset" -> true;
      default -> false;
    };
  }

  private void reject(Client c, String error) {
    stats.totalErrorReplies++;
    if (c.inMulti) {
      c.multiError = true;
    }
    c.reply().error(error);
  }

  private void runTopLevel(Client c, CommandSpec spec, byte[][] argv, long rerunTimeoutAt) {
    cmdTime = clock.currentTimeMillis();
    Client prev = currentClient;
    currentClient = c;
    callDepth++;
    try {
      CommandContext ctx = new CommandContext(this, c, spec, argv, false);
      ctx.rerunTimeoutAt = rerunTimeoutAt;
      call(ctx);
    } finally {
      callDepth--;
      currentClient = prev;
    }
    if (callDepth == 0) {
      flushPropagation();
      handleClientsBlockedOnKeys();
    }
  }

  /** Executes a command (also each command of EXEC); collects what to propagate. */
  void call(CommandContext ctx) {
    long dirtyBefore = dirty;
    Client c = ctx.client();
    int dbAtStart = c.db;
    c.lastCommand = ctx.spec().name();
    try {
      ctx.spec().handler().execute(ctx);
    } catch (RuntimeException e) {
      // A bug in a handler must not take the server down: answer like redis would on an assertion.
      stats.totalErrorReplies++;
      stats.unexpectedErrorReplies++;
      c.reply().error("ERR internal error executing '" + ctx.spec().name() + "': " + e);
      e.printStackTrace();
    }
    stats.totalCommandsProcessed++;
    if (dirty != dirtyBefore && !ctx.noPropagate && c.kind != ClientKind.MASTER) {
      pendingProps.add(new Object[] {dbAtStart, ctx.propagateArgv != null ? ctx.propagateArgv : ctx.argv()});
    }
  }

  /** Runs a queued command inside EXEC. */
  public void callInExec(Client c, CommandSpec spec, byte[][] argv) {
    call(new CommandContext(this, c, spec, argv, true));
  }

  public void alsoPropagate(int db, byte[][] argv) {
    if (currentClient != null && currentClient.kind == ClientKind.MASTER) {
      return;
    }
    pendingProps.add(new Object[] {db, argv});
  }

  private static final byte[][] MULTI = {"MULTI".getBytes(StandardCharsets.US_ASCII)};
  private static final byte[][] EXEC = {"EXEC".getBytes(StandardCharsets.US_ASCII)};

  /** Emits what the last top-level call applied: one command alone, several inside MULTI/EXEC. */
  void flushPropagation() {
    if (pendingProps.isEmpty()) {
      return;
    }
    if (propagators.isEmpty()) {
      pendingProps.clear();
      return;
    }
    List<Object[]> ops = new ArrayList<>(pendingProps);
    pendingProps.clear();
    int firstDb = (Integer) ops.get(0)[0];
    if (ops.size() > 1) {
      emit(firstDb, MULTI);
    }
    for (Object[] op : ops) {
      emit((Integer) op[0], (byte[][]) op[1]);
    }
    if (ops.size() > 1) {
      // As propagatePendingCommands: MULTI takes the first command's db, EXEC the last one's.
      emit((Integer) ops.get(ops.size() - 1)[0], EXEC);
    }
  }

  private void emit(int db, byte[][] argv) {
    for (Propagator p : propagators) {
      p.propagate(db, argv);
    }
  }

  // ---------------------------------------------------------------- expiry

  /**
   * Lazy expiry (expireIfNeeded): true if the key is logically expired. On a master the key is
   * deleted and a DEL propagated; on a replica (or while writes are paused) it is only reported
   * expired, and the master client sees it as existing.
   */
  boolean expireIfNeeded(Db db, byte[] key, RObject o) {
    if (o.expireAt < 0 || now() <= o.expireAt) {
      return false;
    }
    if (currentClient != null && currentClient.kind == ClientKind.MASTER) {
      return false;
    }
    if (replica || writesPaused()) {
      return true;
    }
    deleteExpiredKey(db, key);
    return true;
  }

  private void deleteExpiredKey(Db db, byte[] key) {
    db.delete(key);
    stats.expiredKeys++;
    alsoPropagateDel(db.id, key);
    signalModifiedKey(db.id, key);
  }

  private void alsoPropagateDel(int db, byte[] key) {
    pendingProps.add(new Object[] {db, new byte[][] {"DEL".getBytes(StandardCharsets.US_ASCII), key}});
  }

  /**
   * One active expiry cycle (activeExpireCycle, slow): samples up to 20 keys with a TTL per db,
   * deletes the expired ones, repeats while more than a quarter of a sample was expired, within a
   * time budget. Not on replicas (they wait for the master's DEL) nor while writes are paused.
   */
  public void activeExpireCycle() {
    if (!config.activeExpireEnabled || replica || writesPaused()) {
      return;
    }
    long start = clock.currentTimeMillis();
    long now = start;
    int dbs = keyspace.count();
    for (int n = 0; n < dbs; n++) {
      Db db = keyspace.db(expireDbCursor);
      expireDbCursor = (expireDbCursor + 1) % dbs;
      int iterations = 0;
      while (db.expires.size() > 0) {
        int sample = Math.min(20, db.expires.size());
        int expired = 0;
        for (int i = 0; i < sample; i++) {
          Dict.Entry<Boolean> e = db.expires.randomEntry(random);
          byte[] key = e.key();
          RObject o = db.dict.get(key);
          if (o != null && o.expireAt >= 0 && now > o.expireAt) {
            deleteExpiredKey(db, key);
            flushPropagation();
            expired++;
          }
        }
        iterations++;
        if (expired * 4 <= sample || (iterations % 16 == 0 && clock.currentTimeMillis() - start > 25)) {
          break;
        }
      }
    }
    handleClientsBlockedOnKeys();
  }

  // ---------------------------------------------------------------- cron

  /** Periodic work (serverCron): timeouts, pauses, active expiry, hooks. Call every 100 ms. */
  public void cron() {
    long now = clock.currentTimeMillis();
    stats.sample(now);
    checkBlockedTimeouts(now);
    checkPause(now);
    if (config.timeout > 0) {
      for (Client c : clients()) {
        if (c.kind == ClientKind.NORMAL && c.blocker == null
            && now - c.lastInteraction > config.timeout * 1000L) {
          killClient(c);
        }
      }
    }
    activeExpireCycle();
    persistence.cron();
    for (Runnable r : cronHooks) {
      r.run();
    }
  }

  /** Checks blocked-client timeouts and pause expiry only (cheap; call often, e.g. every 10 ms). */
  public void fastCron() {
    long now = clock.currentTimeMillis();
    checkBlockedTimeouts(now);
    checkPause(now);
  }

  private void checkBlockedTimeouts(long now) {
    if (blockedClients.isEmpty()) {
      return;
    }
    for (Client c : List.copyOf(blockedClients)) {
      Blocker b = c.blocker;
      if (b != null && b.timeoutAt > 0 && now >= b.timeoutAt) {
        b.onTimeout(c);
        unblock(c);
      }
    }
  }

  // ---------------------------------------------------------------- blocking

  /** Blocks a client; its later pipelined commands wait until {@link #unblock}. */
  public void block(Client c, Blocker b) {
    c.blocker = b;
    blockedClients.add(c);
  }

  /** Unblocks a client (after its reply was written) and lets it run queued commands. */
  public void unblock(Client c) {
    Blocker b = c.blocker;
    if (b == null) {
      return;
    }
    removeBlocked(c);
    b.onUnblock(c);
    c.conn.flushSoon();
    c.conn.unblocked();
  }

  private void removeBlocked(Client c) {
    Blocker b = c.blocker;
    c.blocker = null;
    blockedClients.remove(c);
    if (b instanceof KeyBlocker kb) {
      for (byte[] k : kb.keys) {
        DbKey dk = DbKey.of(kb.db, k);
        ArrayDeque<Client> q = blockingKeys.get(dk);
        if (q != null) {
          q.remove(c);
          if (q.isEmpty()) {
            blockingKeys.remove(dk);
          }
        }
      }
    } else if (b instanceof PauseBlocker) {
      pausedClients.remove(c);
    }
  }

  public int blockedClientCount() {
    return blockedClients.size();
  }

  /** Blocks the client of ctx on list keys until one is pushed to or the timeout (0 = none). */
  public void blockForKeys(CommandContext ctx, List<byte[]> keys, long timeoutAt, boolean nullArrayOnTimeout) {
    long t = ctx.rerunTimeoutAt >= 0 ? ctx.rerunTimeoutAt : timeoutAt;
    Client c = ctx.client();
    KeyBlocker kb = new KeyBlocker(t, c.db, keys, ctx.spec(), ctx.argv(), nullArrayOnTimeout);
    block(c, kb);
    for (byte[] k : keys) {
      blockingKeys.computeIfAbsent(DbKey.of(c.db, k), x -> new ArrayDeque<>()).add(c);
    }
  }

  public void signalKeyAsReady(int db, byte[] key) {
    if (blockingKeys.isEmpty()) {
      return;
    }
    DbKey dk = DbKey.of(db, key);
    if (blockingKeys.containsKey(dk)) {
      readyKeys.add(dk);
    }
  }

  /** Serves clients blocked on keys that received data, first come first served. */
  void handleClientsBlockedOnKeys() {
    while (!readyKeys.isEmpty()) {
      List<DbKey> ready = new ArrayList<>(readyKeys);
      readyKeys.clear();
      for (DbKey rk : ready) {
        ArrayDeque<Client> q = blockingKeys.get(rk);
        if (q == null) {
          continue;
        }
        int waiting = q.size();
        while (waiting-- > 0 && !q.isEmpty()) {
          RObject o = keyspace.db(rk.db()).dict.get(rk.bytes());
          if (!(o instanceof RList l) || l.size() == 0) {
            break;
          }
          Client c = q.peekFirst();
          KeyBlocker kb = (KeyBlocker) c.blocker;
          removeBlocked(c);
          runTopLevel(c, kb.spec, kb.argv, kb.timeoutAt);
          if (c.blocker == null) {
            c.conn.flushSoon();
            c.conn.unblocked();
          }
        }
      }
    }
  }

  /** A client blocked by BLPOP and friends. */
  final class KeyBlocker extends Blocker {
    final int db;
    final List<byte[]> keys;
    final CommandSpec spec;
    final byte[][] argv;
    final boolean nullArray;

    KeyBlocker(long timeoutAt, int db, List<byte[]> keys, CommandSpec spec, byte[][] argv, boolean nullArray) {
      super(timeoutAt);
      this.db = db;
      this.keys = keys;
      this.spec = spec;
      this.argv = argv;
      this.nullArray = nullArray;
    }

    @Override
    public void onTimeout(Client c) {
      if (nullArray) {
        c.reply().nullArray();
      } else {
        c.reply().nullBulk();
      }
    }
  }

  /** A client whose command waits for CLIENT PAUSE to end. */
  final class PauseBlocker extends Blocker {
    final byte[][] argv;

    PauseBlocker(byte[][] argv) {
      super(0);
      this.argv = argv;
    }

    @Override
    public void onTimeout(Client c) {}
  }

  // ---------------------------------------------------------------- CLIENT PAUSE

  /** CLIENT PAUSE: until {@code endMs}, all commands (all=true) or only writes wait. */
  public void pause(long endMs, boolean all) {
    pauseEndMs = endMs;
    pauseAll = all;
  }

  public void unpause() {
    pauseEndMs = 0;
    resumePaused();
  }

  public boolean writesPaused() {
    return pauseEndMs > clock.currentTimeMillis();
  }

  private boolean isPausedFor(Client c, CommandSpec spec, long now) {
    if (pauseEndMs <= now || c.kind != ClientKind.NORMAL) {
      return false;
    }
    if (pauseAll) {
      return true;
    }
    if (spec.isWrite() || spec.has(CommandFlag.MAY_REPLICATE)) {
      return true;
    }
    if (spec.name().equals("exec") && c.queued != null) {
      for (byte[][] q : c.queued) {
        CommandSpec s = commands.lookup(q[0]);
        if (s != null && s.isWrite()) {
          return true;
        }
      }
    }
    return false;
  }

  private void checkPause(long now) {
    if (!pausedClients.isEmpty() && pauseEndMs <= now) {
      resumePaused();
    }
  }

  private void resumePaused() {
    List<Client> waiting = new ArrayList<>(pausedClients);
    pausedClients.clear();
    for (Client c : waiting) {
      if (!(c.blocker instanceof PauseBlocker pb)) {
        continue;
      }
      removeBlocked(c);
      process(c, pb.argv);
      if (c.blocker == null) {
        c.conn.flushSoon();
        c.conn.unblocked();
      }
    }
  }

  // ---------------------------------------------------------------- WATCH

  public void watch(Client c, byte[] key) {
    for (Client.Watched w : c.watched) {
      if (w.db() == c.db && java.util.Arrays.equals(w.key(), key)) {
        return;
      }
    }
    Db db = keyspace.db(c.db);
    RObject o = db.dict.get(key);
    boolean expired = o != null && o.expireAt >= 0 && now() > o.expireAt;
    c.watched.add(new Client.Watched(c.db, key, expired));
    watchedKeys.computeIfAbsent(DbKey.of(c.db, key), k -> new ArrayList<>()).add(c);
  }

  public void unwatchAll(Client c) {
    for (Client.Watched w : c.watched) {
      DbKey dk = DbKey.of(w.db(), w.key());
      List<Client> l = watchedKeys.get(dk);
      if (l != null) {
        l.remove(c);
        if (l.isEmpty()) {
          watchedKeys.remove(dk);
        }
      }
    }
    c.watched.clear();
    c.watchDirty = false;
  }

  /** signalModifiedKey: invalidates WATCHes of the key. */
  public void signalModifiedKey(int db, byte[] key) {
    if (watchedKeys.isEmpty()) {
      return;
    }
    List<Client> l = watchedKeys.get(DbKey.of(db, key));
    if (l == null) {
      return;
    }
    boolean gone = !keyspace.db(db).dict.containsKey(key);
    for (Client c : l) {
      // As redis 7.0's touchWatchedKey: a key already expired when watched whose deletion is
      // all that happened is logically unchanged (the flag is cleared for next time).
      List<Client.Watched> ws = c.watched;
      boolean skip = false;
      for (int i = 0; i < ws.size(); i++) {
        Client.Watched w = ws.get(i);
        if (w.db() == db && java.util.Arrays.equals(w.key(), key) && w.expiredAtWatch()) {
          if (gone) {
            ws.set(i, new Client.Watched(db, w.key(), false));
            skip = true;
          }
          break;
        }
      }
      if (!skip) {
        c.watchDirty = true;
      }
    }
  }

  /** touchAllWatchedKeysInDb: watched keys that exist in either db are invalidated. */
  public void touchAllWatchedKeysInDb(int emptied, int replacedWith) {
    if (watchedKeys.isEmpty()) {
      return;
    }
    for (Map.Entry<DbKey, List<Client>> e : watchedKeys.entrySet()) {
      DbKey dk = e.getKey();
      if (dk.db() != emptied) {
        continue;
      }
      byte[] k = dk.bytes();
      boolean exists = keyspace.db(emptied).dict.containsKey(k)
          || (replacedWith >= 0 && keyspace.db(replacedWith).dict.containsKey(k));
      if (exists) {
        for (Client c : e.getValue()) {
          c.watchDirty = true;
        }
      }
    }
  }

  /** True if EXEC must fail: a watched key changed, or expired since WATCH. */
  public boolean watchFailed(Client c) {
    if (c.watchDirty) {
      return true;
    }
    for (Client.Watched w : c.watched) {
      if (w.expiredAtWatch()) {
        continue;
      }
      RObject o = keyspace.db(w.db()).dict.get(w.key());
      if (o != null && o.expireAt >= 0 && now() > o.expireAt) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- dataset-wide operations

  /** FLUSHALL: empties every db (WATCHes of existing keys invalidated). */
  public void flushAllDbs() {
    for (int i = 0; i < keyspace.count(); i++) {
      touchAllWatchedKeysInDb(i, -1);
    }
    keyspace.flushAll();
  }

  public void flushDb(int db) {
    touchAllWatchedKeysInDb(db, -1);
    keyspace.db(db).clear();
  }

  /** SWAPDB. */
  public void swapDb(int a, int b) {
    touchAllWatchedKeysInDb(a, b);
    touchAllWatchedKeysInDb(b, a);
    keyspace.db(a).swapContents(keyspace.db(b));
    for (DbKey dk : blockingKeys.keySet()) {
      if ((dk.db() == a || dk.db() == b) && keyspace.db(dk.db()).dict.get(dk.bytes()) instanceof RList) {
        readyKeys.add(dk);
      }
    }
  }

  /**
   * Replaces the whole dataset with a loaded one (startup load, DEBUG RELOAD, replica full sync);
   * build it with {@link Keyspace#emptyCopy} and {@link Keyspace#load}.
   */
  public void swapInKeyspace(Keyspace loaded) {
    for (int i = 0; i < keyspace.count(); i++) {
      touchAllWatchedKeysInDb(i, -1);
    }
    keyspace.replaceAll(loaded);
    for (DbKey dk : blockingKeys.keySet()) {
      if (keyspace.db(dk.db()).dict.get(dk.bytes()) instanceof RList) {
        readyKeys.add(dk);
      }
    }
    handleClientsBlockedOnKeys();
  }

  /** Random key of a db, skipping (and on a master deleting) expired ones; null if empty. */
  public byte[] randomKey(Db db) {
    for (int tries = 0; tries < 100 && db.dict.size() > 0; tries++) {
      Dict.Entry<RObject> e = db.dict.randomEntry(random);
      RObject o = e.value();
      if (o.expireAt >= 0 && expireIfNeeded(db, e.key(), o)) {
        if (replica && tries > 50) {
          return e.key();
        }
        continue;
      }
      return e.key();
    }
    return null;
  }

  /** Iterates clients in id order. */
  public Iterator<Client> clientIterator() {
    return clients().iterator();
  }
}
