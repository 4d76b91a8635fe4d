package io.replicheck.server.core;

import io.replicheck.server.config.ConfigRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;

/**
 * The single-threaded command core: clients, the command table and command execution
 * (processCommand and call, MULTI queueing, EXEC's commands), cron, and dataset-wide operations.
 * Its other concerns are rooms of their own, reached from here: {@link Expiry} (lazy and active
 * expiry), {@link Watches} (WATCH for MULTI/EXEC), {@link Blocking} (clients blocked on keys or by
 * WAIT), {@link ClientPause}, {@link Propagation} (applied writes to replicas) and {@link PubSub}
 * (subscriptions and delivery). It does no I/O: the network layer feeds it argument arrays through
 * {@link #process} and reads replies from each client's {@link
 * io.replicheck.server.resp.ReplySink}; time comes from an injected {@link Clock}; periodic work
 * runs when the owner calls {@link #cron}. Every method must be called on the one command thread
 * ({@link #executor()} runs tasks there).
 *
 * <p>Hooks for other packages (replication):
 *
 * <ol>
 *   <li>{@link #propagation()}{@code .addPropagator}: write commands as applied, with their db
 *       ({@link Propagator}).
 *   <li>{@link #commands()}{@code .register(...)}: extra commands, with flags; handlers get the
 *       {@link CommandContext} (client, keyspace, core).
 *   <li>{@link Client#setKind} and {@link Client#connection()}: a command may take over its
 *       connection (a replica stream written raw through the network layer's connection object);
 *       {@link #newClient} with {@link ClientKind#MASTER} makes the master client whose commands
 *       {@link #process} applies without replies, allowed on a read-only replica.
 *   <li>{@link #keyspace()}{@code .snapshot()} (point-in-time, copy-on-write), {@link
 *       #flushAllDbs}, {@link #swapInKeyspace} (load a full sync), {@link #setReplica} (replica
 *       mode: no expiry deletes, READONLY for normal clients' writes).
 *   <li>{@link #info()} sections, {@link #configRegistry()} parameters, {@link #stats()}, {@link
 *       #addCronHook} for periodic work, {@link #blocking()} for WAIT.
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
  private final List<Runnable> cronHooks = new ArrayList<>();
  private final List<Runnable> datasetReplacedHooks = new ArrayList<>();
  private final Map<Long, Client> clients = new LinkedHashMap<>();
  private long nextClientId = 1;
  private final SplittableRandom random;
  private Executor executor = Runnable::run;

  long dirty;
  private long cmdTime;
  private int callDepth;
  private Client currentClient;

  /** The command the current client runs (EVAL for a script's commands): tracking's keys. */
  private CommandContext callerCtx;

  private Persistence persistence = Persistence.NONE;
  private final ServerInfo serverInfo = new ServerInfo();
  private java.util.function.Function<Boolean, String> shutdownHandler =
      save -> "ERR SHUTDOWN is not available";
  private final Map<String, CommandHandler> debugExtensions = new HashMap<>();

  // Replication state the core needs.
  private boolean replica;

  /** Replication's hook for a blank line from a replica (a keepalive while it loads). */
  private java.util.function.Consumer<Client> replicaNewline = c -> {};

  /** Replication's refusals (NOREPLICAS, MASTERDOWN): an error text, or null to go on. */
  private java.util.function.BiFunction<Client, CommandSpec, String> commandGate = (c, s) -> null;

  // The rooms of the core, one concern each.
  private final Propagation propagation;
  private final Expiry expiry;
  private final Blocking blocking;
  private final ClientPause clientPause;
  private final Tracking tracking;
  private final Monitors monitors;
  private final Watches watches;
  private final PubSub pubSub;
  private final Eviction eviction = new Eviction(this);

  public ServerCore(ServerConfig config, ConfigRegistry registry, Clock clock, long seed) {
    this.config = config;
    this.registry = registry;
    this.clock = clock;
    this.random = new SplittableRandom(seed);
    this.propagation = new Propagation(this);
    this.expiry = new Expiry(this);
    this.blocking = new Blocking(this);
    this.clientPause = new ClientPause(this);
    this.tracking = new Tracking(this);
    this.monitors = new Monitors(clock);
    this.watches = new Watches(this);
    this.pubSub = new PubSub(this);
    this.keyspace = new Keyspace(this, config.databases);
    this.cmdTime = clock.currentTimeMillis();
    // CONFIG SET maxmemory below the used memory evicts at once, not at the next write (redis's
    // updateMaxmemory calls performEvictions)
    config.maxmemory.onSet(eviction::performEvictions);
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

  /** Propagation of applied writes to replicas (and anything else that listens). */
  public Propagation propagation() {
    return propagation;
  }

  /** Lazy and active expiry. */
  public Expiry expiry() {
    return expiry;
  }

  /** Clients blocked on keys (BLPOP) or by other packages (WAIT). */
  public Blocking blocking() {
    return blocking;
  }

  /** CLIENT PAUSE. */
  /** Clients in MONITOR mode. */
  public Monitors monitors() {
    return monitors;
  }

  /** Client-side caching: tracking modes, the tracking table, invalidation messages. */
  public Tracking tracking() {
    return tracking;
  }

  public ClientPause clientPause() {
    return clientPause;
  }

  /** WATCH for MULTI/EXEC. */
  public Watches watches() {
    return watches;
  }

  /** maxmemory: used memory, eviction, the LRU/LFU access clock. */
  public Eviction eviction() {
    return eviction;
  }

  /** Pub/sub subscriptions and delivery. */
  public PubSub pubSub() {
    return pubSub;
  }

  /** Runs on every {@link #cron} call (every 100 ms in the server). */
  public void addCronHook(Runnable r) {
    cronHooks.add(r);
  }

  /**
   * Runs after {@link #swapInKeyspace} replaced the dataset (load, full sync): the script package
   * recompiles the function libraries that came with it.
   */
  public void addDatasetReplacedHook(Runnable r) {
    datasetReplacedHooks.add(r);
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

  /**
   * Replica mode: keys are not expired here (the master's DEL is), normal clients may not write
   * when read-only.
   */
  public void setReplica(boolean replica) {
    this.replica = replica;
  }

  public boolean isReplica() {
    return replica;
  }

  /**
   * Installs replication's per-command refusals (min-replicas-to-write, replica-serve-stale-data).
   */
  public void setCommandGate(java.util.function.BiFunction<Client, CommandSpec, String> gate) {
    this.commandGate = gate;
  }

  /**
   * A blank request line: nothing to run, but from a replica it is the keepalive a replica sends
   * while it loads a snapshot, which redis counts as an ACK (processInlineBuffer).
   */
  public void blankRequest(Client c) {
    if (c.kind() == ClientKind.REPLICA) {
      replicaNewline.accept(c);
    }
  }

  /** Installs replication's handling of a replica's keepalive newline ({@link #blankRequest}). */
  public void setReplicaNewlineHandler(java.util.function.Consumer<Client> handler) {
    this.replicaNewline = handler;
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
      blocking.removeBlocked(c);
      b.onUnblock(c);
    }
    watches.unwatchAll(c);
    pubSub.forget(c);
    monitors.remove(c);
    tracking.disable(c);
    clients.remove(c.id);
  }

  /**
   * Requests a client be closed (CLIENT KILL): closes the transport, which reports back via
   * clientClosed.
   */
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
    // as redis's processCommand: the last command is the one looked up, refused or not
    if (spec != null) c.lastCommand = spec.name();
    if (spec == null) {
      StringBuilder args = new StringBuilder();
      for (int i = 1; i < argv.length && args.length() < 128; i++) {
        String a = new String(argv[i], StandardCharsets.UTF_8);
        int room = 128 - args.length();
        args.append('\'').append(a, 0, Math.min(a.length(), room)).append("' ");
      }
      String name = new String(argv[0], StandardCharsets.UTF_8);
      reject(
          c,
          "ERR unknown command '"
              + (name.length() > 128 ? name.substring(0, 128) : name)
              + "', with args beginning with: "
              + args);
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
    if (eviction.refuses(c, spec)) {
      reject(c, Eviction.OOM);
      return;
    }
    if (tracking.trackingClients() > 0) {
      tracking.limitUsedSlots(c);
    }
    if (replica && config.replicaReadOnly && c.kind != ClientKind.MASTER && spec.isWrite()) {
      reject(c, "READONLY You can't write against a read only replica.");
      return;
    }
    if (c.pubsubMode && c.protocol == 2 && !allowedWhenSubscribed(spec.name())) {
      reject(
          c,
          "ERR Can't execute '"
              + fullName(spec, argv)
              + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in"
              + " this context");
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
    if (clientPause.isPausedFor(c, spec, now)) {
      clientPause.hold(c, argv);
      return;
    }
    runTopLevel(c, spec, argv, -1);
  }

  /** What a RESP2 client in subscribed mode may send (processCommand's pub/sub context). */
  private static boolean allowedWhenSubscribed(String name) {
    return switch (name) {
      case "ping",
          "subscribe",
          "ssubscribe",
          "unsubscribe",
          "sunsubscribe",
          "psubscribe",
          "punsubscribe",
          "quit",
          "reset" ->
          true;
      default -> false;
    };
  }

  /** A command's full name as redis 7.0 names it in errors: container|subcommand. */
  static String fullName(CommandSpec spec, byte[][] argv) {
    boolean container =
        switch (spec.name()) {
          case "client",
              "config",
              "command",
              "pubsub",
              "object",
              "memory",
              "script",
              "function",
              "xinfo",
              "xgroup",
              "latency",
              "slowlog",
              "acl",
              "cluster",
              "module" ->
              true;
          default -> false;
        };
    if (!container || argv.length < 2) {
      return spec.name();
    }
    return spec.name()
        + "|"
        + new String(argv[1], StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
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

  void runTopLevel(Client c, CommandSpec spec, byte[][] argv, long rerunTimeoutAt) {
    cmdTime = clock.currentTimeMillis();
    Client prev = currentClient;
    currentClient = c;
    callDepth++;
    try {
      CommandContext ctx = new CommandContext(this, c, spec, argv, false);
      ctx.rerunTimeoutAt = rerunTimeoutAt;
      call(ctx);
      // As redis's resetClient: any CLIENT subcommand keeps CLIENT CACHING's flag for the next.
      tracking.commandDone(c, spec.name().equals("client"));
    } finally {
      callDepth--;
      currentClient = prev;
    }
    if (callDepth == 0) {
      propagation.flush();
      blocking.handleClientsBlockedOnKeys();
      tracking.flushPending();
    }
  }

  /** Executes a command (also each command of EXEC); collects what to propagate. */
  void call(CommandContext ctx) {
    long dirtyBefore = dirty;
    Client c = ctx.client();
    int dbAtStart = c.db;
    c.lastCommand = ctx.spec().name();
    monitors.beforeCall(c, dbAtStart, ctx.spec(), ctx.argv());
    CommandContext outerCaller = callerCtx;
    if (c == currentClient) {
      callerCtx = ctx;
    }
    try {
      ctx.spec().handler().execute(ctx);
    } catch (RuntimeException e) {
      // A bug in a handler must not take the server down: answer like redis would on an assertion.
      stats.totalErrorReplies++;
      stats.unexpectedErrorReplies++;
      c.reply().error("ERR internal error executing '" + ctx.spec().name() + "': " + e);
      e.printStackTrace();
    } finally {
      callerCtx = outerCaller;
    }
    stats.totalCommandsProcessed++;
    if (CommandKeys.readOnly(ctx.spec(), ctx.argv())
        && !readOnlyScript(ctx.spec().name())
        && !ctx.isRerun()) {
      // The keys a tracking client read; a script's read counts its caller's command (as redis
      // 7.0's call(): the caller's argv). A served blocked read was remembered when it blocked.
      CommandContext keysOf = c == currentClient || callerCtx == null ? ctx : callerCtx;
      tracking.rememberKeys(
          currentClient != null ? currentClient : c, keysOf.spec(), keysOf.argv());
    }
    if (!ctx.isRerun()) {
      monitors.afterCall(c, c.db, ctx.spec(), ctx.argv());
    }
    // changes made: a save resets the count (SAVE, SHUTDOWN SAVE), which is not a change, so
    // those are not propagated (redis's call() clamps a negative dirty delta to 0)
    boolean changed =
        dirty > dirtyBefore || dirty != dirtyBefore && propagation.injected("propagate-save");
    if ((changed || ctx.forcePropagate)
        && !ctx.noPropagate
        // the injected bug: a pop served to a blocked client (a re-run) is not propagated
        && !(ctx.rerunTimeoutAt >= 0 && propagation.injected("served-pop-not-propagated"))) {
      byte[][] argv = ctx.propagateArgv != null ? ctx.propagateArgv : ctx.argv();
      if (c.kind != ClientKind.MASTER) {
        propagation.add(dbAtStart, argv);
      } else {
        propagation.addFromMaster(dbAtStart, argv); // for the AOF only
      }
    }
  }

  private static boolean readOnlyScript(String name) {
    return name.equals("eval_ro") || name.equals("evalsha_ro") || name.equals("fcall_ro");
  }

  /** Runs a queued command inside EXEC. */
  public void callInExec(Client c, CommandSpec spec, byte[][] argv) {
    call(new CommandContext(this, c, spec, argv, true));
  }

  /**
   * A client for scripts' {@code redis.call} (redis's Lua client): authenticated, not listed among
   * the clients; its replies go to {@code conn}'s sink.
   */
  public Client newScriptClient(ClientConnection conn) {
    Client c = new Client(nextClientId++, conn, clock.currentTimeMillis());
    c.authenticated = true;
    return c;
  }

  /**
   * Runs one command of a script (redis.call) through the command table as a client's command runs:
   * its changes are propagated (unless {@code propagate} is false: redis.set_repl, or a script run
   * by the master link) and collected with the rest of the calling command, so that several become
   * one MULTI/EXEC. Blocking commands do not block (as inside EXEC).
   */
  public void callFromScript(
      Client scriptClient, CommandSpec spec, byte[][] argv, boolean propagate) {
    CommandContext ctx = new CommandContext(this, scriptClient, spec, argv, true);
    ctx.noPropagate = !propagate;
    call(ctx);
  }

  // ---------------------------------------------------------------- cron

  /** Periodic work (serverCron): timeouts, pauses, active expiry, hooks. Call every 100 ms. */
  public void cron() {
    long now = clock.currentTimeMillis();
    stats.sample(now);
    blocking.checkTimeouts(now);
    clientPause.check(now);
    if (config.timeout > 0) {
      for (Client c : clients()) {
        if (c.kind == ClientKind.NORMAL
            && c.blocker == null
            && now - c.lastInteraction > config.timeout * 1000L) {
          killClient(c);
        }
      }
    }
    pubSub.cron(now);
    if (tracking.trackingClients() > 0) {
      tracking.limitUsedSlots(null);
    }
    expiry.activeExpireCycle();
    persistence.cron();
    for (Runnable r : cronHooks) {
      r.run();
    }
  }

  /** Checks blocked-client timeouts and pause expiry only (cheap; call often, e.g. every 10 ms). */
  public void fastCron() {
    long now = clock.currentTimeMillis();
    blocking.checkTimeouts(now);
    clientPause.check(now);
  }

  // ---------------------------------------------------------------- dataset-wide operations

  /** FLUSHALL: empties every db (WATCHes of existing keys invalidated). */
  public void flushAllDbs() {
    for (int i = 0; i < keyspace.count(); i++) {
      watches.touchAllWatchedKeysInDb(i, -1);
    }
    tracking.invalidateOnFlush();
    keyspace.flushAll();
  }

  public void flushDb(int db) {
    watches.touchAllWatchedKeysInDb(db, -1);
    tracking.invalidateOnFlush();
    keyspace.db(db).clear();
  }

  /** SWAPDB. */
  public void swapDb(int a, int b) {
    watches.touchAllWatchedKeysInDb(a, b);
    watches.touchAllWatchedKeysInDb(b, a);
    keyspace.db(a).swapContents(keyspace.db(b));
    blocking.signalListsReady(db -> db == a || db == b);
  }

  /**
   * Replaces the whole dataset with a loaded one (startup load, DEBUG RELOAD, replica full sync);
   * build it with {@link Keyspace#emptyCopy} and {@link Keyspace#load}.
   */
  public void swapInKeyspace(Keyspace loaded) {
    for (int i = 0; i < keyspace.count(); i++) {
      watches.touchAllWatchedKeysInDb(i, -1);
    }
    tracking.invalidateOnFlush();
    keyspace.replaceAll(loaded);
    for (Runnable r : datasetReplacedHooks) {
      r.run();
    }
    blocking.signalListsReady(db -> true);
    blocking.handleClientsBlockedOnKeys();
  }

  /** Iterates clients in id order. */
  public Iterator<Client> clientIterator() {
    return clients().iterator();
  }
}
