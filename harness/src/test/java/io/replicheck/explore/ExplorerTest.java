package io.replicheck.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicheck.explore.coverage.Corpus;
import io.replicheck.explore.coverage.CoveragePolicy;
import io.replicheck.gen.Budget;
import io.replicheck.runner.RunSpec;
import io.replicheck.runner.ScheduledFault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplorerTest {

  @TempDir Path store;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(out, true, StandardCharsets.UTF_8);

  /** The fake bug: two kills in one schedule. */
  private static boolean twoKills(Schedule s) {
    return s.faults().stream().filter(f -> f.nemesis().equals("kill")).count() >= 2;
  }

  @Test
  void findsShrinksAndWritesAReplay() {
    ScheduleGen gen = new ScheduleGen(ScheduleGen.Options.defaults());
    ScheduleExecutor exec = FakeBugs.when(ExplorerTest::twoKills, "FS1");
    Explorer explorer =
        new Explorer(
            gen,
            exec,
            new ScheduleShrinker(exec, 2, Budget.candidates(500), (n, s, o) -> {}),
            Target.reference("some-bug"),
            store,
            log,
            System::nanoTime);
    Explorer.Result r = explorer.explore(100, 200, Duration.ofMinutes(10));

    assertThat(r.failed()).isTrue();
    long seed = r.firstFailureSeed();
    assertThat(twoKills(gen.generate(seed))).isTrue();
    for (long s = 100; s < seed; s++) assertThat(twoKills(gen.generate(s))).isFalse();
    assertThat(r.schedules()).isEqualTo((int) (seed - 100 + 1));
    assertThat(r.valid()).isEqualTo(r.schedules() - 1);

    assertThat(r.replayFile()).isEqualTo(store.resolve("explore-" + seed).resolve("replay.json"));
    Replay replay = Replay.read(r.replayFile());
    assertThat(replay).isEqualTo(r.replay());
    assertThat(replay.seed()).isEqualTo(seed);
    assertThat(replay.failed()).containsExactly("FS1");
    assertThat(replay.target().injectBug()).isEqualTo("some-bug");
    assertThat(replay.schedule().faults())
        .extracting(ScheduledFault::nemesis)
        .containsExactly("kill", "kill");
    assertThat(replay.schedule().steps()).hasSize(2); // the fake bug needs no writes
    assertThat(replay.shrink().originalSteps()).isGreaterThan(3);
    assertThat(replay.shrink().candidatesTried()).isPositive();
    assertThat(replay.command()).isEqualTo("bin/replicheck replay " + r.replayFile());
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("failed [FS1]", "shrunk to 2 steps", "replay: ");
  }

  @Test
  void verifyingReplaysTheShrunkScheduleBeforeWritingIt() {
    // which schedule verifying keeps is ScheduleShrinkerTest's; here: explore does verify
    AtomicInteger runs = new AtomicInteger();
    ScheduleExecutor bug = FakeBugs.when(ExplorerTest::twoKills, "FS1");
    ScheduleExecutor exec =
        (s, seed) -> {
          runs.incrementAndGet();
          return bug.execute(s, seed);
        };
    ScheduleShrinker shrinker =
        new ScheduleShrinker(exec, 2, Budget.candidates(500), (n, s, o) -> {});
    Explorer.Result r =
        new Explorer(
                new ScheduleGen(ScheduleGen.Options.defaults()),
                exec,
                shrinker,
                Target.reference("some-bug"),
                store,
                log,
                System::nanoTime)
            .verifying(4)
            .explore(100, 200, Duration.ofMinutes(10));

    assertThat(r.failed()).isTrue();
    assertThat(twoKills(Replay.read(r.replayFile()).schedule())).isTrue();
    assertThat(runs.get()).isEqualTo(r.schedules() + r.shrink().runs() + 4);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("replaying the shrunk schedule 4 times", "kept 2 steps: failed 4 of 4 replays");
  }

  @Test
  void allValidRunsWriteNoReplay() {
    AtomicInteger runs = new AtomicInteger();
    ScheduleExecutor fine =
        (s, seed) -> {
          runs.incrementAndGet();
          return new Outcome("valid", Set.of(), null, "fine");
        };
    Explorer explorer =
        new Explorer(
            new ScheduleGen(ScheduleGen.Options.defaults()),
            fine,
            new ScheduleShrinker(fine, 1, Budget.candidates(10), (n, s, o) -> {}),
            Target.reference(null),
            store,
            log,
            System::nanoTime);
    Explorer.Result r = explorer.explore(1, 20, Duration.ofMinutes(1));
    assertThat(r.failed()).isFalse();
    assertThat(r.schedules()).isEqualTo(20).isEqualTo(r.valid()).isEqualTo(runs.get());
  }

  @Test
  void aRunThatErrorsIsUnknownAndExploringGoesOnButNotWhenEveryRunErrors() {
    AtomicInteger runs = new AtomicInteger();
    // runs 2 and 4..: a node that does not start in time (the loaded machine), from 4 on for good
    ScheduleExecutor flaky =
        (s, seed) -> {
          int n = runs.incrementAndGet();
          if (n == 2 || n >= 4)
            throw new IllegalStateException("n3 did not answer PING within 30 s");
          return new Outcome("valid", Set.of(), null, "fine");
        };
    Explorer explorer =
        new Explorer(
            new ScheduleGen(ScheduleGen.Options.defaults()),
            flaky,
            new ScheduleShrinker(flaky, 1, Budget.candidates(10), (n, s, o) -> {}),
            Target.reference(null),
            store,
            log,
            System::nanoTime);
    Explorer.Result r = explorer.explore(1, 3, Duration.ofMinutes(1));
    assertThat(r.schedules()).isEqualTo(3);
    assertThat(r.valid()).isEqualTo(2);
    assertThat(r.unknown()).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("-> unknown run error: n3 did not answer PING within 30 s");
    assertThatThrownBy(() -> explorer.explore(10, 20, Duration.ofMinutes(1)))
        .hasMessageContaining("did not answer PING");
    assertThat(runs.get()).isEqualTo(3 + Explorer.MAX_ERRORS_IN_A_ROW);
  }

  @Test
  void theTimeBudgetStopsExploring() {
    AtomicLong now = new AtomicLong();
    ScheduleExecutor slow =
        (s, seed) -> {
          now.addAndGet(Duration.ofSeconds(25).toNanos()); // each run "takes" 25 s
          return new Outcome("unknown", Set.of(), null, "slow");
        };
    Explorer explorer =
        new Explorer(
            new ScheduleGen(ScheduleGen.Options.defaults()),
            slow,
            new ScheduleShrinker(slow, 1, Budget.candidates(10), (n, s, o) -> {}),
            Target.reference(null),
            store,
            log,
            now::get);
    Explorer.Result r = explorer.explore(1, 1000, Duration.ofSeconds(60));
    assertThat(r.schedules()).isEqualTo(3);
    assertThat(r.unknown()).isEqualTo(3);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("time budget of 1m spent after 3 schedules");
  }

  @Test
  void aScheduleBecomesARunSpecWithItsOptions() {
    Schedule s = ScheduleShrinkerTest.big();
    Target t =
        new Target("/usr/bin/redis-server", null, "process", List.of("--save", ""), 1500, false);
    RunSpec spec = RunnerExecutor.spec(s, 9, t, store);
    assertThat(spec.time()).isEqualTo(Duration.ofMillis(15_000));
    assertThat(spec.seed()).isEqualTo(9);
    assertThat(spec.clients()).isEqualTo(4);
    assertThat(spec.replicas()).isEqualTo(3);
    assertThat(spec.server()).isEqualTo(Path.of("/usr/bin/redis-server"));
    assertThat(spec.serverArgs()).containsExactly("--save", "");
    assertThat(spec.opTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(spec.replicaReads()).isFalse();
    assertThat(spec.nemeses()).isEqualTo("pause,kill,latency,partition");
    assertThat(spec.faultDuration()).isEqualTo(Duration.ofMillis(3000));
    assertThat(spec.schedule().faults()).hasSize(5);
    assertThat(spec.schedule().ops()).hasSize(8);
    assertThat(spec.store()).isEqualTo(store);
  }

  // ---- coverage guidance ----

  /** Fake features: what a run "shows" depends on its faults' kinds and targets and its keys. */
  private static Set<String> fakeFeatures(Schedule s, Outcome o) {
    Set<String> f = new java.util.TreeSet<>();
    f.add("workload:" + s.workload());
    f.add("keys:" + Math.min(3, s.keys()));
    for (ScheduledFault x : s.faults()) f.add("fault:" + x.nemesis() + ":" + x.seed() % 3);
    if (s.faults().size() >= 3) f.add("faults:3+");
    return f;
  }

  private Explorer guided(
      ScheduleExecutor exec,
      Corpus corpus,
      CoveragePolicy policy,
      java.util.function.LongSupplier clock) {
    ScheduleGen gen = new ScheduleGen(ScheduleGen.Options.defaults());
    return new Explorer(
            gen,
            exec,
            new ScheduleShrinker(exec, 1, Budget.candidates(10), (n, s, o) -> {}),
            Target.reference(null),
            store,
            log,
            clock)
        .guidedBy(
            new Explorer.Guidance(
                corpus,
                policy,
                new ScheduleStepMutator(gen.options()),
                ExplorerTest::fakeFeatures,
                store.resolve("explore-test").resolve("explore.html"),
                "test"));
  }

  private static ScheduleExecutor recording(List<Schedule> ran) {
    return (s, seed) -> {
      s.validate();
      ran.add(s);
      return new Outcome("valid", Set.of(), null, "fine");
    };
  }

  @Test
  void guidanceGrowsTheCorpusWithNovelFeaturesAndMutatesIt() throws Exception {
    List<Schedule> ran = new ArrayList<>();
    Corpus corpus = Corpus.open(store, "replicheck 7.0.15");
    Explorer.Result r =
        guided(recording(ran), corpus, CoveragePolicy.guided(7), System::nanoTime)
            .explore(7, 40, Duration.ofMinutes(10));

    assertThat(r.schedules()).isEqualTo(40);
    Set<String> union = new java.util.TreeSet<>();
    for (Schedule s : ran) union.addAll(fakeFeatures(s, null));
    assertThat(corpus.seenCount()).isEqualTo(union.size());
    assertThat(corpus.entries()).isNotEmpty();
    // every entry added a feature no earlier schedule had; every novel feature is in one entry
    Set<String> novel = new java.util.TreeSet<>();
    for (Corpus.Entry e : corpus.entries()) {
      assertThat(novel).doesNotContainAnyElementsOf(e.novel());
      novel.addAll(e.novel());
      Replay entry = Replay.parse("entry", e.scheduleJson());
      assertThat(ran).contains(entry.schedule());
    }
    assertThat(novel).isEqualTo(union);
    // about half the schedules once the corpus has entries are mutations (the share follows their
    // yield); the others are fresh draws, each one of its index's candidate draws
    String text = out.toString(StandardCharsets.UTF_8);
    long mutated =
        text.lines().filter(l -> l.matches("schedule \\d+/40 .*, mutation of .*")).count();
    assertThat(mutated).isBetween(8L, 32L);
    ScheduleGen gen = new ScheduleGen(ScheduleGen.Options.defaults());
    List<String> lines =
        text.lines().filter(l -> l.startsWith("schedule ") && l.contains("/40 ")).toList();
    for (int i = 0; i < ran.size(); i++) {
      if (!lines.get(i).contains(", fresh")) continue;
      Set<Schedule> candidates = new java.util.HashSet<>();
      for (long j = 0; j < CoveragePolicy.FRESH_CANDIDATES; j++)
        candidates.add(gen.generate(7 + i + j * CoveragePolicy.CANDIDATE_STRIDE));
      assertThat(candidates).contains(ran.get(i));
    }
    assertThat(text)
        .contains("schedule 1: valid, ", "schedule 40: valid, " + union.size() + " features (+")
        .contains("mutation of entry ");
    assertThat(r.coverage().features()).isEqualTo(union.size());
    assertThat(r.coverage().newFeatures()).isEqualTo(union.size());
    assertThat(r.coverage().corpusEntries()).isEqualTo(corpus.entries().size());
    Path page = store.resolve("explore-test").resolve("explore.html");
    assertThat(r.coverage().page()).isEqualTo(page);
    assertThat(java.nio.file.Files.readString(page)).contains("schedule", "mutation of entry");
  }

  @Test
  void aLaterExplorationResumesFromTheCorpus() {
    Corpus first = Corpus.open(store, "redis 7.0.15");
    guided(recording(new ArrayList<>()), first, CoveragePolicy.guided(1), System::nanoTime)
        .explore(1, 15, Duration.ofMinutes(10));
    int seen = first.seenCount();
    int entries = first.entries().size();
    assertThat(entries).isPositive();

    out.reset();
    Corpus again = Corpus.open(store, "redis 7.0.15");
    assertThat(again.seenCount()).isEqualTo(seen);
    assertThat(again.entries()).hasSize(entries);
    List<Schedule> ran = new ArrayList<>();
    Explorer.Result r =
        guided(recording(ran), again, CoveragePolicy.guided(500), System::nanoTime)
            .explore(500, 10, Duration.ofMinutes(10));
    // the corpus is mutated from the first schedule on, and new entries number on from it
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("mutation of entry ");
    assertThat(again.entries().get(entries - 1).id()).isEqualTo(entries);
    for (int i = entries; i < again.entries().size(); i++)
      assertThat(again.entries().get(i).id()).isEqualTo(i + 1);
    assertThat(r.coverage().features()).isEqualTo(again.seenCount()).isGreaterThanOrEqualTo(seen);
    assertThat(r.coverage().newFeatures()).isEqualTo(again.seenCount() - seen);
  }

  @Test
  void noGuidanceDrawsFreshOnlyAndStillRecordsFeatures() {
    Corpus corpus = Corpus.open(store, "redis 7.0.15");
    guided(recording(new ArrayList<>()), corpus, CoveragePolicy.guided(1), System::nanoTime)
        .explore(1, 10, Duration.ofMinutes(10)); // a corpus an unguided run must not mutate
    out.reset();
    List<Schedule> ran = new ArrayList<>();
    Explorer.Result r =
        guided(recording(ran), corpus, CoveragePolicy.unguided(40), System::nanoTime)
            .explore(40, 25, Duration.ofMinutes(10));
    ScheduleGen gen = new ScheduleGen(ScheduleGen.Options.defaults());
    for (int i = 0; i < ran.size(); i++) assertThat(ran.get(i)).isEqualTo(gen.generate(40 + i));
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("mutation of entry");
    assertThat(r.coverage().features()).isPositive();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("schedule 25: valid, ");
  }

  @Test
  void guidedExplorationRunsToItsTimeBudget() {
    AtomicLong now = new AtomicLong();
    List<Schedule> ran = new ArrayList<>();
    ScheduleExecutor slow =
        (s, seed) -> {
          ran.add(s);
          now.addAndGet(Duration.ofSeconds(25).toNanos());
          return new Outcome("valid", Set.of(), null, "slow");
        };
    Explorer.Result r =
        guided(slow, Corpus.open(store, "x"), CoveragePolicy.guided(3), now::get)
            .explore(3, Integer.MAX_VALUE, Duration.ofSeconds(100));
    // no cap on runs: schedules start until 100 s have passed (at 0, 25, 50, 75 s)
    assertThat(r.schedules()).isEqualTo(4).isEqualTo(ran.size());
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("schedule 4 (seed 6", "time budget of 100s spent after 4 schedules")
        .doesNotContain("schedule 4/");
  }

  @Test
  void aRunCutShortByAStopJoinsNoCorpus() {
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    ScheduleExecutor stopped =
        (s, seed) -> {
          stop.set(true); // the signal comes during the first run
          return new Outcome("unknown", Set.of(), null, "stopped early");
        };
    Corpus corpus = Corpus.open(store, "x");
    Explorer.Result r =
        guided(stopped, corpus, CoveragePolicy.guided(1), System::nanoTime)
            .stoppingWhen(stop::get)
            .explore(1, 100, Duration.ofMinutes(10));
    assertThat(r.schedules()).isEqualTo(1);
    assertThat(corpus.entries()).isEmpty();
    assertThat(corpus.seenCount()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("stopped after 1 schedules");
  }

  @Test
  void aFailureIsStillShrunkWithGuidance() {
    java.util.function.Predicate<Schedule> kill =
        s -> s.faults().stream().anyMatch(f -> f.nemesis().equals("kill"));
    ScheduleExecutor bug = FakeBugs.when(kill, "FS1");
    Explorer.Result r =
        guided(bug, Corpus.open(store, "x"), CoveragePolicy.guided(100), System::nanoTime)
            .explore(100, 200, Duration.ofMinutes(10));
    assertThat(r.failed()).isTrue();
    assertThat(kill.test(Replay.read(r.replayFile()).schedule())).isTrue();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("failed [FS1]", "replay: ");
    assertThat(r.coverage()).isNotNull();
  }
}
