package io.replicheck.nemesis;

import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.cluster.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** One kind of fault. Implementations are small and stateless; a fault carries its own undo. */
public interface Nemesis {

  /** The name used in {@code --nemesis} and in reports. */
  String name();

  /** Starts one fault on the deployment, choosing its target with {@code random}. */
  ActiveFault start(Deployment deployment, Random random) throws Exception;

  /**
   * The roles this nemesis can be aimed at ({@link Role}); empty when it picks its own target (a
   * failover, a divergence). Generated schedules draw one of them per fault.
   */
  default List<Role> roles() {
    return List.of();
  }

  /**
   * Starts one fault on a node of {@code role} (null: the nemesis's own choice), picked with {@code
   * random}. Nemeses without roles ignore it.
   */
  default ActiveFault start(Deployment deployment, Random random, Role role) throws Exception {
    return start(deployment, random);
  }

  /**
   * True when a fault of this nemesis holds the node it hits, so that a fault that overlaps it and
   * holds nodes too takes another node when it can (a pause and a restart of one process would undo
   * each other). Faults of links hold nothing: a cut on a link whose stream is slowed, or a replica
   * killed while its link is cut, are what overlapping faults are for.
   */
  default boolean holdsNode() {
    return needsProcessControl();
  }

  /**
   * True when starting and healing a fault of this nemesis needs the master's answers (it sets and
   * restores the master's configuration): one that overlaps a fault holding the master (a pause)
   * waits for that heal, else it would fail half applied.
   */
  default boolean needsMasterAnswers() {
    return false;
  }

  /** True when this nemesis needs a cluster that controls processes (not external nodes). */
  default boolean needsProcessControl() {
    return false;
  }

  /** Every nemesis by name ({@link Nemeses}, the registry). */
  static List<String> names() {
    return Nemeses.names();
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
    return Nemeses.kind(name).make().get();
  }

  /**
   * A random node of {@code role} (null: any replica). A role no node plays now (a middle replica
   * after a failover made the tree a star) falls back to any replica, which the fault's description
   * then names with its real role. The deployment's {@link Deployment#focus() focus} (the replica
   * the fault waited for) is taken instead when it plays the role; the random pick is drawn either
   * way, so the fault's other choices stay those of its seed.
   */
  static Node randomNode(Deployment d, Random random, Role role) {
    List<Node> nodes = role == null ? List.of() : d.nodesOf(role);
    return nodes.isEmpty() ? randomReplica(d, random) : pick(d, nodes, random);
  }

  /** A random replica of the deployment (its focus, when it has one). */
  static Node randomReplica(Deployment d, Random random) {
    List<Node> replicas = d.replicas();
    if (replicas.isEmpty())
      throw new IllegalStateException("this nemesis needs at least one replica");
    return pick(d, replicas, random);
  }

  /**
   * The deployment's focus when it is among {@code nodes}, else a random one (drawn either way);
   * among the nodes no active fault {@link Deployment#held() holds}, when the starting fault {@link
   * Deployment#avoidingHeld() avoids them} and there are others. Recorded as what the starting
   * fault picked.
   */
  private static Node pick(Deployment d, List<Node> nodes, Random random) {
    var held = d.avoidingHeld() ? d.held() : java.util.Set.<Node>of();
    List<Node> free =
        held.isEmpty() ? nodes : nodes.stream().filter(n -> !held.contains(n)).toList();
    List<Node> from = free.isEmpty() ? nodes : free;
    Node picked = from.get(random.nextInt(from.size()));
    Node focus = d.focus();
    Node node = focus != null && from.contains(focus) ? focus : picked;
    d.picked(node);
    return node;
  }
}
