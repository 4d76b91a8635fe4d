package io.replicheck.nemesis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The registry of nemeses: each declares its name, what it does and its default weight in the
 * generated schedules once, here. {@code --nemesis} validation, the CLI help, the generator's
 * weights and the docs/nemeses.md table check come from this list. Adding a nemesis: its class, one
 * line here, its test and its docs line.
 */
public final class Nemeses {

  /**
   * One kind of fault.
   *
   * @param name the name of {@code --nemesis}, schedules and reports
   * @param description what it does, one line
   * @param weight how often generated schedules draw it by default (0: never)
   * @param make a new instance
   */
  public record Kind(String name, String description, int weight, Supplier<Nemesis> make) {}

  // Those with a weight above 0 are the generator's defaults: a seed draws the same schedule as
  // long as their order and weights stay (every one of them, since 2026-12-07, after each passed
  // explorations of it alone on redis-server and the reference server without a false alarm).
  private static final List<Kind> ALL =
      List.of(
          link(
              "partition",
              "cut a replica's link to its upstream; open connections close, new ones are refused",
              3,
              LinkNemesis.Kind.PARTITION),
          link(
              "one-way",
              "hold the upstream-to-replica stream only (timeout toxic)",
              1,
              LinkNemesis.Kind.ONE_WAY),
          process("kill", "SIGKILL a replica (middle or leaf); started again on heal", 2),
          process("pause", "SIGSTOP a node (master, middle or leaf); SIGCONT on heal", 2),
          process(
              "restart",
              "graceful stop (a master: SHUTDOWN SAVE, it persists); started again on heal",
              1),
          link(
              "latency",
              "20-220 ms latency with jitter on the upstream-to-replica stream",
              1,
              LinkNemesis.Kind.LATENCY),
          link(
              "reset-peer",
              "TCP RST shortly after the first data on every connection",
              2,
              LinkNemesis.Kind.RESET_PEER),
          new Kind(
              "client-pause",
              "CLIENT PAUSE WRITE on a node (master, middle or leaf)",
              1,
              ClientPauseNemesis::new),
          new Kind(
              "backlog-shrink",
              "tiny repl-backlog-size and a partition: a full resync",
              1,
              BacklogShrinkNemesis::new),
          new Kind(
              "failover",
              "a WAIT probe, then a coordinated failover, sometimes a split brain",
              3,
              FailoverNemesis::new),
          new Kind(
              "diverge",
              "a replica strays (REPLICAOF NO ONE, a write) and must full sync",
              3,
              DivergeNemesis::new),
          new Kind(
              "partition-clients",
              "cut the clients' link to the master",
              1,
              ClientPartitionNemesis::new),
          link(
              "blackhole",
              "the link stays up, nothing passes either way",
              1,
              LinkNemesis.Kind.BLACKHOLE),
          link(
              "bandwidth",
              "8-72 KB/s on the master-to-replica stream",
              1,
              LinkNemesis.Kind.BANDWIDTH),
          link(
              "slicer",
              "the stream sliced into 1-16 byte pieces with delays",
              1,
              LinkNemesis.Kind.SLICER),
          link(
              "limit-data",
              "each connection of a replica's link ends after 1 B..8 MB from its upstream",
              1,
              LinkNemesis.Kind.LIMIT_DATA),
          new Kind(
              "output-buffer",
              "a 16 kB replica output buffer limit: the master drops the replica",
              1,
              OutputBufferNemesis::new),
          // --topology sentinel only (RunPlan checks): never drawn by the generator
          new Kind(
              "isolate-master",
              "master + clients a | sentinels, replicas, clients b, until Sentinel fails over",
              0,
              () -> new IsolateMasterNemesis("isolate-master", false, false)),
          new Kind(
              "isolate-master-blackhole",
              "as isolate-master, the links held (packets dropped) instead of closed",
              0,
              () -> new IsolateMasterNemesis("isolate-master-blackhole", false, true)),
          new Kind(
              "isolate-master-no-quorum",
              "a majority of sentinels cut off and the master isolated: no failover may happen",
              0,
              () -> new IsolateMasterNemesis("isolate-master-no-quorum", true, false)),
          new Kind(
              "kill-sentinel",
              "SIGKILL a sentinel; started again on heal",
              0,
              () -> new SentinelNemesis("kill-sentinel", true)),
          new Kind(
              "pause-sentinel",
              "SIGSTOP a sentinel; SIGCONT on heal",
              0,
              () -> new SentinelNemesis("pause-sentinel", false)),
          new Kind(
              "partition-sentinels-minority",
              "a minority of sentinels cut off: no failover may happen",
              0,
              () -> new SentinelPartitionNemesis("partition-sentinels-minority", false)),
          new Kind(
              "partition-sentinels-majority",
              "a majority of sentinels cut off: no failover may happen",
              0,
              () -> new SentinelPartitionNemesis("partition-sentinels-majority", true)));

  /** The nemeses that need {@code --topology sentinel}. */
  public static final java.util.Set<String> SENTINEL_ONLY =
      java.util.Set.of(
          "isolate-master",
          "isolate-master-blackhole",
          "isolate-master-no-quorum",
          "kill-sentinel",
          "pause-sentinel",
          "partition-sentinels-minority",
          "partition-sentinels-majority");

  /**
   * The other nemeses that keep working under Sentinel: process faults and client faults. Faults of
   * one replication link need the harness's per-replica links, and a manual failover is Sentinel's
   * job there.
   */
  public static final java.util.Set<String> UNDER_SENTINEL =
      java.util.Set.of("kill", "pause", "restart", "client-pause");

  /**
   * The nemeses whose faults may overlap others ({@code overlap} in a schedule): every one but
   * those that move the topology (a failover, a divergence) or need Sentinel, whose checks
   * attribute what happened to one fault at a time.
   */
  public static boolean composes(String name) {
    return !SENTINEL_ONLY.contains(name) && !name.equals("failover") && !name.equals("diverge");
  }

  /**
   * True when a fault of {@code next} may run while one of {@code before} is on: both compose and
   * they are not the same nemesis (two would share a toxic's name or a setting's saved value).
   */
  public static boolean composes(String before, String next) {
    return composes(before) && composes(next) && !before.equals(next);
  }

  private static final Map<String, Kind> BY_NAME = new LinkedHashMap<>();

  static {
    for (Kind k : ALL) BY_NAME.put(k.name(), k);
  }

  private Nemeses() {}

  public static List<Kind> all() {
    return ALL;
  }

  public static List<String> names() {
    return ALL.stream().map(Kind::name).toList();
  }

  /** The nemesis called {@code name}; unknown names fail with the list of known ones. */
  public static Kind kind(String name) {
    Kind k = BY_NAME.get(name);
    if (k == null) {
      throw new IllegalArgumentException(
          "unknown nemesis '" + name + "' (" + String.join(", ", names()) + ", none)");
    }
    return k;
  }

  /** The default weights of generated schedules: every nemesis with weight above 0, in order. */
  public static Map<String, Integer> defaultWeights() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (Kind k : ALL) if (k.weight() > 0) m.put(k.name(), k.weight());
    return java.util.Collections.unmodifiableMap(m);
  }

  private static Kind link(String name, String description, int weight, LinkNemesis.Kind kind) {
    return new Kind(name, description, weight, () -> new LinkNemesis(name, kind));
  }

  private static Kind process(String name, String description, int weight) {
    return new Kind(name, description, weight, () -> new ProcessNemesis(name));
  }
}
