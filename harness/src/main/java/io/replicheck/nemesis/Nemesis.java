package io.replicheck.nemesis;

import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** One kind of fault. Implementations are small and stateless; a fault carries its own undo. */
public interface Nemesis {

  /** The name used in {@code --nemesis} and in reports. */
  String name();

  /** Starts one fault on the deployment, choosing its target with {@code random}. */
  Fault start(Deployment deployment, Random random) throws Exception;

  /** True when this nemesis needs a cluster that controls processes (not external nodes). */
  default boolean needsProcessControl() {
    return false;
  }

  /** Every nemesis by name. */
  static List<String> names() {
    return List.of(
        "partition", "partition-clients", "one-way", "blackhole", "latency", "bandwidth", "slicer",
        "reset-peer", "kill", "pause", "restart", "client-pause", "failover", "backlog-shrink",
        "output-buffer", "diverge");
  }

  /** Parses a comma-separated list such as {@code partition,kill}; "none" gives an empty list. */
  static List<Nemesis> parse(String spec) {
    List<Nemesis> list = new ArrayList<>();
    if (spec == null || spec.isBlank() || spec.equals("none")) return list;
    for (String name : spec.split(",")) {
      list.add(named(name.strip()));
    }
    return list;
  }

  static Nemesis named(String name) {
    return switch (name) {
      case "partition" -> new LinkNemesis(name, LinkNemesis.Kind.PARTITION);
      case "one-way" -> new LinkNemesis(name, LinkNemesis.Kind.ONE_WAY);
      case "blackhole" -> new LinkNemesis(name, LinkNemesis.Kind.BLACKHOLE);
      case "latency" -> new LinkNemesis(name, LinkNemesis.Kind.LATENCY);
      case "bandwidth" -> new LinkNemesis(name, LinkNemesis.Kind.BANDWIDTH);
      case "slicer" -> new LinkNemesis(name, LinkNemesis.Kind.SLICER);
      case "reset-peer" -> new LinkNemesis(name, LinkNemesis.Kind.RESET_PEER);
      case "partition-clients" -> new ClientPartitionNemesis();
      case "kill", "pause", "restart" -> new ProcessNemesis(name);
      case "client-pause" -> new ClientPauseNemesis();
      case "failover" -> new FailoverNemesis();
      case "backlog-shrink" -> new BacklogShrinkNemesis();
      case "output-buffer" -> new OutputBufferNemesis();
      case "diverge" -> new DivergeNemesis();
      default -> throw new IllegalArgumentException(
          "unknown nemesis '" + name + "' (" + String.join(", ", names()) + ", none)");
    };
  }

  /** A random replica of the deployment. */
  static Node randomReplica(Deployment d, Random random) {
    List<Node> replicas = d.replicas();
    if (replicas.isEmpty()) throw new IllegalStateException("this nemesis needs at least one replica");
    return replicas.get(random.nextInt(replicas.size()));
  }
}
