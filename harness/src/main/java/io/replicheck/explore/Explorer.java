package io.replicheck.explore;

import io.replicheck.explore.coverage.Corpus;
import io.replicheck.explore.coverage.CoverageLog;
import io.replicheck.explore.coverage.CoveragePolicy;
import io.replicheck.explore.coverage.ExplorePage;
import io.replicheck.explore.coverage.RunFeatures;
import io.replicheck.explore.coverage.ScheduleMutator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Runs schedules until one fails, the run count is reached or the time budget is spent (checked
 * between runs: no schedule starts once it is spent). Without {@linkplain #guidedBy guidance}
 * schedule {@code i} is the generator's draw of seed {@code seed+i}; with it, a {@link
 * CoveragePolicy} picks per schedule a fresh draw or a mutation of a corpus entry, every run's
 * features go to the corpus, a line per schedule says how many features are known, and explore.html
 * is rewritten after each schedule. The first failing schedule is shrunk and saved as {@code
 * replay.json} in the folder of its last failing run (or under the store when the executor keeps no
 * folders).
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
   * @param coverage what guidance found, or null without guidance
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
      Path replayFile,
      CoverageSummary coverage) {
    public boolean failed() {
      return failure != null;
    }
  }

  /**
   * What an exploration's coverage came to.
   *
   * @param features distinct features the corpus knows (this and earlier explorations)
   * @param newFeatures of them, first shown in this exploration
   * @param corpusEntries entries in the corpus
   * @param corpus the corpus folder
   * @param page explore.html
   */
  public record CoverageSummary(
      int features, int newFeatures, int corpusEntries, Path corpus, Path page) {}

  /**
   * Coverage guidance.
   *
   * @param corpus where features and entries are kept (a resumed corpus is mutated from the start)
   * @param policy fresh draw or mutation, per schedule ({@link CoveragePolicy#unguided} for fresh
   *     draws only, features still recorded)
   * @param mutator the mutation operators
   * @param features the features of a finished run (its store folder's, {@link #RUN_FEATURES})
   * @param page explore.html, rewritten after each schedule
   * @param title the page's title
   */
  public record Guidance(
      Corpus corpus,
      CoveragePolicy policy,
      ScheduleMutator<Schedule> mutator,
      BiFunction<Schedule, Outcome, Set<String>> features,
      Path page,
      String title) {}

  /** The features of a real run: read from its store folder (none when it kept no folder). */
  public static final BiFunction<Schedule, Outcome, Set<String>> RUN_FEATURES =
      (s, o) -> o.dir() == null ? Set.of() : RunFeatures.read(o.dir()).features();

  private final ScheduleGen gen;
  private final ScheduleExecutor executor;
  private final ScheduleShrinker shrinker;
  private final Target target;
  private final Path store;
  private final PrintStream log;
  private final LongSupplier nanoClock;
  private final int verify;
  private volatile BooleanSupplier stopped = () -> false;
  private Guidance guidance;

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
    Explorer e = new Explorer(gen, executor, shrinker, target, store, log, nanoClock, replays);
    e.stopped = stopped;
    e.guidance = guidance;
    e.sharedCoverage = sharedCoverage;
    e.coverageLane = coverageLane;
    return e;
  }

  /** This explorer, starting no further schedule once {@code stop} says so (a signal came). */
  public Explorer stoppingWhen(BooleanSupplier stop) {
    this.stopped = stop;
    return this;
  }

  /** Runs in a row that may error (throw) before the exploration gives up with the error. */
  static final int MAX_ERRORS_IN_A_ROW = 3;

  private int errorsInARow = 0;

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

  private CoverageLog sharedCoverage;
  private int coverageLane = -1;

  /**
   * This explorer, as lane {@code lane} of a parallel exploration: its schedules go into {@code
   * shared}, the one log every lane records into, so the guidance's page shows the whole
   * exploration (lanes merged, numbered in the order they finished).
   */
  public Explorer sharingCoverage(CoverageLog shared, int lane) {
    this.sharedCoverage = shared;
    this.coverageLane = lane;
    return this;
  }

  /** This explorer, guided by coverage (or, with an unguided policy, recording it). */
  public Explorer guidedBy(Guidance g) {
    this.guidance = g;
    return this;
  }

  /** Explores up to {@code runs} schedules within {@code timeBudget}; shrinks the first failure. */
  public Result explore(long seed, int runs, Duration timeBudget) {
    return explore(seed, runs, timeBudget, true);
  }

  /**
   * As {@link #explore(long, int, Duration)}; without {@code shrink} the failure is only reported.
   * {@code runs} of {@link Integer#MAX_VALUE} runs to the time budget.
   */
  public Result explore(long seed, int runs, Duration timeBudget, boolean shrink) {
    long start = nanoClock.getAsLong();
    CoverageLog coverage =
        guidance == null
            ? null
            : sharedCoverage != null
                ? sharedCoverage
                : new CoverageLog(() -> nanoClock.getAsLong() / 1_000_000);
    int seenBefore = guidance == null ? 0 : guidance.corpus().seenCount();
    int valid = 0;
    int unknown = 0;
    boolean capped = runs != Integer.MAX_VALUE;
    runs = runs <= laneOffset ? 0 : (int) ((runs - 1 - laneOffset) / laneStep + 1);
    for (int i = 0; i < runs; i++) {
      if (stopped.getAsBoolean()) {
        log.printf("stopped after %d schedules%n", i);
        return result(i, valid, unknown, seenBefore);
      }
      if (i > 0 && nanoClock.getAsLong() - start >= timeBudget.toNanos()) {
        log.printf("time budget of %s spent after %d schedules%n", human(timeBudget), i);
        return result(i, valid, unknown, seenBefore);
      }
      long k = laneOffset + i * laneStep; // the exploration's schedule number (lanes share it)
      long s = seed + k;
      CoveragePolicy.Pick<Schedule> pick = pick(seed, k);
      Schedule schedule = pick.schedule();
      log.printf(
          "schedule %d%s (seed %d)%s: %s%n",
          i + 1,
          capped ? "/" + runs : "",
          s,
          guidance == null ? "" : ", " + pick.origin(),
          schedule.describe());
      Outcome o;
      boolean errored = false;
      long began = nanoClock.getAsLong();
      try {
        o = executor.execute(schedule, s);
        errorsInARow = 0;
      } catch (RuntimeException e) {
        // a run that could not be carried out (a node too slow to start on a loaded machine) says
        // nothing about the server: it counts as unknown and the exploration goes on, unless
        // every run fails so (a binary that never starts)
        if (++errorsInARow >= MAX_ERRORS_IN_A_ROW) throw e;
        o = new Outcome("unknown", Set.of(), null, "run error: " + e.getMessage());
        errored = true;
      }
      log.printf(
          "  -> %s %s%s%n", o.verdict(), o.failed().isEmpty() ? "" : o.failed() + " ", o.summary());
      // a run cut short by a signal shows the stop, not the schedule: it joins no corpus; nor does
      // a run that errored (it has no store folder to read features from)
      if (coverage != null && !stopped.getAsBoolean() && !errored)
        observe(coverage, i + 1, s, schedule, pick, o, (nanoClock.getAsLong() - began) / 1_000_000);
      if (o.invalid()) {
        double seconds = (nanoClock.getAsLong() - start) / 1e9;
        log.printf(
            "schedule of seed %d failed %s after %.1f s (%d steps)%n",
            s, o.failed(), seconds, schedule.steps().size());
        if (!shrink)
          return new Result(
              i + 1,
              valid,
              unknown,
              s,
              seconds,
              schedule,
              o,
              null,
              null,
              null,
              summary(seenBefore));
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
        return new Result(
            i + 1,
            valid,
            unknown,
            s,
            seconds,
            schedule,
            o,
            shrunk,
            replay,
            file,
            summary(seenBefore));
      }
      if (o.verdict().equals("valid")) valid++;
      else unknown++;
    }
    return result(runs, valid, unknown, seenBefore);
  }

  /** Schedule {@code i}: the seed's draw, or what the policy makes of the corpus. */
  private CoveragePolicy.Pick<Schedule> pick(long seed, long k) {
    if (guidance == null)
      return new CoveragePolicy.Pick<>(gen.generate(seed + k), null, List.of(), null);
    return guidance
        .policy()
        .next(
            (int) k,
            guidance.corpus(),
            idx -> gen.generate(seed + idx),
            json -> Replay.parse("corpus entry", json).schedule(),
            guidance.mutator(),
            ScheduleParts::of);
  }

  /** A finished run's features into the corpus, its line printed and explore.html rewritten. */
  private void observe(
      CoverageLog coverage,
      int number,
      long seed,
      Schedule schedule,
      CoveragePolicy.Pick<Schedule> pick,
      Outcome o,
      long runMillis) {
    Set<String> features = guidance.features().apply(schedule, o);
    List<String> failed = new ArrayList<>(o.failed());
    failed.sort(null);
    // a corpus entry is a replay file: `replicheck replay entries/N/schedule.json` re-runs it
    String json = new Replay(Replay.VERSION, seed, schedule, target, failed, null, null).toJson();
    Corpus.Observation seen = guidance.corpus().observe(json, features, o.dir(), runMillis);
    // what ran, for fresh draws that cover what has not (CoveragePolicy, PartCoverage)
    guidance.corpus().partsRun().ran(ScheduleParts.of(schedule), runMillis);
    // the share of mutations follows how well they pay against fresh draws
    guidance.corpus().noteOrigin(pick.parent() != null, Corpus.weighted(seen.novel()));
    // the power schedule's feedback: did mutating these entries pay?
    if (pick.parent() != null)
      guidance.corpus().noteMutation(pick.parent(), !seen.novel().isEmpty());
    if (pick.partner() != null)
      guidance.corpus().noteMutation(pick.partner(), !seen.novel().isEmpty());
    CoverageLog.Row row =
        sharedCoverage == null
            ? coverage.record(
                number,
                o.verdict(),
                brief(schedule),
                pick.origin(),
                features.size(),
                seen.novel(),
                seen.seenCount(),
                o.dir())
            : coverage.recordNext(
                coverageLane,
                o.verdict(),
                brief(schedule),
                pick.origin(),
                features.size(),
                seen.novel(),
                seen.seenCount(),
                o.dir());
    log.println(CoverageLog.line(row));
    // lanes share the log and the page: one of them writes it at a time
    synchronized (coverage) {
      try {
        java.nio.file.Files.createDirectories(guidance.page().toAbsolutePath().getParent());
        ExplorePage.write(guidance.page(), guidance.title(), coverage, guidance.corpus().entries());
      } catch (java.io.IOException | RuntimeException e) {
        log.printf("  (explore.html not written: %s)%n", e.getMessage());
      }
    }
  }

  /** "list-append, 2 replicas (star), 3 faults". */
  static String brief(Schedule s) {
    return s.workload()
        + ", "
        + s.replicas()
        + (s.replicas() == 1 ? " replica (" : " replicas (")
        + s.topology()
        + "), "
        + s.faults().size()
        + (s.faults().size() == 1 ? " fault" : " faults");
  }

  private Result result(int schedules, int valid, int unknown, int seenBefore) {
    return new Result(
        schedules, valid, unknown, null, -1, null, null, null, null, null, summary(seenBefore));
  }

  private CoverageSummary summary(int seenBefore) {
    if (guidance == null) return null;
    Corpus c = guidance.corpus();
    return new CoverageSummary(
        c.seenCount(), c.seenCount() - seenBefore, c.entries().size(), c.dir(), guidance.page());
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
