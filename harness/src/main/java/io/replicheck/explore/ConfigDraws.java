package io.replicheck.explore;

import io.replicheck.cluster.ClusterException;
import io.replicheck.cluster.Node;
import io.replicheck.cluster.ProcessCluster;
import io.replicheck.cluster.ServerBinary;
import io.replicheck.explore.config.ConfigSpace;
import io.replicheck.explore.config.ServerConfigProbe;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The configuration space a target's nodes are drawn from: {@link ServerConfigProbe} asks a node
 * started for the purpose (never one a run uses: {@code CONFIG SET appendonly yes} starts an AOF
 * rewrite), once per server version, then the node is stopped and its folder removed. External
 * nodes are not ours to restart with other arguments, so they draw no configuration.
 */
public final class ConfigDraws {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  private final ServerConfigProbe probe =
      new ServerConfigProbe(ConfigSpace.redis70(), PROBE_TIMEOUT);

  /**
   * The space for {@code target}, or null when it draws none (external nodes, or a node that could
   * not be started or probed: then said on {@code log} and the schedules run at the harness's
   * arguments).
   */
  public ConfigSpace spaceFor(Target target, Path store, PrintStream log) {
    if (target.backend().equals("external")) return null;
    Path dir = null;
    try {
      ServerBinary binary =
          target.server() == null
              ? ServerBinary.reference()
              : ServerBinary.external(Path.of(target.server()));
      String version =
          binary.version() + (target.injectBug() == null ? "" : "+" + target.injectBug());
      Files.createDirectories(store);
      dir = Files.createTempDirectory(store.toAbsolutePath(), "config-probe-");
      List<String> args = new ArrayList<>(target.serverArgs());
      if (target.injectBug() != null) args.addAll(List.of("--inject-bug", target.injectBug()));
      try (ProcessCluster probeNode = new ProcessCluster(binary, dir, 1, args)) {
        Node n = probeNode.nodes().get(0);
        probeNode.start(n);
        ConfigSpace space = probe.spaceFor(version, n.host(), n.port());
        log.printf(
            "node configuration: %d directives drawable on %s%n",
            space.directives().size(), version);
        return space;
      }
    } catch (IOException | ClusterException e) {
      log.printf("node configuration not drawn: probing the server failed: %s%n", e.getMessage());
      return null;
    } finally {
      if (dir != null) delete(dir);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      // a leftover probe folder under the store is harmless
    }
  }
}
