package io.replicheck.explore;

import io.replicheck.cluster.Role;
import io.replicheck.cluster.Topology;
import io.replicheck.explore.config.ConfigSpace;
import io.replicheck.explore.config.NodeConfig;
import io.replicheck.explore.coverage.ScheduleMutator;
import io.replicheck.explore.shape.DataShape;
import io.replicheck.nemesis.Nemeses;
import io.replicheck.nemesis.Nemesis;
import io.replicheck.runner.OpWindow;
import io.replicheck.runner.ScheduledFault;
import io.replicheck.runner.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The coverage mutations of a {@link Schedule}: faults moved, added, dropped or pointed at another
 * node or link (another target seed), and other key counts or value sizes, drawn within the
 * generator's options. Every result passes {@link Schedule#validate()}: faults stay one after
 * another, never overlapping, between the warm-up and the end of the run. The node configuration is
 * changed by a {@link Reconfigure} plugged in with {@link #reconfiguringWith}; without one {@code
 * reconfigure} does not apply.
 */
public final class ScheduleStepMutator implements ScheduleMutator<Schedule> {
  /** Where generated faults start at the earliest and how long before the end they heal. */
  static final long WARM_UP_MILLIS = 1000;

  static final long TAIL_MILLIS = 500;

  /** Fault target seeds are drawn from 0 .. this, as {@link ScheduleGen} draws them. */
  static final long TARGET_SEEDS = 1 << 20;

  /** Draws one configuration value of a schedule anew; empty when the schedule has none. */
  @FunctionalInterface
  public interface Reconfigure {
    Optional<Schedule> apply(Schedule schedule, SplittableRandom random);
  }

  private final ScheduleGen.Options options;
  private final Reconfigure reconfigure;

  public ScheduleStepMutator(ScheduleGen.Options options) {
    this(options, (s, r) -> Optional.empty());
  }

  private ScheduleStepMutator(ScheduleGen.Options options, Reconfigure reconfigure) {
    this.options = options;
    this.reconfigure = reconfigure;
  }

  /**
   * This mutator with {@code reconfigure} as the {@code reconfigure} operator (the seam for the
   * schedule's node configuration).
   */
  public ScheduleStepMutator reconfiguringWith(Reconfigure r) {
    return new ScheduleStepMutator(options, r);
  }

  /**
   * This mutator drawing {@code reconfigure} from {@code space}: one directive of the schedule's
   * configuration (of every node, or of the first master) takes the value of a fresh draw, or goes
   * back to the server's default when the fresh draw leaves it out; null: no reconfigure.
   */
  public ScheduleStepMutator reconfiguringFrom(ConfigSpace space) {
    if (space == null) return this;
    return reconfiguringWith(
        (schedule, random) -> {
          if (schedule.config() == null) return Optional.empty();
          NodeConfig fresh = space.gen().sample(random.nextLong(), 100);
          NodeConfig now = schedule.config();
          boolean master = random.nextInt(4) == 0;
          Map<String, String> from = master ? fresh.master() : fresh.all();
          Map<String, String> to = new TreeMap<>(master ? now.master() : now.all());
          TreeSet<String> names = new TreeSet<>(from.keySet());
          names.addAll(to.keySet());
          if (names.isEmpty()) return Optional.empty();
          String name = new ArrayList<>(names).get(random.nextInt(names.size()));
          String value = from.get(name);
          if (value == null) to.remove(name);
          else to.put(name, value);
          NodeConfig c = master ? new NodeConfig(now.all(), to) : new NodeConfig(to, now.master());
          if (c.equals(now) || !c.admissible()) return Optional.empty();
          return Optional.of(schedule.withConfig(c));
        });
  }

