package io.replicheck.cluster;

import io.replicheck.client.AdminClient;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Real Sentinel processes ({@code redis-sentinel <conf>}, or {@code redis-server <conf>
 * --sentinel}) as children of this JVM, watched and stopped by pid like {@link ProcessCluster}'s
 * nodes and registered with the {@link Reaper}. Sentinel {@code sK} has its folder {@code
 * sentinels/sK} under the run's folder with its {@code sentinel.conf} (which Sentinel rewrites:
 * what it learnt survives a restart, as in production) and its {@code sentinel.log}. On the
 * container backend the same sentinels run as containers ({@link SentinelContainers}).
 */
public final class Sentinels implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration WAIT = Duration.ofSeconds(10);

  /**
   * One sentinel: its name, real port, folder, and the loopback address it dials from ({@code
   * bind-source-addr}), by which the chaos proxy can cut it off alone.
   */
  public record Sentinel(String name, int port, Path dir, String source) {
    public Path conf() {
      return dir.resolve("sentinel.conf");
    }

    public Path logFile() {
      return dir.resolve("sentinel.log");
    }

    @Override
    public String toString() {
      return name + "@127.0.0.1:" + port;
    }
  }

  private final List<String> command;
  private final List<Sentinel> sentinels;
  private final Map<String, Process> processes = new ConcurrentHashMap<>();
  // as ProcessCluster's: a dead process still held ended on its own (kill takes it out first)
  private final ExitRecorder exits = new ExitRecorder();
  // the container backend's sentinels, or null: child processes
  private final SentinelContainers containers;
  private final Thread shutdownHook;

  /** {@code count} sentinels under {@code runDir/sentinels}, run by the binary found on PATH. */
  public Sentinels(Path runDir, int count) {
    this(runDir, count, false);
  }

  /**
   * {@code count} sentinels under {@code runDir/sentinels}: child processes, or with {@code
   * inContainers} containers of the redis-server found on PATH run with {@code --sentinel}.
   */
  public Sentinels(Path runDir, int count, boolean inContainers) {
    this.command = inContainers ? List.of(containerBinary().toString(), "--sentinel") : binary();
    this.containers = inContainers ? new SentinelContainers(containerBinary()) : null;
    List<Sentinel> list = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      Path d = runDir.resolve("sentinels").resolve("s" + i).toAbsolutePath().normalize();
      try {
        Files.createDirectories(d);
      } catch (IOException e) {
        throw new ClusterException("cannot create " + d + ": " + e.getMessage(), e);
      }
      list.add(new Sentinel("s" + i, Ports.freePort(), d, "127.0.0." + (10 + i)));
    }
    this.sentinels = List.copyOf(list);
    this.shutdownHook = new Thread(this::killAll, "replicheck-sentinels-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * How a sentinel is started: {@code redis-sentinel} on PATH, else {@code redis-server} with
   * {@code --sentinel}; neither is one clear error.
   */
  public static List<String> binary() {
    Path sentinel = onPath("redis-sentinel");
    if (sentinel != null) return List.of(sentinel.toString());
    Path server = onPath("redis-server");
    if (server != null) return List.of(server.toString(), "--sentinel");
    throw new ClusterException(
        "--topology sentinel needs redis-sentinel or redis-server on PATH (Debian: apt-get install"
            + " redis-sentinel)");
  }

  /**
   * The redis-server a sentinel container runs ({@code --sentinel}), by the name found on PATH, not
   * the file it links to: Debian's redis-server and redis-sentinel both link to redis-check-rdb,
   * and the binary picks its mode by the name it is run as (the image keeps that name).
   */
  static Path containerBinary() {
    Path server = onPath("redis-server");
    if (server == null)
      throw new ClusterException(
          "--topology sentinel on the container backend needs redis-server on PATH");
    return server.toAbsolutePath();
  }

  private static Path onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p)) return p;
    }
    return null;
  }

  public List<Sentinel> all() {
    return sentinels;
  }

  public Sentinel named(String name) {
    return sentinels.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new ClusterException("no sentinel named " + name));
  }

  /** Writes a sentinel's first configuration; a restart keeps what Sentinel rewrote since. */
  public void configure(Sentinel s, List<String> lines) {
    try {
      Files.write(s.conf(), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ClusterException("cannot write " + s.conf() + ": " + e.getMessage(), e);
    }
  }

  /** Starts the sentinel and waits, bounded, until it answers PING. */
  public synchronized void start(Sentinel s) {
    if (isRunning(s)) throw new ClusterException(s.name() + " is already running");
    noteExit(s);
    if (containers != null) {
      containers.start(s);
      awaitPing(s, () -> containers.isRunning(s) ? null : "its container exited");
      return;
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(command.get(0));
    cmd.add(s.conf().toString());
    cmd.addAll(command.subList(1, command.size()));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(s.dir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(s.logFile().toFile()));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new ClusterException("cannot start sentinel " + s.name() + ": " + e.getMessage(), e);
    }
    processes.put(s.name(), p);
    Reaper.get().registerPid(p.pid());
    exits.watch(p);
    awaitPing(
        s,
        () -> {
          if (p.isAlive()) return null;
          processes.remove(s.name());
          Reaper.get().unregisterPid(p.pid());
          return "it exited with code " + p.exitValue();
        });
  }

  /** Polls PING until the sentinel answers, {@code exited} says why it cannot, or the bound. */
  private void awaitPing(Sentinel s, java.util.function.Supplier<String> exited) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String gone = exited.get();
      if (gone != null) {
        throw new ClusterException(
            "sentinel "
                + s.name()
                + " did not start: "
                + gone
                + "; last log lines:\n"
                + ProcessCluster.tail(s.logFile(), 15));
      }
      try (AdminClient c = admin(s)) {
        if ("PONG".equals(c.call("PING"))) return;
      } catch (IOException e) {
        // not listening yet
      }
      ProcessCluster.sleep(100);
    }
    kill(s);
    throw new ClusterException(
        "sentinel " + s.name() + " did not answer PING within " + START_TIMEOUT.toSeconds() + " s");
  }

  public synchronized void kill(Sentinel s) {
    if (containers != null) {
      containers.kill(s);
      return;
    }
    noteExit(s);
    Process p = processes.remove(s.name());
    if (p == null) return;
    ProcessCluster.signal(p.pid(), "CONT");
    p.destroyForcibly();
    try {
      if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
        throw new ClusterException("sentinel " + s.name() + " did not exit after SIGKILL");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Reaper.get().unregisterPid(p.pid());
  }

  public void pause(Sentinel s) {
    if (containers != null) {
      if (!containers.isRunning(s))
        throw new ClusterException("sentinel " + s.name() + " is not running");
      containers.signal(s, "STOP");
      return;
    }
    Process p = processes.get(s.name());
    if (p == null) throw new ClusterException("sentinel " + s.name() + " is not running");
    ProcessCluster.signal(p.pid(), "STOP");
  }

  public void resume(Sentinel s) {
    if (containers != null) {
      containers.signal(s, "CONT");
      return;
    }
    Process p = processes.get(s.name());
    if (p != null) ProcessCluster.signal(p.pid(), "CONT");
  }

  /** The pid of a running sentinel process, for tests and logs. */
  public long pid(Sentinel s) {
    Process p = processes.get(s.name());
    if (p == null) throw new ClusterException("sentinel " + s.name() + " is not running");
    return p.pid();
  }

  public boolean isRunning(Sentinel s) {
    if (containers != null) return containers.isRunning(s);
    Process p = processes.get(s.name());
    return p != null && p.isAlive();
  }

  /** Records the sentinel's process as ended on its own when it is held but dead. */
  private synchronized void noteExit(Sentinel s) {
    exits.noteIfDead(processes, s.name(), s.logFile());
  }

  /**
   * Every sentinel process that ended on its own so far (P9), as {@link Cluster#unexpectedExits()}
   * for nodes; empty for sentinels in containers, which are not watched.
   */
  public synchronized List<NodeExit> unexpectedExits() {
    for (Sentinel s : sentinels) noteExit(s);
    return exits.all();
  }

  /** Resumes every paused sentinel and starts every stopped one (the heal phase). */
  public void healAll() {
    for (Sentinel s : sentinels) {
      resume(s);
      if (!isRunning(s)) start(s);
    }
  }

  /** A connection straight to the sentinel, bypassing every proxy. */
  public static AdminClient admin(Sentinel s) throws IOException {
    return AdminClient.connect("127.0.0.1", s.port(), Duration.ofSeconds(2));
  }

  @Override
  public void close() {
    killAll();
    if (containers != null) containers.close();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  private void killAll() {
    for (Sentinel s : sentinels) {
      try {
        kill(s);
      } catch (RuntimeException e) {
        // keep killing the others
      }
    }
  }
}
