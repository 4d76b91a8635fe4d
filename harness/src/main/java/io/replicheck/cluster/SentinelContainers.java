package io.replicheck.cluster;

import io.replicheck.cluster.Sentinels.Sentinel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.testcontainers.containers.GenericContainer;

/**
 * Sentinels as containers for the container backend: the host's redis-server run with {@code
 * --sentinel} from an image built offline {@code FROM scratch} (the binary and the libraries {@code
 * ldd} lists, as {@link NodeImage} does for nodes), on the host's network, so each sentinel listens
 * on 127.0.0.1 and dials from its own loopback source address as a child process would. The
 * sentinel's folder is bind-mounted at the same path: Sentinel rewrites its {@code sentinel.conf}
 * there and its output goes to {@code sentinel.log}. The server is the container's PID 1 and gets
 * SIGKILL, SIGSTOP and SIGCONT from the engine.
 */
final class SentinelContainers implements AutoCloseable {

  /** The label on every sentinel container, by which leftovers are found and removed. */
  static final String LABEL = "io.replicheck.sentinel";

  private final Path server;
  private final NodeImage.Built image;
  private final Map<String, GenericContainer<?>> containers = new ConcurrentHashMap<>();

  /** Builds (or finds) the image of {@code server}, a redis-server binary. */
  SentinelContainers(Path server) {
    this.server = server;
    this.image = NodeImage.hostImage(server);
  }

  /** The container's command: the server with the configuration file, in Sentinel mode. */
  static List<String> command(Path server, Sentinel s) {
    return List.of(server.toString(), s.conf().toString(), "--sentinel");
  }

  /** Starts the sentinel's container; the caller waits for its PING. */
  @SuppressWarnings("resource")
  synchronized void start(Sentinel s) {
    remove(s);
    List<String> command = command(server, s);
    GenericContainer<?> c =
        ContainerCluster.hostContainer(
            image.image(), command, LABEL, s.name(), s.dir(), s.logFile());
    try {
      c.start();
    } catch (RuntimeException e) {
      c.stop();
      throw new ClusterException(
          "sentinel "
              + s.name()
              + " container did not start: "
              + e.getMessage()
              + "; last log lines:\n"
              + ProcessCluster.tail(s.logFile(), 15),
          e);
    }
    containers.put(s.name(), c);
    Reaper.get().registerContainer(c.getContainerId());
  }

  synchronized void kill(Sentinel s) {
    signal(s, "KILL");
    remove(s);
  }

  void signal(Sentinel s, String signal) {
    GenericContainer<?> c = containers.get(s.name());
    if (c == null || !c.isRunning()) return;
    c.getDockerClient().killContainerCmd(c.getContainerId()).withSignal(signal).exec();
  }

  boolean isRunning(Sentinel s) {
    GenericContainer<?> c = containers.get(s.name());
    return c != null && c.isRunning();
  }

  boolean isStarted(Sentinel s) {
    return containers.containsKey(s.name());
  }

  private void remove(Sentinel s) {
    GenericContainer<?> c = containers.remove(s.name());
    if (c == null) return;
    String id = c.getContainerId();
    c.stop();
    if (id != null) Reaper.get().unregisterContainer(id);
  }

  @Override
  public void close() {
    for (String name : new ArrayList<>(containers.keySet())) {
      GenericContainer<?> c = containers.remove(name);
      try {
        String id = c.getContainerId();
        c.stop();
        if (id != null) Reaper.get().unregisterContainer(id);
      } catch (RuntimeException e) {
        // keep removing the others
      }
    }
  }
}
