package io.replicheck.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Who replicates from whom: for each node its upstream. n1 is always the master. The notation,
 * which run specs and replay.json record as is:
 *
 * <ul>
 *   <li>{@code star}: every other node is a replica of n1.
 *   <li>{@code chain}: each node replicates from the one before it (n1 <- n2 <- n3 ...); chained
 *       replicas forward the stream and have failure modes of their own.
 *   <li>{@code mix}: a star whose first replica has its own replicas: n2 and n3 replicate from n1,
 *       every later nK from n(K-2) (with 3 replicas: n1 [n2 [n4], n3]). Needs 3 replicas or more.
 *   <li>{@code tree:U2,U3,...}: explicit; Uk is the number of node nK's upstream, below K ({@code
 *       tree:1,1,2} is the mix of 3 replicas). The list fixes the number of replicas.
 *   <li>{@code sentinel[:N,down-after-ms=MS,failover-timeout-ms=MS]}: a star watched and failed
 *       over by N real Sentinel processes ({@link SentinelSettings}); who is master then changes
 *       when Sentinel says so, not when the harness does.
 * </ul>
 */
public final class Topology {

  public static final Topology STAR = new Topology("star", null);
  public static final Topology CHAIN = new Topology("chain", null);
  public static final Topology MIX = new Topology("mix", null);

  /** The named shapes, in the order the explorer draws them. */
  public static final List<String> SHAPES = List.of("star", "chain", "mix");

  private static final String SYNTAX =
      "star, chain, mix, tree:U2,U3,... where Uk is the number of nK's upstream, below K, or"
          + " sentinel[:N,down-after-ms=MS,failover-timeout-ms=MS]";

  private final String shape;
  private final int[] upstreams; // tree only: upstreams[k-2] is the 1-based upstream of nK
  private final SentinelSettings sentinel; // sentinel only

  private Topology(String shape, int[] upstreams) {
    this(shape, upstreams, null);
  }

  private Topology(String shape, int[] upstreams, SentinelSettings sentinel) {
    this.shape = shape;
    this.upstreams = upstreams;
    this.sentinel = sentinel;
  }

  /** The sentinels' settings of a {@code sentinel} topology, or null for the others. */
  public SentinelSettings sentinel() {
    return sentinel;
  }

