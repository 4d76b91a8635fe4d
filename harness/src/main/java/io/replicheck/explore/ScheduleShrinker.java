package io.replicheck.explore;

import io.replicheck.gen.Budget;
import io.replicheck.gen.Shrink;
import io.replicheck.gen.ShrinkResult;
import io.replicheck.gen.Shrinker;
import io.replicheck.runner.OpWindow;
import io.replicheck.runner.ScheduledFault;
import io.replicheck.runner.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Shrinks a failing schedule: removes faults (chunks, then one at a time), removes op windows,
 * closes gaps and trims the tail, shortens faults and windows, lets faults start by the clock
 * instead of a replication phase, and reduces clients, keys, replicas and value sizes. A run
 * reproduces the failure when it is invalid with one of the invariants the original failed (so
 * shrinking does not wander to another bug). A candidate counts as failing when two of up to {@code
 * repeats} runs reproduce it (one when {@code repeats} is 1): the second failure confirms the
 * first, so a schedule that failed once by chance (a ping landing in a snapshot window the bug also
 * breaks) is not taken for the bug's reproduction, and a failure that shows up only sometimes still
 * gets {@code repeats} tries. Runs stop as soon as the answer is known. Greedy and deterministic in
 * the candidates it tries; bounded by a {@link Budget}.
 */
public final class ScheduleShrinker {

  /** The shortest fault or op window shrinking produces. */
  static final long MIN_STEP_MILLIS = 500;

  /**
   * Called after each run, so long shrinks can show progress (candidate 1.., or replay 1.. of
   * {@link #steadiest}).
   */
  @FunctionalInterface
  public interface Listener {
    void ran(int candidate, Schedule schedule, Outcome outcome);
  }

  /**
   * @param original the schedule shrinking started from
   * @param shrunk the smallest schedule that still failed
   * @param candidatesTried candidates tested (each up to {@code repeats} runs)
   * @param runs executions in all
   * @param budgetExhausted the budget ended the search
   * @param lastFailure the outcome of the last failing run of {@code shrunk} (null if none ran)
   * @param chain the schedules shrinking moved through: {@code original} first, {@code shrunk} last
   */
  public record Result(
      Schedule original,
      Schedule shrunk,
      int candidatesTried,
      int runs,
      boolean budgetExhausted,
      Outcome lastFailure,
      List<Schedule> chain) {

    public Result {
      chain = List.copyOf(chain);
    }

    /**
     * Where the replay of this shrink goes: the folder of its last failing run, else {@code
     * orElse}.
     */
    public Path replayFile(Path orElse) {
      return (lastFailure != null && lastFailure.dir() != null ? lastFailure.dir() : orElse)
          .resolve("replay.json");
    }

    /**
     * The same shrink with {@code s} (one of the chain) as its result and {@code failure} its
     * failure.
     */
    Result settledOn(Schedule s, Outcome failure) {
      return new Result(original, s, candidatesTried, runs, budgetExhausted, failure, chain);
    }
  }

  /**
   * The outcome of {@link #steadiest}: the shrink settled on the schedule kept, how many of its
   * runs reproduced the failure, and for each smaller schedule of the chain given up before it,
   * why.
   */
  public record Steadiest(Result result, int reproduced, int runs, List<String> givenUp) {}

  private final ScheduleExecutor executor;
  private final int repeats;
  private final Budget budget;
  private final Listener listener;

  public ScheduleShrinker(
      ScheduleExecutor executor, int repeats, Budget budget, Listener listener) {
    if (repeats < 1) throw new IllegalArgumentException("repeats must be >= 1");
    this.executor = executor;
    this.repeats = repeats;
    this.budget = budget;
    this.listener = listener;
  }

  /**
   * Shrinks {@code failing}, which failed with invariants {@code ids} (empty: any invalid run
   * counts) when run with {@code seed}.
   */
  public Result shrink(Schedule failing, long seed, Set<String> ids, Outcome originalFailure) {
    int[] runs = {0};
    int[] candidate = {0};
    Map<Schedule, Outcome> failures = new HashMap<>();
    // a schedule that did not count as failing is not run again when another path reaches it
    Set<Schedule> passed = new java.util.HashSet<>();
    int needed = failuresNeeded(repeats);
    List<Schedule> chain = new ArrayList<>(List.of(failing));
    ShrinkResult<Schedule> r =
        Shrinker.shrink(
            failing,
            s -> candidates(s).filter(c -> !passed.contains(c)),
            s -> {
              candidate[0]++;
              int failed = 0;
              for (int i = 0; i < repeats && failed + (repeats - i) >= needed; i++) {
                Outcome o = runOnce(s, seed);
                runs[0]++;
                listener.ran(candidate[0], s, o);
                if (o.reproduces(ids)) {
                  failures.put(s, o);
                  if (++failed == needed) {
                    chain.add(s);
                    return true;
                  }
                }
              }
              passed.add(s);
              failures.remove(s);
              return false;
            },
            budget,
            (c, f, n) -> {});
    Outcome last = failures.getOrDefault(r.shrunk(), originalFailure);
    return new Result(
        failing, r.shrunk(), r.candidatesTried(), runs[0], r.budgetExhausted(), last, chain);
  }

