package io.replicheck.cluster;

import io.replicheck.client.AdminClient;
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
 * Nodes as child processes of this JVM: any redis-server compatible binary or the reference server.
 * Each node has its own port and folder under the run's folder; its stdout and stderr go to {@code
 * server.log} there. Signals are real: SIGKILL, SIGSTOP, SIGCONT, SIGTERM.
 */
public final class ProcessCluster implements Cluster {

  // a JVM node on a machine shared by many builds can take longer (-Dreplicheck.node-start-seconds)
  private static final Duration START_TIMEOUT =
      Duration.ofSeconds(Long.getLong("replicheck.node-start-seconds", 30));
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(2);

  private final ServerBinary binary;
  private final List<Node> nodes;
  private final List<String> extraArgs;
  private java.util.function.Function<Node, List<String>> nodeArgs;
  // the processes the harness holds running: kill and stop take a node out before it ends, so a
  // dead process still in here ended on its own (unexpectedExits)
  private final Map<String, Process> processes = new ConcurrentHashMap<>();
  private final ExitRecorder exits = new ExitRecorder();
  private final Thread shutdownHook;

  /**
   * @param binary what the nodes run
   * @param dir the run's folder; node {@code nK} gets {@code dir/nodes/nK}
   * @param count how many nodes
   * @param extraArgs redis-server style arguments given to every node (e.g. --repl-backlog-size
   *     1mb)
   */
  public ProcessCluster(ServerBinary binary, Path dir, int count, List<String> extraArgs) {
    this.binary = binary;
    this.extraArgs = List.copyOf(extraArgs);
    this.nodeArgs = n -> List.of();
    List<Node> list = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      Path nodeDir = dir.resolve("nodes").resolve("n" + i);
      try {
        Files.createDirectories(nodeDir);
      } catch (IOException e) {
        throw new ClusterException("cannot create " + nodeDir + ": " + e.getMessage(), e);
      }
      list.add(new Node("n" + i, "127.0.0.1", Ports.freePort(), nodeDir));
    }
    this.nodes = List.copyOf(list);
    this.shutdownHook = new Thread(this::killAll, "replicheck-cluster-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Arguments for each node after the common ones (a drawn configuration: the first master's
   * differ); every start of the node, restarts too, uses them. Call before the first start.
   */
  public void nodeArgs(java.util.function.Function<Node, List<String>> perNode) {
    this.nodeArgs = perNode;
  }

  private List<String> argsOf(Node node) {
    List<String> args = new ArrayList<>(extraArgs);
    args.addAll(nodeArgs.apply(node));
    return args;
  }

  @Override
  public List<Node> nodes() {
    return nodes;
  }

  @Override
  public String describe() {
    return binary.describe();
  }

  public ServerBinary binary() {
    return binary;
  }

  @Override
  public void start(Node node) {
    awaitReady(node, launch(node));
  }

  /**
   * Launches every node, then waits for each: the JVMs of reference nodes start side by side (on
   * two cores about the time of one), where one after another cost a start each. A node that does
   * not come up fails the start as {@link #start} does; the nodes already launched are the caller's
   * to stop (the run's closer kills them).
   */
  @Override
  public void startAll(List<Node> toStart) {
    List<Process> launched = new java.util.ArrayList<>();
    for (Node n : toStart) launched.add(launch(n));
    for (int i = 0; i < toStart.size(); i++) awaitReady(toStart.get(i), launched.get(i));
  }