  @Override
  public Optional<Schedule> moveFault(Schedule s, SplittableRandom r) {
    List<ScheduledFault> faults = s.faults();
    if (faults.isEmpty()) return Optional.empty();
    int i = r.nextInt(faults.size());
    ScheduledFault f = faults.get(i);
    // when a fault starts is its time, the phase it waits for and whether it overlaps the one
    // before: one move in three redraws how it starts (a phase or none, and keeps the time; or
    // inside the fault before it); a redraw that changes nothing moves the time
    if (r.nextInt(3) == 0) {
      if (i > 0 && ScheduleGen.overlap().sample(r.nextLong(), 100)) {
        long end =
            i + 1 < faults.size() ? faults.get(i + 1).atMillis() : s.timeMillis() - TAIL_MILLIS;
        Optional<ScheduledFault> inside = overlapping(s, faults.get(i - 1), f, end, r);
        if (inside.isPresent()) return Optional.of(replace(s, f, inside.get()));
      } else if (!f.overlap()) {
        String after = drawAfter(r);
        if (!Objects.equals(after, f.after())) return Optional.of(replace(s, f, f.after(after)));
      }
      // one that overlaps and stops overlapping moves in time too (below)
    }
    long lo = Math.min(WARM_UP_MILLIS, f.atMillis());
    for (ScheduledFault before : faults.subList(0, i)) lo = Math.max(lo, before.endMillis());
    long hi =
        i == faults.size() - 1
            ? Math.max(s.timeMillis() - TAIL_MILLIS, f.endMillis())
            : faults.get(i + 1).atMillis();
    long room = hi - lo;
    long minD = Math.min(options.minFaultMillis(), room);
    long maxD = Math.min(options.maxFaultMillis(), room);
    if (maxD < 100) return Optional.empty();
    long d = round(between(r, Math.max(100, minD), maxD));
    d = Math.max(100, Math.min(d, room / 100 * 100));
    long at = lo + round(between(r, 0, room - d));
    if (at + d > hi) at = hi - d;
    ScheduledFault moved = f.at(at).lasting(d).overlapping(false);
    if (moved.equals(f)) return Optional.empty();
    return Optional.of(replace(s, f, moved));
  }

  @Override
  public Optional<Schedule> addFault(Schedule s, SplittableRandom r) {
    // no more faults than a fresh draw has at most, so runs stay as bounded as drawn ones
    if (s.faults().size() >= options.maxFaults()) return Optional.empty();
    String nemesis = drawNemesis(r);
    if (nemesis == null) return Optional.empty();
    // the gaps of the timeline where a shortest fault fits
    List<long[]> gaps = new ArrayList<>();
    long cursor = WARM_UP_MILLIS;
    long end = s.timeMillis() - TAIL_MILLIS;
    for (ScheduledFault f : s.faults()) {
      if (f.atMillis() - cursor >= options.minFaultMillis())
        gaps.add(new long[] {cursor, f.atMillis()});
      cursor = Math.max(cursor, f.endMillis());
    }
    if (end - cursor >= options.minFaultMillis()) gaps.add(new long[] {cursor, end});
    if (gaps.isEmpty()) return Optional.empty();
    long[] g = gaps.get(r.nextInt(gaps.size()));
    long lo = roundUp(g[0]);
    long room = g[1] - lo;
    if (room < options.minFaultMillis()) return Optional.empty();
    long d = round(between(r, options.minFaultMillis(), Math.min(options.maxFaultMillis(), room)));
    d = Math.max(options.minFaultMillis(), Math.min(d, room));
    long at = lo + round(between(r, 0, room - d));
    if (at + d > g[1]) at = g[1] - d;
    List<Step> steps = new ArrayList<>(s.steps());
    steps.add(
        aim(
            s,
            new ScheduledFault(nemesis, at, d, r.nextLong(TARGET_SEEDS)).after(drawAfter(r)),
            r));
    return Optional.of(s.withSteps(steps));
  }

  @Override
  public Optional<Schedule> dropFault(Schedule s, SplittableRandom r) {
    List<ScheduledFault> faults = s.faults();
    // keep one: a schedule without faults tests only the first sync (as ScheduleGen draws them)
    if (faults.size() < 2) return Optional.empty();
    ScheduledFault f = faults.get(r.nextInt(faults.size()));
    List<Step> steps = new ArrayList<>(s.steps());
    steps.remove(f);
    return Optional.of(s.withSteps(steps));
  }