  /**
   * Replays the shrunk schedule {@code runs} times; if one run does not reproduce the failure,
   * gives it up for a larger schedule of the chain ({@link #fallbacks}), up to {@code tries}
   * schedules. A shrunk schedule can fail often yet not always (a bug that needs a ping to land in
   * a snapshot window fails by chance on any schedule): a replay should fail every time, so the
   * smallest schedule that does is kept. Without one, the one that failed most is kept, with its
   * count. Runs of a schedule stop at its first pass. {@code replays} hears of each run, numbered
   * from 1 per schedule.
   */
  public Steadiest steadiest(
      Result r, long seed, Set<String> ids, int runs, int tries, Listener replays) {
    List<Schedule> chain = r.chain();
    List<String> tried = new ArrayList<>();
    Steadiest best = null;
    for (int index : fallbacks(chain.size(), tries)) {
      Schedule s = chain.get(index);
      Outcome failure = s == r.shrunk() ? r.lastFailure() : null;
      int reproduced = 0;
      int ran = 0;
      while (ran < runs) {
        Outcome o = runOnce(s, seed);
        ran++;
        replays.ran(ran, s, o);
        if (!o.reproduces(ids)) break;
        reproduced++;
        failure = o;
      }
      // the steadiest so far; a tie keeps the smaller schedule
      if (best == null || reproduced > best.reproduced()) {
        best = new Steadiest(r.settledOn(s, failure), reproduced, ran, List.copyOf(tried));
      }
      if (reproduced == runs) break;
      tried.add(
          s.steps().size() + "-step schedule failed " + reproduced + " of " + ran + " replays");
    }
    return best;
  }

  /**
   * Which schedules of a chain of {@code size} {@link #steadiest} tries, at most {@code tries}: the
   * last (the shrunk one), then ever further back (1, 2, 4, ... steps), and the original last of
   * all, the one schedule known to have failed before shrinking began.
   */
  static List<Integer> fallbacks(int size, int tries) {
    List<Integer> out = new ArrayList<>(List.of(size - 1));
    int index = size - 1;
    for (int back = 1; out.size() < tries - 1 && index - back > 0; back *= 2) {
      index -= back;
      out.add(index);
    }
    if (out.size() < tries && !out.contains(0)) out.add(0);
    return out;
  }

  private Outcome runOnce(Schedule s, long seed) {
    try {
      return executor.execute(s, seed);
    } catch (RuntimeException e) {
      // a run that could not be carried out says nothing about the bug: count it as a pass
      return new Outcome("error", Set.of(), null, String.valueOf(e.getMessage()));
    }
  }

  /** Smaller variants of {@code s}, most reducing first; every one is a valid schedule. */
  public static Stream<Schedule> candidates(Schedule s) {
    List<Function<Schedule, Stream<Schedule>>> kinds =
        List.of(
            ScheduleShrinker::removeFaults,
            ScheduleShrinker::removeOps,
            ScheduleShrinker::shortenWaits,
            ScheduleShrinker::shortenSteps,
            ScheduleShrinker::clockOnly,
            x -> Shrink.towards(x.clients(), 1).map(n -> x.withClients(n.intValue())),
            x -> Shrink.towards(x.keys(), 1).map(n -> x.withKeys(n.intValue())),
            x -> Shrink.towards(x.replicas(), 1).map(n -> x.withReplicas(n.intValue())),
            x -> x.db() == 0 ? Stream.empty() : Stream.of(x.withDb(0)),
            x ->
                x.workload().equals("bulk")
                    ? Shrink.towards(x.valueSize(), 1).map(n -> x.withValueSize(n.intValue()))
                    : Stream.empty(),
            // issue 14: each drawn directive back at its default, then a simpler data shape
            x ->
                x.config() == null
                    ? Stream.empty()
                    : x.config().shrinkCandidates().stream().map(x::withConfig),
            x ->
                x.shape() == null
                    ? Stream.empty()
                    : x.shape().shrinkCandidates().stream().map(d -> x.withShape(d)));
    return kinds.stream()
        .flatMap(k -> k.apply(s))
        .filter(c -> !c.equals(s))
        .filter(ScheduleShrinker::valid)
        .distinct();
  }

  private static Stream<Schedule> removeFaults(Schedule s) {
    List<Step> ops = new ArrayList<>(s.ops());
    return Shrink.removals(s.faults(), 0)
        .map(
            fs -> {
              List<Step> steps = new ArrayList<>(ops);
              steps.addAll(fs);
              return s.withSteps(steps);
            });
  }

