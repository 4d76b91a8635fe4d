package io.replicheck.explore;

import io.replicheck.gen.Budget;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The detection benchmark: for each bug of the reference server's {@code --inject-bug} catalogue,
 * explore generated schedules from several seeds until one fails (time to first failure), shrink
 * the first failure, and replay the shrunk schedule several times (falling back to a larger one of
 * the shrink's chain when a replay passes, and to the next seed's failure when none of it fails
 * every replay); then run generated schedules against clean servers, which must all be valid (no
 * false alarms).
 */
public final class BugCatalogue {

  /** One catalogued bug: its name, what it does, and the invariants expected to catch it. */
  public record Bug(String name, String summary, List<String> expected) {}

  /**
   * One row of the detection table.
   *
   * @param caughtBy invariants that were invalid in the first failing runs
   * @param secondsToFailure per seed, seconds to the first failure, or null when not caught within
   *     the budget
   * @param medianSeconds median over seeds (not-caught counts as infinite), or null when most were
   *     not caught
   * @param shrunkSteps steps of the shrunk replay, or null
   * @param originalSteps steps of the schedule before shrinking, or null
   * @param candidatesTried candidates the shrinker tested
   * @param reproduced replays of the kept schedule that failed again
   * @param replays replays of it run (fewer than asked when one passed: replays stop there)
   * @param replayFile where the replay was written, or null
   * @param givenUp smaller shrunk schedules given up because a replay passed (see {@link
   *     ScheduleShrinker#steadiest})
   */
  public record Row(
      String bug,
      List<String> expected,
      List<String> caughtBy,
      List<Double> secondsToFailure,
      Double medianSeconds,
      Integer shrunkSteps,
      Integer originalSteps,
      int candidatesTried,
      int reproduced,
      int replays,
      String replayFile,
      List<String> givenUp) {}

  /** Generated runs against a clean server. */
  public record Clean(
      String server, int runs, int valid, int unknown, int invalid, List<String> invalidRuns) {}

  /** Everything the benchmark measured. */
  public record Report(List<Row> bugs, List<Clean> clean, Settings settings) {}

  /**
   * @param seeds seeds per bug for the time to first failure
   * @param perSeedSeconds exploring budget of one seed
   * @param repeats re-runs of a shrink candidate
   * @param shrinkCandidates shrinking budget per bug, in candidates
   * @param shrinkSeconds and in time
   * @param replays replays of the shrunk schedule
   * @param cleanRuns generated runs per clean server
   * @param scheduleMillis length of each generated schedule
   */
  public record Settings(
      int seeds,
      long baseSeed,
      long perSeedSeconds,
      int repeats,
      int shrinkCandidates,
      long shrinkSeconds,
      int replays,
      int cleanRuns,
      long scheduleMillis) {

    public Duration perSeedBudget() {
      return Duration.ofSeconds(perSeedSeconds);
    }

    public Duration shrinkTime() {
      return Duration.ofSeconds(shrinkSeconds);
    }
  }

