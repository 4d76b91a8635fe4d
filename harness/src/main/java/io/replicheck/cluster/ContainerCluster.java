package io.replicheck.cluster;

import com.github.dockerjava.api.DockerClient;
import io.replicheck.client.AdminClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Nodes as containers (Testcontainers), from images built offline {@code FROM scratch}, on the
 * host's network so they listen on 127.0.0.1 like child processes do. Each node's folder is
 * bind-mounted at the same path, so logs and dumps land where the process backend puts them.
 * Signals are real: the server is the container's PID 1 and gets SIGKILL, SIGSTOP, SIGCONT.
 */
public final class ContainerCluster implements Cluster {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  public static final String LABEL = "io.replicheck.node";

  private final ServerBinary binary;
  private final NodeImage.Built image;
  private final List<Node> nodes;
  private final List<String> extraArgs;
  private java.util.function.Function<Node, List<String>> nodeArgs;
  private final Map<String, GenericContainer<?>> containers = new ConcurrentHashMap<>();
  private final List<NodeExit> exits = new ArrayList<>();
  private final Thread shutdownHook;

  public ContainerCluster(ServerBinary binary, Path dir, int count, List<String> extraArgs) {
    this.binary = binary;
    this.extraArgs = List.copyOf(extraArgs);
    this.nodeArgs = n -> List.of();
    this.image = NodeImage.build(binary);
    List<Node> list = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      Path nodeDir = dir.resolve("nodes").resolve("n" + i).toAbsolutePath();
      try {
        Files.createDirectories(nodeDir);
      } catch (IOException e) {
        throw new ClusterException("cannot create " + nodeDir + ": " + e.getMessage(), e);
      }
      list.add(new Node("n" + i, "127.0.0.1", Ports.freePort(), nodeDir));
    }
    this.nodes = List.copyOf(list);
    this.shutdownHook = new Thread(this::removeAll, "replicheck-containers-shutdown");
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
  public java.time.ZoneId logZone() {
    return java.time.ZoneOffset.UTC;
  }

  @Override
  public List<Node> nodes() {
    return nodes;
  }

  @Override
  public String describe() {
    return binary.describe() + " in containers (" + image.image() + ")";
  }

  @Override
  @SuppressWarnings("resource")
  public synchronized void start(Node node) {
    if (isRunning(node)) throw new ClusterException(node.name() + " is already running");
    noteExit(node);
    remove(node);
    List<String> command = new ArrayList<>(image.command());
    command.addAll(ServerArgs.forNode(binary.version(), node, argsOf(node)));
    GenericContainer<?> c =
        hostContainer(image.image(), command, LABEL, node.name(), node.dir(), node.logFile())
            .waitingFor(
                Wait.forLogMessage(".*Ready to accept connections.*", 1)
                    .withStartupTimeout(START_TIMEOUT));
    try {
      c.start();
    } catch (RuntimeException e) {
      c.stop();
      throw new ClusterException(
          node.name()
              + " container did not start: "
              + e.getMessage()
              + "; last log lines:\n"
              + ProcessCluster.tail(node.logFile(), 15),
          e);
    }
    containers.put(node.name(), c);
    Reaper.get().registerContainer(c.getContainerId());
  }

  @Override
  public synchronized void kill(Node node) {
    noteExit(node);
    signal(node, "KILL");
    remove(node);
  }

  @Override
  public synchronized void stop(Node node) {
    stop(node, "NOSAVE");
  }

  @Override
  public synchronized void stopSaving(Node node) {
    stop(node, "SAVE");
  }

  private void stop(Node node, String mode) {
    noteExit(node);
    GenericContainer<?> c = containers.get(node.name());
    if (c == null) return;
    signal(node, "CONT");
    try (AdminClient a = AdminClient.connect(node.host(), node.port(), Duration.ofSeconds(2))) {
      a.send("SHUTDOWN", mode);
    } catch (IOException e) {
      // the container stop below sends SIGTERM, then SIGKILL
    }
    // let the server exit on its own (a saving shutdown may wait for replicas, then write the
    // RDB), bounded; the container stop below sends SIGTERM, then SIGKILL
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (c.isRunning() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    remove(node);
  }

  @Override
  public void pause(Node node) {
    signal(node, "STOP");
  }

  @Override
  public void resume(Node node) {
    signal(node, "CONT");
  }

  @Override
  public boolean isRunning(Node node) {
    GenericContainer<?> c = containers.get(node.name());
    return c != null && c.isRunning();
  }

  private void signal(Node node, String signal) {
    GenericContainer<?> c = containers.get(node.name());
    if (c == null || !c.isRunning()) return;
    DockerClient docker = c.getDockerClient();
    docker.killContainerCmd(c.getContainerId()).withSignal(signal).exec();
  }

  /**
   * Records the node's container as ended on its own when it is held but not running (kill and stop
   * take it out first); its exit code and end time from the engine.
   */
  private synchronized void noteExit(Node node) {
    GenericContainer<?> c = containers.get(node.name());
    if (c == null || c.isRunning()) return;
    int code = -1;
    Instant at = Instant.now();
    try {
      var state = c.getDockerClient().inspectContainerCmd(c.getContainerId()).exec().getState();
      if (state.getExitCodeLong() != null) code = state.getExitCodeLong().intValue();
      if (state.getFinishedAt() != null) at = Instant.parse(state.getFinishedAt());
    } catch (RuntimeException e) {
      // the engine lost the container: still an exit, of unknown code
    }
    exits.add(new NodeExit(node.name(), 0, code, at, ProcessCluster.exitLog(node.logFile())));
    remove(node);
  }

  @Override
  public synchronized List<NodeExit> unexpectedExits() {
    for (Node n : nodes) noteExit(n);
    return List.copyOf(exits);
  }

  private void remove(Node node) {
    GenericContainer<?> c = containers.remove(node.name());
    if (c == null) return;
    String id = c.getContainerId();
    c.stop();
    if (id != null) Reaper.get().unregisterContainer(id);
  }

  private void removeAll() {
    for (Node n : nodes) {
      try {
        remove(n);
      } catch (RuntimeException e) {
        // keep removing the others
      }
    }
  }

  @Override
  public void close() {
    removeAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  /**
   * A container of {@code image} on the host's network running {@code command}, labelled {@code
   * label=name} (what the reaper and a later cleanup find), with {@code dir} bind-mounted at the
   * same path and its output appended to {@code logFile}; not started.
   */
  static GenericContainer<?> hostContainer(
      String image, List<String> command, String label, String name, Path dir, Path logFile) {
    OutputStream log;
    try {
      log = Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new ClusterException("cannot write " + logFile, e);
    }
    return new GenericContainer<>(DockerImageName.parse(image))
        .withNetworkMode("host")
        .withCreateContainerCmdModifier(
            cmd -> cmd.withEntrypoint(command.get(0)).withCmd(command.subList(1, command.size())))
        .withLabel(label, name)
        .withFileSystemBind(dir.toString(), dir.toString(), BindMode.READ_WRITE)
        .withLogConsumer(
            (OutputFrame frame) -> {
              try {
                if (frame.getBytes() != null) {
                  log.write(frame.getBytes());
                  log.flush();
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }
}