  private static Stream<Schedule> removeOps(Schedule s) {
    List<Step> faults = new ArrayList<>(s.faults());
    return Shrink.removals(s.ops(), 0)
        .map(
            os -> {
              List<Step> steps = new ArrayList<>(faults);
              steps.addAll(os);
              return s.withSteps(steps);
            });
  }

  /**
   * Faults that start by the clock alone, one after the other, instead of waiting for a replication
   * phase or overlapping the fault before: all of them, then each one.
   */
  private static Stream<Schedule> clockOnly(Schedule s) {
    List<ScheduledFault> faults = s.faults();
    if (faults.stream().allMatch(f -> f.after() == null && !f.overlap())) return Stream.empty();
    List<Schedule> out = new ArrayList<>();
    out.add(s.withSteps(sequential(s, i -> true)));
    for (int i = 0; i < faults.size(); i++) {
      if (faults.get(i).after() == null && !faults.get(i).overlap()) continue;
      int only = i;
      out.add(s.withSteps(sequential(s, j -> j == only)));
    }
    return out.stream();
  }

  /**
   * {@code s}'s steps with the chosen faults by the clock: one that overlapped the faults before it
   * starts when the last of them ends, and the faults after it move as far.
   */
  private static List<Step> sequential(Schedule s, java.util.function.IntPredicate chosen) {
    List<Step> steps = new ArrayList<>(s.ops());
    List<ScheduledFault> faults = s.faults();
    long shift = 0, end = 0;
    for (int i = 0; i < faults.size(); i++) {
      ScheduledFault f = faults.get(i).at(faults.get(i).atMillis() + shift);
      if (chosen.test(i)) {
        if (f.overlap() && f.atMillis() < end) {
          shift += end - f.atMillis();
          f = f.at(end);
        }
        f = f.after(null).overlapping(false);
      }
      steps.add(f);
      end = Math.max(end, f.endMillis());
    }
    return steps;
  }

  /**
   * Trims the time after the last step, then halves every idle gap before and between faults (op
   * windows move with the fault they precede, clamped to the run).
   */
  private static Stream<Schedule> shortenWaits(Schedule s) {
    List<Schedule> out = new ArrayList<>();
    long end = roundUp(Math.max(s.lastEndMillis() + MIN_STEP_MILLIS, 3000));
    if (end < s.timeMillis()) out.add(s.withTime(end));
    List<ScheduledFault> faults = s.faults();
    if (!faults.isEmpty()) {
      List<Step> steps = new ArrayList<>();
      long oldEnd = 0;
      long newEnd = 0;
      long firstShift = 0;
      for (ScheduledFault f : faults) {
        long gap = f.atMillis() - oldEnd;
        long at = roundDown(newEnd + gap / 2);
        if (steps.isEmpty()) firstShift = f.atMillis() - at;
        steps.add(f.at(at));
        oldEnd = f.endMillis();
        newEnd = at + f.durationMillis();
      }
      long shift = firstShift;
      for (OpWindow o : s.ops()) steps.add(o.at(Math.max(0, o.atMillis() - shift)));
      if (newEnd < oldEnd) out.add(s.withSteps(steps));
    }
    return out.stream();
  }

  /** Halves the length of all faults, then of all op windows, then of each fault alone. */
  private static Stream<Schedule> shortenSteps(Schedule s) {
    List<Schedule> out = new ArrayList<>();
    out.add(
        s.withSteps(
            s.steps().stream().map(x -> x instanceof ScheduledFault ? halve(x) : x).toList()));
    out.add(
        s.withSteps(s.steps().stream().map(x -> x instanceof OpWindow ? halve(x) : x).toList()));
    List<Step> steps = s.steps();
    for (int i = 0; i < steps.size(); i++) {
      if (!(steps.get(i) instanceof ScheduledFault)) continue;
      List<Step> copy = new ArrayList<>(steps);
      copy.set(i, halve(steps.get(i)));
      out.add(s.withSteps(copy));
    }
    return out.stream();
  }

  private static Step halve(Step x) {
    return x.lasting(Math.max(MIN_STEP_MILLIS, roundDown(x.durationMillis() / 2)));
  }

  private static boolean valid(Schedule s) {
    try {
      s.validate();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static long roundDown(long ms) {
    return ms / 100 * 100;
  }

  private static long roundUp(long ms) {
    return (ms + 999) / 1000 * 1000;
  }

  /**
   * Failing runs that make a candidate count as failing: two, confirming each other, when repeats
   * allow.
   */
  static int failuresNeeded(int repeats) {
    return Math.min(2, repeats);
  }

  /** The invariants to keep failing: those the original failure broke. */
  public static Set<String> idsOf(Outcome o) {
    return new LinkedHashSet<>(o.failed());
  }
}
