package io.replicheck.cluster;

import java.util.List;

/**
 * Who replicates from whom. {@code star}: n1 is the master, every other node its replica. {@code
 * chain}: each node is the replica of the one before it (n1 <- n2 <- n3 ...), since chained
 * replicas forward the stream and have failure modes of their own.
 */
public enum Topology {
  STAR,
  CHAIN;

  public static Topology parse(String name) {
    return switch (name) {
      case "star" -> STAR;
      case "chain" -> CHAIN;
      default ->
          throw new IllegalArgumentException("unknown topology '" + name + "' (star, chain)");
    };
  }

  /** The upstream of node {@code i} (0-based) in a list of nodes, or -1 for the master. */
  public int upstreamOf(int i) {
    if (i == 0) return -1;
    return this == STAR ? 0 : i - 1;
  }

  public <T> T upstream(List<T> nodes, int i) {
    int u = upstreamOf(i);
    return u < 0 ? null : nodes.get(u);
  }
}