  @Override
  public Optional<Schedule> retarget(Schedule s, SplittableRandom r) {
    List<ScheduledFault> faults = s.faults();
    if (faults.isEmpty()) return Optional.empty();
    ScheduledFault f = faults.get(r.nextInt(faults.size()));
    long seed = r.nextLong(TARGET_SEEDS);
    if (seed == f.seed()) seed = (seed + 1) % TARGET_SEEDS;
    // another node or link of a role drawn anew among those the nemesis takes and the topology has
    return Optional.of(
        replace(
            s,
            f,
            aim(
                s,
                new ScheduledFault(f.nemesis(), f.atMillis(), f.durationMillis(), seed)
                    .after(f.after())
                    .overlapping(f.overlap()),
                r)));
  }

  /**
   * {@code f} moved inside {@code before} (after its first 100 ms, before its end), by the clock,
   * overlapping it, and over by {@code end} (the next fault's start); empty when the two do not
   * compose or there is no room.
   */
  private static Optional<ScheduledFault> overlapping(
      Schedule s, ScheduledFault before, ScheduledFault f, long end, SplittableRandom r) {
    if (Topology.parse(s.topology()).sentinel() != null
        || !Nemeses.composes(before.nemesis(), f.nemesis())
        || before.durationMillis() <= 200) return Optional.empty();
    long at = round(before.atMillis() + 100 + between(r, 0, before.durationMillis() - 200));
    long d = Math.min(f.durationMillis(), (end - at) / 100 * 100);
    if (d < 100) return Optional.empty();
    return Optional.of(f.at(at).lasting(d).after(null).overlapping(true));
  }

  /** A fault's phase as {@link ScheduleGen} draws it (null: none). */
  private static String drawAfter(SplittableRandom r) {
    return ScheduleGen.after().sample(r.nextLong(), 100);
  }

  /** {@code f} aimed at a role its nemesis takes and {@code s}'s topology has (drawn), if any. */
  private static ScheduledFault aim(Schedule s, ScheduledFault f, SplittableRandom r) {
    f = ScheduleGen.applicable(f, s.topology());
    List<Role> present = Role.of(Topology.parse(s.topology()), s.replicas());
    List<Role> roles =
        Nemesis.named(f.nemesis()).roles().stream().filter(present::contains).toList();
    return roles.isEmpty() ? f : f.on(roles.get(r.nextInt(roles.size())).label());
  }

  /** {@code f} still aimed at a role {@code s} has, else re-aimed. */
  private static ScheduledFault fit(Schedule s, ScheduledFault f, SplittableRandom r) {
    // a nemesis that does not apply on the new topology (Sentinel's own, or not under Sentinel)
    ScheduledFault applicable = ScheduleGen.applicable(f, s.topology());
    if (applicable != f) return aim(s, applicable, r);
    if (f.target() == null) return f;
    List<Role> present = Role.of(Topology.parse(s.topology()), s.replicas());
    return present.contains(Role.parse(f.target())) ? f : aim(s, f, r);
  }

  @Override
  public Optional<Schedule> reshape(Schedule s, SplittableRandom r) {
    // only where shapes are drawn: --no-data-shapes schedules have none and keep none
    if (s.shape() == null) return Optional.empty();
    DataShape fresh = DataShape.gen().sample(r.nextLong(), 100);
    DataShape now = s.shape();
    // the neighbourhood: one part of the shape from a fresh draw (the largest value, the preload,
    // the rate or the db), the rest kept; a whole new shape one time in four
    DataShape d =
        switch (r.nextInt(5)) {
          case 0 ->
              new DataShape(
                  fresh.maxValueBytes(),
                  now.preloadKeys(),
                  now.preloadValueBytes(),
                  now.rate(),
                  now.db());
          case 1 ->
              new DataShape(
                  now.maxValueBytes(),
                  fresh.preloadKeys(),
                  fresh.preloadValueBytes(),
                  now.rate(),
                  now.db());
          case 2 ->
              new DataShape(
                  now.maxValueBytes(),
                  now.preloadKeys(),
                  now.preloadValueBytes(),
                  fresh.rate(),
                  now.db());
          case 3 ->
              new DataShape(
                  now.maxValueBytes(),
                  now.preloadKeys(),
                  now.preloadValueBytes(),
                  now.rate(),
                  fresh.db());
          default -> fresh;
        };
    if (d.equals(now)) return Optional.empty();
    Schedule out = s.withShape(d);
    if (out.workload().equals("bulk")) out = out.withValueSize((int) d.maxValueBytes());
    return Optional.of(out);
  }

