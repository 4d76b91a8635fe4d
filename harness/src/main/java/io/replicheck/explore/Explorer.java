package io.replicheck.explore;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Runs generated schedules, seeds {@code seed, seed+1, ...}, until one fails, the run count is
 * reached or the time budget is spent (checked between runs). The first failing schedule is shrunk
 * and saved as {@code replay.json} in the folder of its last failing run (or under the store when
 * the executor keeps no folders).
 */
public final class Explorer {
  /** Schedules of a shrink's chain that verifying may fall back to, the shrunk one included. */
  static final int VERIFY_TRIES = 3;

  /**
   * @param schedules how many schedules ran (before shrinking)
   * @param valid how many of them were valid
   * @param unknown how many ended unknown
   * @param firstFailureSeed seed of the failing schedule, or null
   * @param secondsToFailure seconds from the start to the first failure, or -1
   * @param failing the first failing schedule, or null
   * @param failure its outcome, or null
   * @param shrink the shrink of the failure, or null (also when not asked to shrink)
   * @param replay the replay written, or null
   * @param replayFile where it was written, or null
   */
  public record Result(
      int schedules,
      int valid,
      int unknown,
      Long firstFailureSeed,
      double secondsToFailure,
      Schedule failing,
      Outcome failure,
      ScheduleShrinker.Result shrink,
      Replay replay,
      Path replayFile) {
    public boolean failed() {
      return failure != null;
    }
  }

  private final ScheduleGen gen;
  private final ScheduleExecutor executor;
  private final ScheduleShrinker shrinker;
  private final Target target;
  private final Path store;
  private final PrintStream log;
  private final LongSupplier nanoClock;
  private final int verify;

  public Explorer(
      ScheduleGen gen,
      ScheduleExecutor executor,
      ScheduleShrinker shrinker,
      Target target,
      Path store,
      PrintStream log,
      LongSupplier nanoClock) {
    this(gen, executor, shrinker, target, store, log, nanoClock, 0);
  }

  private Explorer(
      ScheduleGen gen,
      ScheduleExecutor executor,
      ScheduleShrinker shrinker,
      Target target,
      Path store,
      PrintStream log,
      LongSupplier nanoClock,
      int verify) {
    this.verify = verify;
    this.gen = gen;
    this.executor = executor;
    this.shrinker = shrinker;
    this.target = target;
    this.store = store;
    this.log = log;
    this.nanoClock = nanoClock;
  }

  /**
   * This explorer, replaying a shrunk schedule {@code replays} times before writing it and falling
   * back to a larger one of the shrink when a replay passes ({@link ScheduleShrinker#steadiest}).
   */
  public Explorer verifying(int replays) {
    return new Explorer(gen, executor, shrinker, target, store, log, nanoClock, replays);
  }

  private volatile java.util.function.BooleanSupplier stopped = () -> false;

  /** This explorer, starting no further schedule once {@code stop} says so (a signal came). */
  public Explorer stoppingWhen(java.util.function.BooleanSupplier stop) {
    this.stopped = stop;
    return this;
  }

  private long laneOffset = 0;
  private long laneStep = 1;

  /**
   * This explorer, running only schedules {@code k} with {@code k mod step == offset} of the
   * exploration's {@code runs} (seed {@code seed+k}): one lane of a parallel or sharded exploration
   * ({@code explore/scale}).
   */
  public Explorer lane(long offset, long step) {
    if (step < 1 || offset < 0 || offset >= step)
      throw new IllegalArgumentException("lane " + offset + " of " + step);
    this.laneOffset = offset;
    this.laneStep = step;
    return this;
  }

  /** Explores up to {@code runs} schedules within {@code timeBudget}; shrinks the first failure. */
  public Result explore(long seed, int runs, Duration timeBudget) {
    return explore(seed, runs, timeBudget, true);
  }

