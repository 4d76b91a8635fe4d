package io.replicheck.cluster;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The part a node plays in the replication tree when a fault hits it: the {@code master}, a {@code
 * middle} replica (one that serves replicas of its own: a chain's inner node, a mix's first
 * replica), or a {@code leaf} replica (no replicas of its own; every replica of a star). Faults
 * name a role, not a node, since failovers move nodes between roles during a run.
 */
public enum Role {
  MASTER,
  MIDDLE,
  LEAF;

  /** The name schedules and replay.json record. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String label) {
    for (Role r : values()) if (r.label().equals(label)) return r;
    throw new IllegalArgumentException(
        "unknown role '"
            + label
            + "' ("
            + String.join(", ", Arrays.stream(values()).map(Role::label).toList())
            + ")");
  }

  /** The roles a topology with {@code replicas} replicas has. */
  public static List<Role> of(Topology topology, int replicas) {
    return topology.depth(replicas) > 1 ? List.of(MASTER, MIDDLE, LEAF) : List.of(MASTER, LEAF);
  }
}