  @Override
  public Optional<Schedule> rework(Schedule s, SplittableRandom r) {
    List<String> others =
        options.workloads().stream().filter(w -> !w.equals(s.workload())).toList();
    boolean clients = options.maxClients() > 1;
    if (others.isEmpty() && !clients) return Optional.empty();
    if (!others.isEmpty() && (!clients || r.nextBoolean())) {
      // another workload, the rest of the schedule (timeline, config, shape, topology) kept
      String w = others.get(r.nextInt(others.size()));
      int size =
          !w.equals("bulk")
              ? 100
              : s.shape() != null
                  ? (int) s.shape().maxValueBytes()
                  : logUniform(r, options.maxValueSize());
      return Optional.of(s.withWorkload(w, size));
    }
    int n = 1 + r.nextInt(options.maxClients());
    if (n == s.clients()) n = n == 1 ? 2 : n - 1;
    if (n < s.clients()) return Optional.of(s.withClients(n));
    // more clients: each new one runs a copy of a window of an existing client
    List<OpWindow> windows = s.ops();
    if (windows.isEmpty()) return Optional.empty();
    List<Step> steps = new ArrayList<>(s.steps());
    for (int c = s.clients(); c < n; c++) steps.add(windows.get(r.nextInt(windows.size())).on(c));
    return Optional.of(
        new Schedule(
            s.workload(),
            n,
            s.replicas(),
            s.topology(),
            s.keys(),
            s.valueSize(),
            s.timeMillis(),
            steps,
            s.db(),
            s.config(),
            s.shape()));
  }

  @Override
  public Optional<Schedule> retopology(Schedule s, SplittableRandom r) {
    // a pinned --topology stays; otherwise star 1..max, chain 2..max, mix 3..max (and Sentinel's
    // star 1..max when drawn) as drawn
    int max = options.replicas();
    if (options.topology() != null || max < 2) return Optional.empty();
    List<String> shapes = new ArrayList<>(List.of("star", "chain"));
    if (max >= 3) shapes.add("mix");
    if (options.drawSentinel()) shapes.add("sentinel");
    String t = shapes.get(r.nextInt(shapes.size()));
    int min = t.equals("star") || t.equals("sentinel") ? 1 : t.equals("chain") ? 2 : 3;
    int n = min + r.nextInt(max - min + 1);
    if (t.equals(s.topology()) && n == s.replicas()) return Optional.empty();
    Schedule out = s.withTopology(t).withReplicas(n);
    List<Step> steps = new ArrayList<>();
    for (Step st : out.steps()) {
      if (st instanceof ScheduledFault f && ScheduleGen.leftOut(f, t)) continue;
      steps.add(st instanceof ScheduledFault f ? fit(out, f, r) : st);
    }
    return Optional.of(out.withSteps(steps));
  }

  /** A trimmed run keeps at least this long a run phase (what {@link ScheduleGen} allows). */
  static final long MIN_TIME_MILLIS = 3000;

  /** A trimmed run keeps at least this much of writes after its last fault heals. */
  static final long AFTER_LAST_FAULT_MILLIS = 1000;

  @Override
  public Optional<Schedule> trim(Schedule s, SplittableRandom r) {
    long lastEnd = 0;
    for (ScheduledFault f : s.faults()) lastEnd = Math.max(lastEnd, f.endMillis());
    long lo = roundUp(Math.max(MIN_TIME_MILLIS, lastEnd + AFTER_LAST_FAULT_MILLIS));
    long hi = round(s.timeMillis() - TAIL_MILLIS);
    if (hi < lo) return Optional.empty();
    long t = lo + round(between(r, 0, hi - lo));
    List<Step> steps = new ArrayList<>();
    boolean hadOps = false, hasOps = false;
    for (Step st : s.steps()) {
      if (st instanceof OpWindow w) {
        hadOps = true;
        if (w.atMillis() >= t) continue; // a window that would open after the end
        hasOps = true;
        steps.add(w.endMillis() > t ? w.lasting(t - w.atMillis()) : w);
      } else {
        steps.add(st); // faults end before t by the choice of lo
      }
    }
    if (hadOps && !hasOps) return Optional.empty(); // a run without writes tests nothing
    return Optional.of(s.withTime(t).withSteps(steps));
  }