  /**
   * The report as JSON (what {@code bench bugs --out} writes), with the command that produced it.
   */
  public static String toJson(Report report, String command) {
    java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("command", command);
    json.put("report", report);
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What each seed explores with: the schedules drawn against a target and how an explorer of one
   * seed is guided. {@link #plain} draws from one generator, unguided; {@code bench bugs} draws and
   * guides as {@code explore} does by default (node configurations, data shapes, a fresh corpus per
   * bug and seed), so its table measures the default exploration.
   */
  public interface Setup {
    /** The generator of schedules against {@code target}. */
    ScheduleGen generator(Target target);

    /** {@code explorer} (of {@code target}, from {@code seed}) as it explores, guided or not. */
    Explorer guide(Explorer explorer, ScheduleGen gen, Target target, long seed);

    /** Every target draws from {@code gen}; no guidance. */
    static Setup plain(ScheduleGen gen) {
      return new Setup() {
        @Override
        public ScheduleGen generator(Target target) {
          return gen;
        }

        @Override
        public Explorer guide(Explorer explorer, ScheduleGen g, Target target, long seed) {
          return explorer;
        }
      };
    }
  }

  private final Setup setup;
  private final Function<Target, ScheduleExecutor> executors;
  private final Path store;
  private final PrintStream log;
  private final LongSupplier nanoClock;

  /** Every seed draws from {@code gen}, unguided ({@link Setup#plain}). */
  public BugCatalogue(
      ScheduleGen gen,
      Function<Target, ScheduleExecutor> executors,
      Path store,
      PrintStream log,
      LongSupplier nanoClock) {
    this(Setup.plain(gen), executors, store, log, nanoClock);
  }

  public BugCatalogue(
      Setup setup,
      Function<Target, ScheduleExecutor> executors,
      Path store,
      PrintStream log,
      LongSupplier nanoClock) {
    this.setup = setup;
    this.executors = executors;
    this.store = store;
    this.log = log;
    this.nanoClock = nanoClock;
  }

  /**
   * The reference server's catalogue, read from {@code
   * io.replicheck.server.replication.InjectedBug} on the class path (by reflection, so the harness
   * builds while the catalogue grows).
   */
  public static List<Bug> catalogue() {
    try {
      Class<?> type = catalogueClass();
      Method name = type.getMethod("configName");
      Method summary = type.getMethod("summary");
      Method invariants = type.getMethod("invariants");
      List<Bug> out = new ArrayList<>();
      for (Object b : type.getEnumConstants()) {
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) invariants.invoke(b);
        out.add(new Bug((String) name.invoke(b), (String) summary.invoke(b), List.copyOf(ids)));
      }
      return out;
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException(
          "the reference server's bug catalogue is not on the class path: " + e);
    }
  }

  /**
   * The catalogue's enum, before or after the server's packages moved under io.replicheck.server.
   */
  private static Class<?> catalogueClass() throws ClassNotFoundException {
    try {
      return Class.forName("io.replicheck.server.replication.InjectedBug");
    } catch (ClassNotFoundException e) {
      return Class.forName("io.replicheck.replication.InjectedBug");
    }
  }

  /**
   * Failures (one per seed, in seed order) the benchmark shrinks and replays at most, for one bug.
   */
  static final int FAILURES_TRIED = 3;

  public Row measure(Bug bug, Settings s) {
    Target target = target(bug);
    ScheduleExecutor exec = executors.apply(target);
    ScheduleGen gen = setup.generator(target);
    ScheduleShrinker shrinker =
        new ScheduleShrinker(
            exec,
            s.repeats(),
            Budget.of(s.shrinkCandidates(), s.shrinkTime()),
            (n, sched, o) ->
                log.printf(
                    "    shrink candidate %d (%d steps): %s %s%n",
                    n, sched.steps().size(), o.verdict(), o.failed()));
    List<Double> times = new ArrayList<>();
    List<Explorer.Result> failures = new ArrayList<>();
    Set<String> caughtBy = new TreeSet<>();
    for (int i = 0; i < s.seeds(); i++) {
      long seed = s.baseSeed() + 1000L * i;
      log.printf("  %s: seed %d%n", bug.name(), seed);
      Explorer explorer =
          setup.guide(
              new Explorer(gen, exec, shrinker, target, store, quiet(), nanoClock),
              gen,
              target,
              seed);
      Explorer.Result r = explorer.explore(seed, Integer.MAX_VALUE, s.perSeedBudget(), false);
      if (r.failed()) {
        times.add(r.secondsToFailure());
        caughtBy.addAll(r.failure().failed());
        failures.add(r);
        log.printf(
            "    caught by %s after %.1f s (%d schedules)%n",
            r.failure().failed(), r.secondsToFailure(), r.schedules());
      } else {
        times.add(null);
        log.printf("    not caught in %d schedules%n", r.schedules());
      }
    }
    Double median = median(times);
    if (failures.isEmpty()) {
      return new Row(
          bug.name(),
          bug.expected(),
          List.of(),
          times,
          median,
          null,
          null,
          0,
          0,
          0,
          null,
          List.of());
    }
    // The first failure is shrunk and replayed; when no schedule of its shrink fails every replay
    // (its failure took a path that needs luck), the next seed's failure is tried, up to a bound.
    List<String> givenUp = new ArrayList<>();
    Row best = null;
    for (Explorer.Result failure : failures.subList(0, Math.min(FAILURES_TRIED, failures.size()))) {
      Row row = shrinkAndReplay(bug, s, shrinker, failure, times, median, caughtBy, givenUp);
      if (best == null || row.reproduced() > best.reproduced()) best = row;
      if (row.reproduced() == s.replays()) return row;
      givenUp.add(
          "the failure of seed "
              + failure.firstFailureSeed()
              + ": its "
              + row.shrunkSteps()
              + "-step replay failed "
              + row.reproduced()
              + " of "
              + row.replays());
    }
    return best;
  }

  private Row shrinkAndReplay(
      Bug bug,
      Settings s,
      ScheduleShrinker shrinker,
      Explorer.Result failure,
      List<Double> times,
      Double median,
      Set<String> caughtBy,
      List<String> givenUpBefore) {
    log.printf("  shrinking the failure of seed %d%n", failure.firstFailureSeed());
    Set<String> ids = ScheduleShrinker.idsOf(failure.failure());
    ScheduleShrinker.Result shrunk =
        shrinker.shrink(failure.failing(), failure.firstFailureSeed(), ids, failure.failure());
    ScheduleShrinker.Steadiest kept =
        shrinker.steadiest(
            shrunk,
            failure.firstFailureSeed(),
            ids,
            s.replays(),
            Explorer.VERIFY_TRIES,
            (n, sched, o) ->
                log.printf(
                    "    replay (%d steps): %s %s%n",
                    sched.steps().size(), o.verdict(), o.failed()));
    ScheduleShrinker.Result r = kept.result();
    Path file = r.replayFile(store.resolve("bugs-" + bug.name()));
    Explorer.replayOf(r, failure.firstFailureSeed(), target(bug), file).write(file);
    List<String> givenUp = new ArrayList<>(givenUpBefore);
    givenUp.addAll(kept.givenUp());
    return new Row(
        bug.name(),
        bug.expected(),
        List.copyOf(caughtBy),
        times,
        median,
        r.shrunk().steps().size(),
        failure.failing().steps().size(),
        r.candidatesTried(),
        kept.reproduced(),
        kept.runs(),
        file.toString(),
        givenUp);
  }

  private static Target target(Bug bug) {
    return Target.reference(bug.name());
  }

  /** Generated runs against a server without bugs: every one should be valid. */
  public Clean clean(String label, Target target, Settings s) {
    ScheduleExecutor exec = executors.apply(target);
    ScheduleGen gen = setup.generator(target);
    int valid = 0;
    int unknown = 0;
    List<String> invalid = new ArrayList<>();
    for (int i = 0; i < s.cleanRuns(); i++) {
      long seed = s.baseSeed() + 500_000 + i;
      Outcome o = exec.execute(gen.generate(seed), seed);
      log.printf(
          "  %s run %d/%d (seed %d): %s %s%n",
          label, i + 1, s.cleanRuns(), seed, o.verdict(), o.failed());
      switch (o.verdict()) {
        case "valid" -> valid++;
        case "invalid" ->
            invalid.add("seed " + seed + " " + o.failed() + (o.dir() == null ? "" : " " + o.dir()));
        default -> unknown++;
      }
    }
    return new Clean(label, s.cleanRuns(), valid, unknown, invalid.size(), invalid);
  }

  /** The median, counting null (not caught) as infinite; null when the median is not caught. */
  static Double median(List<Double> values) {
    if (values.isEmpty()) return null;
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort((a, b) -> a == null ? (b == null ? 0 : 1) : b == null ? -1 : Double.compare(a, b));
    int n = sorted.size();
    Double lo = sorted.get((n - 1) / 2);
    Double hi = sorted.get(n / 2);
    if (lo == null || hi == null) return null;
    return (lo + hi) / 2;
  }

  private static PrintStream quiet() {
    return new PrintStream(java.io.OutputStream.nullOutputStream());
  }
}
