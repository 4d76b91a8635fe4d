package io.replicheck.explore;

import io.replicheck.cluster.Role;
import io.replicheck.cluster.Topology;
import io.replicheck.explore.config.ConfigSpace;
import io.replicheck.explore.shape.DataShape;
import io.replicheck.gen.Gen;
import io.replicheck.nemesis.Nemeses;
import io.replicheck.nemesis.Nemesis;
import io.replicheck.runner.OpWindow;
import io.replicheck.runner.ReplicationPhase;
import io.replicheck.runner.ScheduledFault;
import io.replicheck.runner.Step;
import io.replicheck.workload.Workload;
import io.replicheck.workload.Workloads;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws schedules from a seed with the project's generator engine; the same seed and options give
 * the same schedule. Each client gets one or two op windows; faults come one after another (never
 * overlapping) after a warm-up second, each a nemesis chosen by weight, with a gap before it and a
 * duration. Unless the options pin one, each schedule draws its topology (star of 1-3 replicas,
 * chain of depth 2-3, mix and, when the options draw it, Sentinel's star) and each fault the role
 * of the node it hits, among those its nemesis takes and the topology has (master, middle, leaf).
 */
public final class ScheduleGen {

  /**
   * Workloads drawn by default (weight 1 in {@link Workloads}): list-append and register are
   * checked for linearizability (P3); bulk deletes keys and writes keys with short TTLs, which only
   * the sync invariants (FS1, P5) see.
   */
  public static final List<String> DEFAULT_WORKLOADS = Workloads.defaults();

  /** Faults drawn by default, with their weights: the nemesis registry's ({@link Nemeses}). */
  public static final Map<String, Integer> DEFAULT_WEIGHTS = Nemeses.defaultWeights();

  private static final long WARM_UP_MILLIS = 1000;
  private static final long TAIL_MILLIS = 500;

  /**
   * Op rates per client a second: bounded so that a 10 s schedule's history stays within what the
   * linearizability checker decides in seconds (unbounded clients make tens of thousands of ops).
   */
  private static final Integer[] RATES = {20, 50, 100, 200};

  /**
   * What users choose.
   *
   * @param workloads drawn uniformly
   * @param nemesisWeights nemesis name to weight
   * @param timeMillis run phase length of every schedule
   * @param maxClients clients drawn from 1..maxClients
   * @param replicas the most replicas: a star draws 1..replicas (one replica leaves an idle master
   *     silent: with no replica attached it sends no pings, so a reconnecting replica has every
   *     byte), a drawn chain 2..replicas, a mix 3..replicas
   * @param topology a {@link Topology} notation that every schedule uses, or null to draw one per
   *     schedule among star, chain and mix
   * @param maxKeys keys drawn from 1..maxKeys
   * @param maxValueSize value sizes (bulk) drawn from 1..maxValueSize
   * @param maxFaults at most this many faults
   * @param minFaultMillis shortest fault
   * @param maxFaultMillis longest fault
   * @param maxReadPercent reads in an op window drawn from 0..maxReadPercent %
   * @param maxDb the database clients use, drawn from 0..maxDb
   * @param drawSentinel whether an unpinned topology is also drawn as {@code sentinel} (a star
   *     failed over by real Sentinel processes; needs redis-sentinel on PATH), beside star, chain
   *     and mix
   */
  public record Options(
      List<String> workloads,
      Map<String, Integer> nemesisWeights,
      long timeMillis,
      int maxClients,
      int replicas,
      String topology,
      int maxKeys,
      int maxValueSize,
      int maxFaults,
      long minFaultMillis,
      long maxFaultMillis,
      int maxReadPercent,
      int maxDb,
      boolean drawSentinel) {

    public Options {
      workloads = List.copyOf(workloads);
      nemesisWeights = new LinkedHashMap<>(nemesisWeights);
      if (workloads.isEmpty()) throw new IllegalArgumentException("no workloads to draw from");
      for (String w : workloads)
        Workload.named(w, 1, 1); // unknown names fail here, with the list of known ones
      for (Map.Entry<String, Integer> e : nemesisWeights.entrySet()) {
        if (!Nemesis.names().contains(e.getKey())) {
          throw new IllegalArgumentException(
              "unknown nemesis '" + e.getKey() + "' (" + String.join(", ", Nemesis.names()) + ")");
        }
        if (e.getValue() < 0)
          throw new IllegalArgumentException("weight of " + e.getKey() + " must be >= 0");
      }
      if (timeMillis < WARM_UP_MILLIS + 2000)
        throw new IllegalArgumentException("schedules need at least 3 s (--time)");
      if (maxClients < 1 || maxKeys < 1 || maxValueSize < 1 || replicas < 1) {
        throw new IllegalArgumentException(
            "clients, keys, value size and replicas must be at least 1");
      }
      if (maxFaults < 0 || minFaultMillis < 100 || maxFaultMillis < minFaultMillis) {
        throw new IllegalArgumentException(
            "fault count and durations are invalid (need 100 ms <= min <= max)");
      }
      if (maxReadPercent < 0 || maxReadPercent > 100)
        throw new IllegalArgumentException("read percent must be 0..100");
      if (maxDb < 0 || maxDb > 15) throw new IllegalArgumentException("max db must be 0..15");
      // a pinned topology must fit the most replicas (a mix needs 3, a tree its own count)
      if (topology != null) Topology.parse(topology).requireReplicas(replicas);
    }

    /**
     * list-append, register and bulk, the default weights, 10 s, up to 4 clients, star, chain and
     * mix (up to 3 replicas; Sentinel only by {@link #withSentinelDrawn}), up to 5 keys, up to 4
     * faults, db 0 or 1.
     */
    public static Options defaults() {
      return new Options(
          DEFAULT_WORKLOADS,
          DEFAULT_WEIGHTS,
          10_000,
          4,
          3,
          null,
          5,
          1000,
          4,
          1000,
          4000,
          50,
          1,
          false);
    }

    /** The same options with the sentinel topology drawn among the others, or not. */
    public Options withSentinelDrawn(boolean draw) {
      return new Options(
          workloads,
          nemesisWeights,
          timeMillis,
          maxClients,
          replicas,
          topology,
          maxKeys,
          maxValueSize,
          maxFaults,
          minFaultMillis,
          maxFaultMillis,
          maxReadPercent,
          maxDb,
          draw);
    }

    /** The same options with every schedule on {@code spec} (null: drawn per schedule). */
    public Options withTopology(String spec, int maxReplicas) {
      return new Options(
          workloads,
          nemesisWeights,
          timeMillis,
          maxClients,
          maxReplicas,
          spec,
          maxKeys,
          maxValueSize,
          maxFaults,
          minFaultMillis,
          maxFaultMillis,
          maxReadPercent,
          maxDb,
          drawSentinel);
    }

    public Options withTime(long ms) {
      return new Options(
          workloads,
          nemesisWeights,
          ms,
          maxClients,
          replicas,
          topology,
          maxKeys,
          maxValueSize,
          maxFaults,
          minFaultMillis,
          maxFaultMillis,
          maxReadPercent,
          maxDb,
          drawSentinel);
    }

    public Options withWeights(Map<String, Integer> weights) {
      return new Options(
          workloads,
          weights,
          timeMillis,
          maxClients,
          replicas,
          topology,
          maxKeys,
          maxValueSize,
          maxFaults,
          minFaultMillis,
          maxFaultMillis,
          maxReadPercent,
          maxDb,
          drawSentinel);
    }

    /** The same options with other bounds on clients and keys. */
    public Options withLimits(int clients, int keys) {
      return new Options(
          workloads,
          nemesisWeights,
          timeMillis,
          clients,
          replicas,
          topology,
          keys,
          maxValueSize,
          maxFaults,
          minFaultMillis,
          maxFaultMillis,
          maxReadPercent,
          maxDb,
          drawSentinel);
    }

    public Options withWorkloads(List<String> names) {
      return new Options(
          names,
          nemesisWeights,
          timeMillis,
          maxClients,
          replicas,
          topology,
          maxKeys,
          maxValueSize,
          maxFaults,
          minFaultMillis,
          maxFaultMillis,
          maxReadPercent,
          maxDb,
          drawSentinel);
    }
  }

  private final Options options;
  private final Gen<Schedule> gen;
  // issue 14: the nodes' configuration and the data shape, drawn after the rest (null: not drawn)
  private final ConfigSpace space;
  private final boolean shapes;

  public ScheduleGen(Options options) {
    this(options, null, false);
  }

  private ScheduleGen(Options options, ConfigSpace space, boolean shapes) {
    this.options = options;
    this.space = space;
    this.shapes = shapes;
    this.gen = drawing(build(options), space, shapes);
  }

  /**
   * These options with each schedule's node configuration drawn from {@code space} (null: none, the
   * harness's arguments only) and, with {@code shapes}, a {@link DataShape} (preload, rate, value
   * sizes, db). The default exploration draws both; the same seed still gives the same schedule.
   */
  public ScheduleGen drawing(ConfigSpace space, boolean shapes) {
    return new ScheduleGen(options, space, shapes);
  }

  /** The configuration space drawn from, or null. */
  public ConfigSpace space() {
    return space;
  }

  private static Gen<Schedule> drawing(Gen<Schedule> base, ConfigSpace space, boolean shapes) {
    Gen<Schedule> g = base;
    if (space != null) g = g.flatMap(s -> space.gen().map(s::withConfig));
    if (shapes) g = g.flatMap(s -> DataShape.gen().map(d -> sized(s.withShape(d))));
    return g;
  }

  /** A bulk schedule's values are sized by its shape: valueSize is then the largest. */
  private static Schedule sized(Schedule s) {
    return s.workload().equals("bulk") ? s.withValueSize((int) s.shape().maxValueBytes()) : s;
  }

  public Options options() {
    return options;
  }

  /** The schedule of {@code seed}. */
  public Schedule generate(long seed) {
    return gen.sample(seed, 100);
  }

  /** The generator itself, for properties over schedules. */
  public Gen<Schedule> gen() {
    return gen;
  }

  /** Parses {@code partition=3,kill=1}; named nemeses get those weights, all others 0. */
  public static Map<String, Integer> parseWeights(String text) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String p = part.strip();
      if (p.isEmpty()) continue;
      String[] kv = p.split("=", 2);
      try {
        out.put(kv[0].strip(), kv.length == 1 ? 1 : Integer.parseInt(kv[1].strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("weight '" + p + "' is not name=integer");
      }
    }
    return out;
  }

  private static Gen<Schedule> build(Options o) {
    long time = o.timeMillis();
    List<Map.Entry<Integer, Gen<String>>> weighted = new ArrayList<>();
    o.nemesisWeights().forEach((name, w) -> weighted.add(Map.entry(w, Gen.constant(name))));
    boolean anyFault = weighted.stream().anyMatch(e -> e.getKey() > 0) && o.maxFaults() > 0;
    Gen<String> nemesis = anyFault ? Gen.frequency(weighted) : Gen.constant("partition");
    // a fault before placement: gap after the previous one, duration, nemesis, target seed
    Gen<long[]> rawFault =
        Gen.choose(0, 2000)
            .flatMap(
                gap ->
                    Gen.choose(o.minFaultMillis(), o.maxFaultMillis())
                        .flatMap(
                            d -> Gen.choose(0, 1 << 20).map(seed -> new long[] {gap, d, seed})));
    // at least one fault: a schedule without any tests only the first sync, which every run does
    Gen<List<Step>> faults =
        anyFault
            ? Gen.listOf(
                    Gen.sequence(
                        List.of(
                            rawFault.map(a -> (Object) a),
                            nemesis.map(n -> (Object) n),
                            after().map(p -> (Object) p),
                            overlap().map(v -> (Object) v))),
                    1,
                    o.maxFaults())
                .map(raw -> place(raw, time, o.minFaultMillis()))
            : Gen.constant(List.of());
    return Gen.elements(o.workloads().toArray(new String[0]))
        .flatMap(
            workload ->
                Gen.chooseInt(1, o.maxClients())
                    .flatMap(
                        clients ->
                            Gen.chooseInt(1, o.maxKeys())
                                .flatMap(
                                    keys ->
                                        (workload.equals("bulk")
                                                ? Gen.chooseInt(1, o.maxValueSize())
                                                : Gen.constant(100))
                                            .flatMap(
                                                valueSize ->
                                                    layout(o)
                                                        .flatMap(
                                                            layout ->
                                                                Gen.chooseInt(0, o.maxDb())
                                                                    .flatMap(
                                                                        db ->
                                                                            opWindows(
                                                                                    clients,
                                                                                    time,
                                                                                    o
                                                                                        .maxReadPercent())
                                                                                .flatMap(
                                                                                    ops ->
                                                                                        faults.map(
                                                                                            fs -> {
                                                                                              List<
                                                                                                      Step>
                                                                                                  steps =
                                                                                                      new ArrayList<>(
                                                                                                          ops);
                                                                                              steps
                                                                                                  .addAll(
                                                                                                      aim(
                                                                                                          fs,
                                                                                                          layout));
                                                                                              return new Schedule(
                                                                                                  workload,
                                                                                                  clients,
                                                                                                  layout
                                                                                                      .replicas(),
                                                                                                  layout
                                                                                                      .topology(),
                                                                                                  keys,
                                                                                                  valueSize,
                                                                                                  time,
                                                                                                  steps,
                                                                                                  db);
                                                                                            }))))))));
  }

  /** A schedule's topology notation and its number of replicas. */
  record Layout(String topology, int replicas) {}

  /**
   * The topology and replicas of a schedule: pinned by the options (replicas 1..max; a mix 3..max,
   * a tree its own), or drawn evenly among a star of 1..max replicas, a chain of 2..max (depth 2-3
   * with 3), a mix of 3..max, as far as max allows, and (when the options draw it) a star of 1..max
   * replicas failed over by Sentinel ({@code sentinel}, its default settings).
   */
  static Gen<Layout> layout(Options o) {
    int max = o.replicas();
    if (o.topology() != null) {
      Topology t = Topology.parse(o.topology());
      int min = Math.min(max, t.minReplicas());
      return Gen.chooseInt(t.shape().equals("tree") ? max : min, max)
          .map(n -> new Layout(o.topology(), n));
    }
    List<Map.Entry<Integer, Gen<Layout>>> shapes = new ArrayList<>();
    shapes.add(Map.entry(1, Gen.chooseInt(1, max).map(n -> new Layout("star", n))));
    if (max >= 2) shapes.add(Map.entry(1, Gen.chooseInt(2, max).map(n -> new Layout("chain", n))));
    if (max >= 3) shapes.add(Map.entry(1, Gen.chooseInt(3, max).map(n -> new Layout("mix", n))));
    if (o.drawSentinel())
      shapes.add(Map.entry(1, Gen.chooseInt(1, max).map(n -> new Layout("sentinel", n))));
    return Gen.frequency(shapes);
  }

  /**
   * Each fault aimed at a role its nemesis takes and the topology has (master, middle, leaf),
   * picked by its seed: evenly among those roles, recorded in the step (replay.json). Nemeses that
   * pick their own target (failover, diverge, ...) stay unaimed.
   */
  static List<Step> aim(List<Step> faults, Layout layout) {
    List<Role> present = Role.of(Topology.parse(layout.topology()), layout.replicas());
    List<Step> out = new ArrayList<>();
    for (Step s : faults) {
      if (!(s instanceof ScheduledFault f)) {
        out.add(s);
        continue;
      }
      if (leftOut(f, layout.topology())) continue;
      f = applicable(f, layout.topology());
      List<Role> roles =
          Nemesis.named(f.nemesis()).roles().stream().filter(present::contains).toList();
      out.add(roles.isEmpty() ? f : f.on(roles.get(pick(f.seed(), roles.size())).label()));
    }
    return out;
  }

  /**
   * True when {@code f} has no place on {@code topology}: no fault overlaps another under Sentinel,
   * so one drawn (or mutated) so is left out.
   */
  static boolean leftOut(ScheduledFault f, String topology) {
    return f.overlap() && Topology.parse(topology).sentinel() != null;
  }

  /**
   * {@code f} with a nemesis that applies on {@code topology}, picked by its seed: under Sentinel a
   * fault of one replication link or the manual failover becomes one of Sentinel's own
   * (isolate-master, partition-sentinels-..., ...); elsewhere one of Sentinel's own becomes one of
   * the catalogue's defaults. {@code f} itself (unaimed when replaced) when it applies. Under
   * Sentinel no fault overlaps another ({@link ScheduledFault#overlap}).
   */
  public static ScheduledFault applicable(ScheduledFault f, String topology) {
    boolean sentinel = Topology.parse(topology).sentinel() != null;
    boolean sentinelOnly = Nemeses.SENTINEL_ONLY.contains(f.nemesis());
    List<String> instead;
    if (sentinel && !sentinelOnly && !Nemeses.UNDER_SENTINEL.contains(f.nemesis()))
      instead = Nemeses.SENTINEL_ONLY.stream().sorted().toList();
    else if (!sentinel && sentinelOnly)
      instead =
          DEFAULT_WEIGHTS.entrySet().stream()
              .filter(e -> e.getValue() > 0 && !Nemeses.SENTINEL_ONLY.contains(e.getKey()))
              .map(Map.Entry::getKey)
              .sorted()
              .toList();
    else return sentinel && f.overlap() ? f.overlapping(false) : f;
    String nemesis = instead.get(pick(f.seed(), instead.size()));
    return new ScheduledFault(nemesis, f.atMillis(), f.durationMillis(), f.seed())
        .after(f.after())
        .overlapping(f.overlap() && !sentinel && Nemeses.composes(nemesis));
  }

  /**
   * An index below {@code n} from a fault's seed, mixed so that it does not follow the node the
   * same seed picks.
   */
  static int pick(long seed, int n) {
    long h = (seed + 1) * 0x9E3779B97F4A7C15L;
    return (int) Long.remainderUnsigned(h ^ (h >>> 29), n);
  }

  /**
   * One or two windows per client, rounded to 100 ms, starting in the first half of the run. Half
   * of them are short (at most a third of what remains), so the master is sometimes idle, which is
   * when a reconnecting replica has every byte (the edge of the backlog window); the others last to
   * the end, so that writes follow the faults (a partial resync, a full sync, expiry behind a
   * lagging link are seen only through the writes after them).
   */
  private static Gen<List<Step>> opWindows(int clients, long time, int maxRead) {
    List<Gen<List<Step>>> perClient = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      Gen<Step> window =
          Gen.choose(0, time / 200)
              .flatMap(
                  at100 -> {
                    long at = at100 * 100;
                    long left = (time - at) / 100;
                    Gen<Long> shortWindow =
                        Gen.choose(Math.min(10, left), Math.max(Math.min(10, left), left / 3));
                    Gen<Long> length =
                        Gen.frequency(
                            List.of(Map.entry(1, shortWindow), Map.entry(1, Gen.constant(left))));
                    return length.flatMap(
                        d100 ->
                            readShare(maxRead)
                                .flatMap(
                                    reads ->
                                        Gen.elements(RATES)
                                            .map(
                                                rate ->
                                                    (Step)
                                                        new OpWindow(
                                                            client,
                                                            at,
                                                            Math.max(100, d100 * 100),
                                                            reads,
                                                            rate))));
                  });
      perClient.add(window.list(1, 2));
    }
    return Gen.sequence(perClient).map(lists -> lists.stream().flatMap(List::stream).toList());
  }

  /**
   * Reads in a window: 0..maxRead %, or (one window in three) only reads, which leave the master's
   * offset still as an idle master does.
   */
  private static Gen<Integer> readShare(int maxRead) {
    return Gen.frequency(
        List.of(Map.entry(2, Gen.chooseInt(0, maxRead)), Map.entry(1, Gen.constant(100))));
  }

  /**
   * What a fault after the first waits for before it starts: half of them nothing (the clock
   * alone), the others a {@link ReplicationPhase} drawn evenly, so that faults land in a replica's
   * reconnection or full sync, moments that last milliseconds to a second and a clock rarely hits.
   * Every phase is drawn alike: none is favoured for a bug it is known to reach.
   */
  static Gen<String> after() {
    List<Map.Entry<Integer, Gen<String>>> w = new ArrayList<>();
    w.add(Map.entry(ReplicationPhase.values().length, Gen.constant(null)));
    for (ReplicationPhase p : ReplicationPhase.values())
      w.add(Map.entry(1, Gen.constant(p.label())));
    return Gen.frequency(w);
  }

  /**
   * Whether a fault after the first overlaps the one before it (one in three): it starts while that
   * one is still active, so two faults act at once (a replica killed while its link is cut, the
   * master paused while a replica's stream is sliced), as Jepsen composes nemeses.
   */
  static Gen<Boolean> overlap() {
    return Gen.frequency(
        List.of(Map.entry(2, Gen.constant(false)), Map.entry(1, Gen.constant(true))));
  }

  /**
   * Lays faults end to end after the warm-up, but for those that overlap the one before (when both
   * compose): such a fault starts inside the one before, at its gap's share of it. Those that would
   * not heal before the end are dropped.
   */
  private static List<Step> place(List<List<Object>> raw, long time, long minFault) {
    List<Step> out = new ArrayList<>();
    long cursor = WARM_UP_MILLIS;
    ScheduledFault last = null;
    for (List<Object> r : raw) {
      long[] a = (long[]) r.get(0);
      String nemesis = (String) r.get(1);
      boolean overlap =
          last != null
              && (Boolean) r.get(3)
              && Nemeses.composes(last.nemesis(), nemesis)
              && last.durationMillis() > 200;
      long at =
          overlap
              ? (last.atMillis() + 100 + a[0] % (last.durationMillis() - 200)) / 100 * 100
              : (cursor + a[0]) / 100 * 100;
      // a fault that would outlast the run is cut short, down to the shortest fault allowed
      long d = Math.min(a[1], time - TAIL_MILLIS - at) / 100 * 100;
      if (d < minFault) break;
      // the first fault waits for no phase: before it the links are steady, so none would come;
      // one that overlaps starts by the clock, inside the one before
      String after = out.isEmpty() || overlap ? null : (String) r.get(2);
      last = new ScheduledFault(nemesis, at, d, a[2]).after(after).overlapping(overlap);
      out.add(last);
      cursor = Math.max(cursor, at + d);
    }
    return out;
  }
}