  /** Parses the notation above; anything else fails with the list of forms. */
  public static Topology parse(String spec) {
    if (spec == null) throw new IllegalArgumentException("no topology (" + SYNTAX + ")");
    switch (spec) {
      case "star":
        return STAR;
      case "chain":
        return CHAIN;
      case "mix":
        return MIX;
      case "sentinel":
        return new Topology("sentinel", null, SentinelSettings.defaults());
      default:
        break;
    }
    if (spec.startsWith("sentinel:"))
      return new Topology(
          "sentinel", null, SentinelSettings.parse(spec.substring("sentinel:".length())));
    if (!spec.startsWith("tree:"))
      throw new IllegalArgumentException("unknown topology '" + spec + "' (" + SYNTAX + ")");
    String[] parts = spec.substring("tree:".length()).split(",", -1);
    int[] ups = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      int k = i + 2;
      try {
        ups[i] = Integer.parseInt(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "topology '"
                + spec
                + "': upstream of n"
                + k
                + " is not a node number ("
                + SYNTAX
                + ")");
      }
      if (ups[i] < 1 || ups[i] >= k)
        throw new IllegalArgumentException(
            "topology '"
                + spec
                + "': n"
                + k
                + "'s upstream must be a node before it (1.."
                + (k - 1)
                + "), was "
                + ups[i]);
    }
    return new Topology("tree", ups);
  }

  /** The notation this topology was parsed from. */
  public String spec() {
    if (sentinel != null)
      return sentinel.equals(SentinelSettings.defaults()) ? shape : shape + ":" + sentinel.spec();
    if (upstreams == null) return shape;
    StringBuilder b = new StringBuilder("tree:");
    for (int i = 0; i < upstreams.length; i++) b.append(i == 0 ? "" : ",").append(upstreams[i]);
    return b.toString();
  }

  /** {@code star}, {@code chain}, {@code mix}, {@code tree} or {@code sentinel}. */
  public String shape() {
    return shape;
  }

  /** The fewest replicas this topology takes; an explicit tree takes exactly its own. */
  public int minReplicas() {
    return switch (shape) {
      case "mix" -> 3;
      case "tree" -> upstreams.length;
      default -> 1;
    };
  }

  /** Fails with one clear message when this topology cannot have {@code replicas} replicas. */
  public void requireReplicas(int replicas) {
    if (upstreams != null && replicas != upstreams.length)
      throw new IllegalArgumentException(
          "topology " + spec() + " has " + upstreams.length + " replicas, not " + replicas);
    if (replicas < minReplicas())
      throw new IllegalArgumentException(
          "topology " + spec() + " needs at least " + minReplicas() + " replicas, was " + replicas);
  }

  /** The upstream of node {@code i} (0-based) in a list of nodes, or -1 for the master. */
  public int upstreamOf(int i) {
    if (i <= 0) return -1;
    return switch (shape) {
      case "star", "sentinel" -> 0;
      case "chain" -> i - 1;
      // a mix with fewer than 3 replicas (only while shrinking) is the star it degenerates to
      case "mix" -> i <= 2 ? 0 : i - 2;
      default -> {
        if (i - 1 >= upstreams.length)
          throw new IllegalArgumentException(
              "topology " + spec() + " names no upstream for n" + (i + 1));
        yield upstreams[i - 1] - 1;
      }
    };
  }

  public <T> T upstream(List<T> nodes, int i) {
    int u = upstreamOf(i);
    return u < 0 ? null : nodes.get(u);
  }

  /** The 0-based upstream of every node of a cluster of {@code nodes} ({@code -1} for n1). */
  public int[] upstreams(int nodes) {
    int[] out = new int[nodes];
    for (int i = 0; i < nodes; i++) out[i] = upstreamOf(i);
    return out;
  }

  /** Hops from the master to the deepest replica (a star: 1, a chain of 3 replicas: 3). */
  public int depth(int replicas) {
    int[] ups = upstreams(replicas + 1);
    int deepest = 0;
    for (int i = 1; i < ups.length; i++) {
      int d = 0;
      for (int j = i; j > 0; j = ups[j]) d++;
      deepest = Math.max(deepest, d);
    }
    return deepest;
  }

  /**
   * The shape with the nodes it has, nested by upstream: {@code mix n1 [n2 [n4], n3]} for a mix of
   * 3 replicas.
   */
  public String describe(int replicas) {
    int[] ups = upstreams(replicas + 1);
    String tree = spec() + " " + describe(ups, 0);
    if (sentinel == null) return tree;
    return tree
        + " watched by "
        + sentinel.sentinels()
        + " sentinels (quorum "
        + sentinel.quorum()
        + ", down-after "
        + sentinel.downAfterMs()
        + " ms, failover-timeout "
        + sentinel.failoverTimeoutMs()
        + " ms)";
  }

  private static String describe(int[] ups, int node) {
    List<String> children = new ArrayList<>();
    for (int i = 1; i < ups.length; i++) if (ups[i] == node) children.add(describe(ups, i));
    return "n" + (node + 1) + (children.isEmpty() ? "" : " [" + String.join(", ", children) + "]");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Topology t
        && t.shape.equals(shape)
        && Arrays.equals(t.upstreams, upstreams)
        && java.util.Objects.equals(t.sentinel, sentinel);
  }

  @Override
  public int hashCode() {
    return shape.hashCode() * 31 + Arrays.hashCode(upstreams);
  }

  @Override
  public String toString() {
    return spec();
  }
}