  private synchronized Process launch(Node node) {
    if (isRunning(node)) throw new ClusterException(node.name() + " is already running");
    noteExit(node);
    ProcessBuilder pb =
        new ProcessBuilder(binary.command(ServerArgs.forNode(binary.version(), node, argsOf(node))))
            .directory(node.dir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(node.logFile().toFile()));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new ClusterException("cannot start " + node.name() + ": " + e.getMessage(), e);
    }
    processes.put(node.name(), p);
    Reaper.get().registerPid(p.pid());
    exits.watch(p);
    return p;
  }

  /** Records the node's process as ended on its own when it is held but dead. */
  private synchronized void noteExit(Node node) {
    exits.noteIfDead(processes, node.name(), node.logFile());
  }

  @Override
  public synchronized List<NodeExit> unexpectedExits() {
    for (Node n : nodes) noteExit(n);
    return exits.all();
  }

  private void awaitReady(Node node, Process p) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        forget(node, p); // a failed start, not a node that ran and ended
        throw new ClusterException(
            node.name()
                + " exited with code "
                + p.exitValue()
                + " while starting; last log lines:\n"
                + tail(node.logFile(), 15));
      }
      try (AdminClient c = AdminClient.connect(node.host(), node.port(), ADMIN_TIMEOUT)) {
        Object reply = c.call("PING");
        if ("PONG".equals(reply)) return;
        last = String.valueOf(reply);
      } catch (IOException e) {
        last = e.getMessage();
      }
      sleep(10); // a refused connect costs microseconds; a node ready in 0.2 s is used at once
    }
    kill(node);
    throw new ClusterException(
        node.name()
            + " did not answer PING within "
            + START_TIMEOUT.toSeconds()
            + " s ("
            + last
            + "); last log lines:\n"
            + tail(node.logFile(), 15));
  }

  private synchronized void forget(Node node, Process p) {
    processes.remove(node.name(), p);
    Reaper.get().unregisterPid(p.pid());
  }

  @Override
  public synchronized void kill(Node node) {
    noteExit(node);
    Process p = processes.remove(node.name());
    if (p == null) return;
    signal(p.pid(), "CONT"); // a paused process must still die promptly
    p.destroyForcibly();
    waitFor(p);
    Reaper.get().unregisterPid(p.pid());
  }

  @Override
  public synchronized void stop(Node node) {
    stop(node, "NOSAVE", STOP_TIMEOUT.toMillis() / 2);
  }

  @Override
  public synchronized void stopSaving(Node node) {
    // longer before SIGTERM: the master may wait shutdown-timeout (10 s) for replicas, then saves
    stop(node, "SAVE", STOP_TIMEOUT.toMillis() * 3 / 2);
  }

  private void stop(Node node, String mode, long graceMillis) {
    noteExit(node);
    Process p = processes.get(node.name());
    if (p == null) return;
    signal(p.pid(), "CONT");
    try (AdminClient c = AdminClient.connect(node.host(), node.port(), ADMIN_TIMEOUT)) {
      c.send("SHUTDOWN", mode);
    } catch (IOException e) {
      // falls back to SIGTERM below
    }
    try {
      if (!p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
        p.destroy();
        if (!p.waitFor(STOP_TIMEOUT.toMillis() / 2, TimeUnit.MILLISECONDS)) p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
    waitFor(p);
    forget(node, p);
  }

  @Override
  public void pause(Node node) {
    Process p = processes.get(node.name());
    if (p == null) throw new ClusterException(node.name() + " is not running");
    signal(p.pid(), "STOP");
  }

  @Override
  public void resume(Node node) {
    Process p = processes.get(node.name());
    if (p != null) signal(p.pid(), "CONT");
  }

  @Override
  public boolean isRunning(Node node) {
    Process p = processes.get(node.name());
    return p != null && p.isAlive();
  }

  /** The pid of a running node, for tests and logs. */
  public long pid(Node node) {
    Process p = processes.get(node.name());
    if (p == null) throw new ClusterException(node.name() + " is not running");
    return p.pid();
  }

  @Override
  public void close() {
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // already in shutdown: the hook runs anyway
    }
  }

  /**
   * SIGKILL to every node at once (after one SIGCONT for all, so a paused node dies promptly), then
   * waits for each: a run's end waits for the slowest node, not the sum of them.
   */
  private synchronized void killAll() {
    List<Process> running = new java.util.ArrayList<>();
    for (Node n : nodes) {
      Process p = processes.remove(n.name());
      if (p != null) running.add(p);
    }
    if (running.isEmpty()) return;
    try {
      signalAll(running.stream().map(Process::pid).toList(), "CONT");
    } catch (RuntimeException e) {
      // SIGKILL below works on a paused process too, only later
    }
    for (Process p : running) p.destroyForcibly();
    for (Process p : running) {
      try {
        waitFor(p);
        Reaper.get().unregisterPid(p.pid());
      } catch (RuntimeException e) {
        // keep waiting for the others
      }
    }
  }

  /** Sends {@code SIG<sig>} to several pids with one {@code kill}. */
  private static void signalAll(List<Long> pids, String sig) {
    List<String> cmd = new java.util.ArrayList<>(List.of("kill", "-" + sig));
    for (long pid : pids) cmd.add(Long.toString(pid));
    try {
      Process k =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!k.waitFor(5, TimeUnit.SECONDS)) k.destroyForcibly();
    } catch (IOException e) {
      throw new ClusterException("cannot send SIG" + sig + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends {@code SIG<sig>} to one pid (the sentinels' processes use it too). */
  static void signal(long pid, String sig) {
    try {
      Process k =
          new ProcessBuilder("kill", "-" + sig, Long.toString(pid))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!k.waitFor(5, TimeUnit.SECONDS)) k.destroyForcibly();
    } catch (IOException e) {
      throw new ClusterException("cannot send SIG" + sig + " to " + pid + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void waitFor(Process p) {
    try {
      if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new ClusterException("process " + p.pid() + " did not exit after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted");
    }
  }

  /**
   * What a node's log says of its end: redis-server's crash report from its start (the signal, the
   * stack trace: its last lines are only advice) when the log has one, else the last lines.
   */
  public static String exitLog(Path file) {
    List<String> all;
    try {
      all = lines(file);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).contains("BUG REPORT START")) {
        return String.join("\n", all.subList(i, Math.min(all.size(), i + 25)));
      }
      if (all.get(i).contains("just started")) break; // an earlier life's report is not this end's
    }
    return last(all, 15);
  }

  /** The last lines of a log, for error messages. */
  public static String tail(Path file, int lines) {
    try {
      return last(lines(file), lines);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  // redis writes Latin-1 safe ASCII
  private static List<String> lines(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).lines().toList();
  }

  private static String last(List<String> all, int n) {
    return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
  }
}