  @Override
  public Optional<Schedule> splice(Schedule a, Schedule b, SplittableRandom r) {
    // a's faults that end before the cut, b's that start after it (re-aimed to a's topology)
    long end = a.timeMillis() - TAIL_MILLIS;
    if (end <= WARM_UP_MILLIS) return Optional.empty();
    long cut = roundUp(WARM_UP_MILLIS + r.nextLong(end - WARM_UP_MILLIS));
    List<Step> steps = new ArrayList<>();
    for (Step st : a.steps()) {
      if (!(st instanceof ScheduledFault f) || f.endMillis() <= cut) steps.add(st);
    }
    int added = 0;
    for (ScheduledFault f : b.faults()) {
      if (f.atMillis() >= cut && f.endMillis() <= end) {
        steps.add(aim(a, f, r));
        added++;
      }
    }
    Schedule out = a.withSteps(steps);
    // and now and then b's configuration or data shape
    if (b.config() != null && a.config() != null && r.nextBoolean())
      out = out.withConfig(b.config());
    if (b.shape() != null && a.shape() != null && r.nextBoolean()) {
      out = out.withShape(b.shape());
      if (out.workload().equals("bulk")) out = out.withValueSize((int) b.shape().maxValueBytes());
    }
    if (out.faults().isEmpty() || out.faults().size() > options.maxFaults() || out.equals(a))
      return Optional.empty();
    if (added == 0 && out.steps().equals(a.steps()) && out.equals(a)) return Optional.empty();
    try {
      out.validate();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.of(out);
  }

  @Override
  public Optional<Schedule> reconfigure(Schedule s, SplittableRandom r) {
    return reconfigure.apply(s, r);
  }

  @Override
  public Optional<Schedule> resizeValues(Schedule s, SplittableRandom r) {
    boolean values = s.workload().equals("bulk") && options.maxValueSize() > 1;
    boolean keys = options.maxKeys() > 1;
    if (!values && !keys) return Optional.empty();
    if (values && (!keys || r.nextBoolean())) {
      int v = logUniform(r, options.maxValueSize());
      if (v == s.valueSize()) v = v == 1 ? 2 : v - 1;
      return Optional.of(s.withValueSize(v));
    }
    int k = logUniform(r, options.maxKeys());
    if (k == s.keys()) k = k == 1 ? 2 : k - 1;
    return Optional.of(s.withKeys(k));
  }

  private String drawNemesis(SplittableRandom r) {
    long total = 0;
    for (int w : options.nemesisWeights().values()) total += Math.max(0, w);
    if (total <= 0 || options.maxFaults() <= 0) return null;
    long at = r.nextLong(total);
    for (Map.Entry<String, Integer> e : options.nemesisWeights().entrySet()) {
      at -= Math.max(0, e.getValue());
      if (at < 0) return e.getKey();
    }
    return null;
  }

  private static Schedule replace(Schedule s, Step old, Step now) {
    List<Step> steps = new ArrayList<>(s.steps());
    steps.set(steps.indexOf(old), now);
    return s.withSteps(steps);
  }

  private static long between(SplittableRandom r, long lo, long hi) {
    return hi <= lo ? lo : lo + r.nextLong(hi - lo + 1);
  }

  private static long round(long ms) {
    return ms / 100 * 100;
  }

  private static long roundUp(long ms) {
    return (ms + 99) / 100 * 100;
  }

  /** 1 .. max, log-uniform: small and large sizes alike. */
  private static int logUniform(SplittableRandom r, int max) {
    double v = Math.exp(r.nextDouble() * Math.log(max));
    return (int) Math.max(1, Math.min(max, Math.round(v)));
  }
}
