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
 * what it learnt survives a restart, as in production) and its {@code sentinel.log}.
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
  private final Thread shutdownHook;

  /** {@code count} sentinels under {@code runDir/sentinels}, run by the binary found on PATH. */
  public Sentinels(Path runDir, int count) {
    this.command = binary();
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
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        processes.remove(s.name());
        Reaper.get().unregisterPid(p.pid());
        throw new ClusterException(
            "sentinel "
                + s.name()
                + " exited with code "
                + p.exitValue()
                + " while starting; last log lines:\n"
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
    Process p = processes.get(s.name());
    if (p == null) throw new ClusterException("sentinel " + s.name() + " is not running");
    ProcessCluster.signal(p.pid(), "STOP");
  }

  public void resume(Sentinel s) {
    Process p = processes.get(s.name());
    if (p != null) ProcessCluster.signal(p.pid(), "CONT");
  }

  public boolean isRunning(Sentinel s) {
    Process p = processes.get(s.name());
    return p != null && p.isAlive();
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
