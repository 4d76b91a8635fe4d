package io.replicheck.explore;

import io.replicheck.explore.coverage.ScheduleMutator;
import io.replicheck.runner.ScheduledFault;
import io.replicheck.runner.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

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

  @Override
  public Optional<Schedule> moveFault(Schedule s, SplittableRandom r) {
    List<ScheduledFault> faults = s.faults();
    if (faults.isEmpty()) return Optional.empty();
    int i = r.nextInt(faults.size());
    ScheduledFault f = faults.get(i);
    long lo = i == 0 ? Math.min(WARM_UP_MILLIS, f.atMillis()) : faults.get(i - 1).endMillis();
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
    ScheduledFault moved = f.at(at).lasting(d);
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
    steps.add(new ScheduledFault(nemesis, at, d, r.nextLong(TARGET_SEEDS)));
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
    return Optional.of(
        replace(s, f, new ScheduledFault(f.nemesis(), f.atMillis(), f.durationMillis(), seed)));
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
