package io.replicheck.server;

import io.replicheck.server.command.Commands;
import io.replicheck.server.config.ConfigLoader;
import io.replicheck.server.config.ConfigRegistry;
import io.replicheck.server.core.Clock;
import io.replicheck.server.core.ServerConfig;
import io.replicheck.server.core.ServerCore;
import io.replicheck.server.net.NettyServer;
import io.replicheck.server.persist.Aof;
import io.replicheck.server.persist.AofConfig;
import io.replicheck.server.persist.RdbPersistence;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running server: configuration, core, network, persistence and extensions. {@link #start}
 * returns once it accepts connections (after logging {@code Ready to accept connections}); it stops
 * on SHUTDOWN, SIGTERM/SIGINT (when it owns the process) or {@link #close}. Embeddable: {@code
 * ReferenceServer.start("--port", "0", "--save", "")} and read {@link #port()}.
 */
public final class ReferenceServer implements AutoCloseable {
  /** Startup failed; the reason was already logged or printed. */
  public static final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    StartupException(String message, int exitCode) {
      super(message, null, false, false);
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  private final ServerLog log = new ServerLog();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final List<ServerExtension> extensions = new ArrayList<>();
  private ServerCore core;
  private RdbPersistence persistence;
  private Aof aof;
  private NettyServer net;
  private boolean closed;

  private ReferenceServer() {}

  /** Starts a server with redis-server's arguments. */
  public static ReferenceServer start(String... args) throws StartupException {
    return start(true, args);
  }

  /**
   * As {@link #start(String...)}; {@code handleSignals} = false leaves SIGTERM/SIGINT alone
   * (tests).
   */
  public static ReferenceServer start(boolean handleSignals, String... args)
      throws StartupException {
    ReferenceServer s = new ReferenceServer();
    try {
      s.boot(args, handleSignals);
    } catch (StartupException e) {
      s.cleanup();
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      s.cleanup();
      throw new StartupException("interrupted", 1);
    }
    return s;
  }

  public int port() {
    return core.config().port;
  }

  public ServerCore core() {
    return core;
  }

  public ServerLog log() {
    return log;
  }

  /** Blocks until the server stopped (SHUTDOWN, signal or close). */
  public void awaitStop() throws InterruptedException {
    stopped.await();
    cleanup();
  }

  /** Waits at most ms for the server to stop; true if it did. */
  public boolean awaitStop(long ms) throws InterruptedException {
    boolean s = stopped.await(ms, TimeUnit.MILLISECONDS);
    if (s) {
      cleanup();
    }
    return s;
  }

  /** Stops without saving (as SHUTDOWN NOSAVE) and releases the port and threads. */
  @Override
  public void close() {
    if (net != null && !stopping.get()) {
      CountDownLatch done = new CountDownLatch(1);
      try {
        core.executor()
            .execute(
                () -> {
                  try {
                    shutdown(Boolean.FALSE);
                  } finally {
                    done.countDown();
                  }
                });
        done.await(5, TimeUnit.SECONDS);
      } catch (RuntimeException | InterruptedException e) {
        stopped.countDown();
      }
    }
    stopped.countDown();
    cleanup();
  }

  private synchronized void cleanup() {
    if (closed) {
      return;
    }
    closed = true;
    if (net != null) {
      net.close();
    }
    if (aof != null) {
      aof.shutdown();
    }
    if (persistence != null) {
      persistence.shutdown();
    }
    if (core != null && !core.config().pidfile.isEmpty()) {
      try {
        java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(core.config().pidfile));
      } catch (IOException e) {
        log.warning("Failed to remove the PID file: " + e.getMessage());
      }
    }
    log.close();
  }

  private void boot(String[] args, boolean handleSignals)
      throws StartupException, InterruptedException {
    ConfigRegistry registry = new ConfigRegistry();
    ServerConfig config = new ServerConfig();
    config.register(registry);
    AofConfig aofConfig = new AofConfig(config);
    aofConfig.register(registry);
    try {
      for (ServerExtension e :
          ServiceLoader.load(ServerExtension.class, ReferenceServer.class.getClassLoader())) {
        extensions.add(e);
        e.registerConfig(registry);
      }
    } catch (ServiceConfigurationError e) {
      System.err.println("Can't load a server extension: " + e.getMessage());
      throw new StartupException(e.getMessage(), 1);
    }
    List<String> warnings = new ArrayList<>();
    config.loadingConfigFile = true;
    try {
      new ConfigLoader(registry, warnings::add).load(args);
    } catch (ConfigLoader.ConfigFileError e) {
      System.err.println(e.getMessage());
      throw new StartupException(e.getMessage(), 1);
    } finally {
      config.loadingConfigFile = false;
    }
    String unsupported = config.unsupportedSetting();
    if (unsupported != null) {
      System.err.println("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n" + unsupported);
      throw new StartupException(unsupported, 1);
    }
    log.setLevel(config.loglevel);
    try {
      log.setFile(config.logfile);
    } catch (IOException e) {
      System.err.println("Can't open the log file: " + e.getMessage());
      throw new StartupException(e.getMessage(), 1);
    }
    long pid = ProcessHandle.current().pid();
    log.warning("oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo");
    log.warning(
        "Redis version="
            + ServerCore.REDIS_VERSION
            + ", bits=64, commit=00000000, modified=0, pid="
            + pid
            + ", just started");
    boolean hasFile = args.length > 0 && !args[0].startsWith("--");
    if (hasFile) {
      log.warning("Configuration loaded");
    } else {
      log.warning(
          "Warning: no config file specified, using the default config. In order to specify a "
              + "config file use replicheck server /path/to/redis.conf");
    }
    for (String w : warnings) {
      log.warning(w);
    }

    core = new ServerCore(config, registry, Clock.SYSTEM, System.nanoTime());
    if (hasFile) {
      core.serverInfo().configFile = java.nio.file.Path.of(args[0]).toAbsolutePath().toString();
    }
    Commands.registerAll(core).setLog(log::log);
    persistence = new RdbPersistence(core, log);
    core.setPersistence(persistence);
    aof = new Aof(core, log, persistence, aofConfig);
    aof.install();
    core.setShutdownHandler(this::shutdown);
    log.setReplicaSupplier(core::isReplica);
    log.setInitialised();

    net = new NettyServer(core, log);
    ServerContext context = new ServerContext(net.group(), log, persistence);
    for (ServerExtension e : extensions) {
      e.install(core, context);
    }
    log.notice("monotonic clock: POSIX clock_gettime");
    int port;
    try {
      port = net.bind(config.bind, config.port);
    } catch (Exception e) {
      log.warning(
          "Warning: Could not create server TCP listening socket "
              + String.join(" ", config.bind)
              + ":"
              + config.port
              + ": bind: "
              + (e.getMessage() == null ? e : e.getMessage()));
      log.warning("Failed listening on port " + config.port + " (TCP), aborting.");
      throw new StartupException("bind failed", 1);
    }
    config.port = port;
    core.serverInfo().tcpPort = port;
    log.notice("Running mode=standalone, port=" + port + ".");
    log.notice(
        "replicheck reference server (Redis "
            + ServerCore.REDIS_VERSION
            + " compatible) 64 bit, standalone mode, Port: "
            + port
            + ", PID: "
            + pid);
    log.warning("Server initialized");
    boolean[] loaded = new boolean[1];
    CountDownLatch done = new CountDownLatch(1);
    net.group()
        .next()
        .execute(
            () -> {
              try {
                loaded[0] = aof.loadAtStartup();
              } finally {
                done.countDown();
              }
            });
    done.await();
    if (!loaded[0]) {
      throw new StartupException("loading the dump failed", 1);
    }
    if (!config.pidfile.isEmpty()) {
      try {
        java.nio.file.Files.writeString(java.nio.file.Path.of(config.pidfile), pid + "\n");
      } catch (IOException e) {
        log.warning("Failed to write PID file: " + e.getMessage());
      }
    }
    if (handleSignals) {
      installSignals();
    }
    for (ServerExtension e : extensions) {
      e.started();
    }
    net.startTimers();
    log.notice("Ready to accept connections");
  }

  /** SIGTERM/SIGINT: shut down like SHUTDOWN (saving if save points are set). */
  private void installSignals() {
    for (String sig : List.of("TERM", "INT")) {
      try {
        sun.misc.Signal.handle(
            new sun.misc.Signal(sig),
            s -> {
              log.warning("Received SIG" + sig + " scheduling shutdown...");
              core.executor()
                  .execute(
                      () -> {
                        if (shutdown(null) != null) {
                          log.warning(
                              "SIG"
                                  + sig
                                  + " received but errors trying to shut down the server, "
                                  + "check the logs for more information");
                        }
                      });
            });
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // Signal not available in this JVM; SHUTDOWN still works.
      }
    }
  }

  /** Runs on the command thread. Returns an error text, or null once the server is stopping. */
  private String shutdown(Boolean save) {
    if (stopping.get()) {
      return null;
    }
    log.warning("User requested shutdown...");
    boolean doSave = save != null ? save : !core.config().save.isEmpty();
    if (doSave) {
      log.notice("Saving the final RDB snapshot before exiting.");
      try {
        persistence.save();
      } catch (IOException e) {
        log.warning("Error trying to save the DB, can't exit.");
        return "ERR Errors trying to SHUTDOWN. Check logs.";
      }
    }
    aof.shutdown();
    stopping.set(true);
    for (ServerExtension e : extensions) {
      try {
        e.stopping();
      } catch (RuntimeException ex) {
        log.warning("Extension failed to stop: " + ex);
      }
    }
    // the catalogue's propagate-save brings back the old exit too: still listening until it ends
    if (net != null && !core.propagation().injected("propagate-save")) net.stopListening();
    for (var c : core.clients()) {
      c.connection().close();
    }
    log.warning("Redis is now ready to exit, bye bye...");
    stopped.countDown();
    return null;
  }
}