  /**
   * As {@link #explore(long, int, Duration)}; without {@code shrink} the failure is only reported.
   */
  public Result explore(long seed, int runs, Duration timeBudget, boolean shrink) {
    long start = nanoClock.getAsLong();
    int valid = 0;
    int unknown = 0;
    runs = runs <= laneOffset ? 0 : (int) ((runs - 1 - laneOffset) / laneStep + 1);
    for (int i = 0; i < runs; i++) {
      if (stopped.getAsBoolean()) {
        log.printf("stopped after %d schedules%n", i);
        return new Result(i, valid, unknown, null, -1, null, null, null, null, null);
      }
      if (i > 0 && nanoClock.getAsLong() - start >= timeBudget.toNanos()) {
        log.printf("time budget of %s spent after %d schedules%n", human(timeBudget), i);
        return new Result(i, valid, unknown, null, -1, null, null, null, null, null);
      }
      long s = seed + laneOffset + i * laneStep;
      Schedule schedule = gen.generate(s);
      log.printf("schedule %d/%d (seed %d): %s%n", i + 1, runs, s, schedule.describe());
      Outcome o = executor.execute(schedule, s);
      log.printf(
          "  -> %s %s%s%n", o.verdict(), o.failed().isEmpty() ? "" : o.failed() + " ", o.summary());
      if (o.invalid()) {
        double seconds = (nanoClock.getAsLong() - start) / 1e9;
        log.printf(
            "schedule of seed %d failed %s after %.1f s (%d steps)%n",
            s, o.failed(), seconds, schedule.steps().size());
        if (!shrink)
          return new Result(i + 1, valid, unknown, s, seconds, schedule, o, null, null, null);
        log.printf("shrinking ...%n");
        ScheduleShrinker.Result shrunk = shrinker.shrink(schedule, s, ScheduleShrinker.idsOf(o), o);
        shrunk = verified(shrinker, shrunk, s, ScheduleShrinker.idsOf(o), verify, log);
        Path file = shrunk.replayFile(store.resolve("explore-" + s));
        Replay replay = replayOf(shrunk, s, target, file);
        replay.write(file);
        log.printf(
            "shrunk to %d steps in %d candidates (%d runs)%s%nreplay: %s%n",
            shrunk.shrunk().steps().size(),
            shrunk.candidatesTried(),
            shrunk.runs(),
            shrunk.budgetExhausted() ? ", budget exhausted" : "",
            file);
        return new Result(i + 1, valid, unknown, s, seconds, schedule, o, shrunk, replay, file);
      }
      if (o.verdict().equals("valid")) valid++;
      else unknown++;
    }
    return new Result(runs, valid, unknown, null, -1, null, null, null, null, null);
  }

  /**
   * {@code shrunk}, or with {@code replays > 0} the smallest schedule of its chain that failed
   * every one of {@code replays} replays ({@link ScheduleShrinker#steadiest}), saying so on {@code
   * log}.
   */
  public static ScheduleShrinker.Result verified(
      ScheduleShrinker shrinker,
      ScheduleShrinker.Result shrunk,
      long seed,
      java.util.Set<String> ids,
      int replays,
      PrintStream log) {
    if (replays <= 0) return shrunk;
    log.printf("replaying the shrunk schedule %d times ...%n", replays);
    ScheduleShrinker.Steadiest kept =
        shrinker.steadiest(
            shrunk,
            seed,
            ids,
            replays,
            VERIFY_TRIES,
            (n, s, o) ->
                log.printf(
                    "  replay %d/%d (%d steps): %s %s%n",
                    n, replays, s.steps().size(), o.verdict(), o.failed()));
    kept.givenUp().forEach(g -> log.printf("  given up: %s%n", g));
    log.printf(
        "  kept %d steps: failed %d of %d replays%n",
        kept.result().shrunk().steps().size(), kept.reproduced(), kept.runs());
    return kept.result();
  }

  /** The replay of a shrink result. */
  public static Replay replayOf(ScheduleShrinker.Result r, long seed, Target target, Path file) {
    List<String> failed =
        new ArrayList<>(r.lastFailure() == null ? List.of() : r.lastFailure().failed());
    failed.sort(null);
    return new Replay(
        Replay.VERSION,
        seed,
        r.shrunk(),
        target,
        failed,
        Replay.commandFor(file),
        new Replay.ShrinkInfo(
            r.original().steps().size(), r.candidatesTried(), r.runs(), r.budgetExhausted()));
  }

  static String human(Duration d) {
    return d.toSeconds() >= 60 && d.toSeconds() % 60 == 0
        ? d.toMinutes() + "m"
        : d.toSeconds() + "s";
  }
}
