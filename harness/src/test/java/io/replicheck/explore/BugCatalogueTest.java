package io.replicheck.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BugCatalogueTest {

  @TempDir Path store;

  // 30 schedules a seed: the fake bug needs a kill, one nemesis of many in the default draw
  private static final BugCatalogue.Settings SETTINGS =
      new BugCatalogue.Settings(3, 1, 600, 2, 200, 300, 5, 4, 10_000);

  /**
   * A fake server: the bug "two-kills" breaks FS1 when a schedule kills while writing; each run
   * "takes" 20 s.
   */
  private BugCatalogue bench(AtomicLong clock) {
    return new BugCatalogue(
        new ScheduleGen(ScheduleGen.Options.defaults()),
        target ->
            (s, seed) -> {
              clock.addAndGet(Duration.ofSeconds(20).toNanos());
              boolean bug =
                  "two-kills".equals(target.injectBug())
                      && s.faults().stream().anyMatch(f -> f.nemesis().equals("kill"))
                      && !s.ops().isEmpty();
              return bug
                  ? FakeBugs.invalid("FS1", null)
                  : new Outcome("valid", Set.of(), null, "fine");
            },
        store,
        new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
        clock::get);
  }

  @Test
  void measuresTimeToFailureShrinkAndReplays() {
    AtomicLong clock = new AtomicLong();
    BugCatalogue.Row row =
        bench(clock).measure(new BugCatalogue.Bug("two-kills", "fake", List.of("FS1")), SETTINGS);
    assertThat(row.caughtBy()).containsExactly("FS1");
    assertThat(row.secondsToFailure())
        .hasSize(3)
        .doesNotContainNull()
        .allMatch(t -> t >= 20 && t % 20 == 0);
    assertThat(row.medianSeconds()).isNotNull();
    assertThat(row.shrunkSteps()).isEqualTo(2);
    assertThat(row.originalSteps()).isGreaterThan(2);
    assertThat(row.reproduced()).isEqualTo(5).isEqualTo(row.replays());
    assertThat(Path.of(row.replayFile())).exists();
  }

  @Test
  void aFirstFailureThatDoesNotReplayGivesWayToTheNextSeeds() {
    // the very first run fails IS1 by chance; the bug itself fails FS1 whenever a kill meets writes
    AtomicLong clock = new AtomicLong();
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    BugCatalogue b =
        new BugCatalogue(
            new ScheduleGen(ScheduleGen.Options.defaults()),
            target ->
                (s, seed) -> {
                  clock.addAndGet(Duration.ofSeconds(20).toNanos());
                  if (calls.incrementAndGet() == 1) return FakeBugs.invalid("IS1", null);
                  boolean bug =
                      s.faults().stream().anyMatch(f -> f.nemesis().equals("kill"))
                          && !s.ops().isEmpty();
                  return bug
                      ? FakeBugs.invalid("FS1", null)
                      : new Outcome("valid", Set.of(), null, "fine");
                },
            store,
            new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
            clock::get);
    BugCatalogue.Row row =
        b.measure(new BugCatalogue.Bug("chance-first", "fake", List.of("FS1")), SETTINGS);
    assertThat(row.caughtBy()).contains("IS1", "FS1");
    assertThat(row.reproduced()).isEqualTo(5).isEqualTo(row.replays());
    assertThat(row.shrunkSteps()).isEqualTo(2);
    assertThat(row.givenUp())
        .hasSize(1)
        .allMatch(g -> g.startsWith("the failure of seed 1: ") && g.endsWith("failed 0 of 1"));
    assertThat(
            DetectionTable.markdown(
                new BugCatalogue.Report(List.of(row), List.of(), SETTINGS), "bench"))
        // every seed caught it and the replay of the next seed's failure reproduces (whether the
        // goal is met depends on the fake's timing, which the default draw decides)
        .contains("given up: the failure of seed 1", "| 3/3 seeds |", "| 5/5 |");
  }

  @Test
  void aBugNeverHitIsNotCaughtAndCleanRunsCount() {
    AtomicLong clock = new AtomicLong();
    BugCatalogue b = bench(clock);
    BugCatalogue.Row row =
        b.measure(new BugCatalogue.Bug("never", "fake", List.of("P4")), SETTINGS);
    assertThat(row.medianSeconds()).isNull();
    assertThat(row.secondsToFailure()).containsExactly(null, null, null);
    assertThat(row.shrunkSteps()).isNull();
    BugCatalogue.Clean clean = b.clean("reference server", Target.reference(null), SETTINGS);
    assertThat(clean.runs()).isEqualTo(4).isEqualTo(clean.valid());
    assertThat(clean.invalid()).isZero();
  }

  @Test
  void theGoalIsMetOnlyWhenEverySeedCaughtTheBug() {
    BugCatalogue.Settings five = new BugCatalogue.Settings(5, 1, 120, 2, 6, 300, 5, 0, 10_000);
    BugCatalogue.Row fourOfFive =
        new BugCatalogue.Row(
            "missed-once",
            List.of("IS1"),
            List.of("IS1"),
            Arrays.asList(17.0, 81.0, 65.0, 32.0, null),
            65.0,
            1,
            4,
            6,
            5,
            5,
            null,
            List.of());
    BugCatalogue.Row fiveOfFive =
        new BugCatalogue.Row(
            "every-seed",
            List.of("FS1"),
            List.of("FS1"),
            Arrays.asList(36.0, 22.0, 21.0, 20.0, 53.0),
            22.0,
            2,
            3,
            6,
            5,
            5,
            null,
            List.of());
    BugCatalogue.Row slowSeed =
        new BugCatalogue.Row(
            "one-slow-seed",
            List.of("FS1"),
            List.of("FS1"),
            Arrays.asList(16.0, 16.0, 16.0, 16.0, 130.0),
            16.0,
            1,
            3,
            6,
            5,
            5,
            null,
            List.of());
    String md =
        DetectionTable.markdown(
            new BugCatalogue.Report(List.of(fourOfFive, fiveOfFive, slowSeed), List.of(), five),
            "bench");
    assertThat(md)
        .contains(
            "| `missed-once` | IS1 | IS1 | 4/5 seeds | 65 s, 81 s | 1 step (from 4, 6 candidates) | 5/5 | **not met** |",
            "| `every-seed` | FS1 | FS1 | 5/5 seeds | 22 s, 53 s | 2 steps (from 3, 6 candidates) | 5/5 | met |",
            "| `one-slow-seed` | FS1 | FS1 | 5/5 seeds | 16 s, 130 s | 1 step (from 3, 6 candidates) | 5/5 | **not met** |");
  }

  @Test
  void medianCountsNotCaughtAsInfinite() {
    assertThat(BugCatalogue.median(Arrays.asList(30.0, 10.0, 20.0))).isEqualTo(20.0);
    assertThat(BugCatalogue.median(Arrays.asList(30.0, null, 10.0, 20.0, null))).isEqualTo(30.0);
    assertThat(BugCatalogue.median(Arrays.asList(10.0, null, null))).isNull();
    assertThat(BugCatalogue.median(Arrays.asList(10.0, 20.0))).isEqualTo(15.0);
  }

  @Test
  void theTableReplacesOnlyItsOwnSection() throws Exception {
    AtomicLong clock = new AtomicLong();
    BugCatalogue b = bench(clock);
    BugCatalogue.Report report =
        new BugCatalogue.Report(
            List.of(b.measure(new BugCatalogue.Bug("two-kills", "fake", List.of("FS1")), SETTINGS)),
            List.of(b.clean("reference server", Target.reference(null), SETTINGS)),
            SETTINGS);
    String md = DetectionTable.markdown(report, "bin/replicheck bench bugs");
    assertThat(md)
        .startsWith(DetectionTable.HEADING)
        .contains(
            "| `two-kills` | FS1 | FS1 |",
            "5/5",
            "2 steps",
            "| reference server | 4 | 4 | 0 | 0 |");
    String json = BugCatalogue.toJson(report, "bin/replicheck bench bugs");
    var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    assertThat(tree.get("command").asText()).isEqualTo("bin/replicheck bench bugs");
    assertThat(tree.at("/report/bugs/0/bug").asText()).isEqualTo("two-kills");
    assertThat(tree.at("/report/settings/perSeedSeconds").asLong()).isEqualTo(600);
    assertThat(tree.at("/report/clean/0/valid").asInt()).isEqualTo(4);
    Path doc = store.resolve("bug-catalogue.md");
    Files.writeString(doc, "# Bug catalogue\n\nOwned by someone else.\n");
    DetectionTable.writeInto(doc, md);
    DetectionTable.writeInto(doc, md); // idempotent: the section is replaced, not appended twice
    String text = Files.readString(doc);
    assertThat(text).startsWith("# Bug catalogue\n\nOwned by someone else.\n\n## Detection table");
    assertThat(text.split(DetectionTable.HEADING, -1)).hasSize(2);
  }

  @Test
  void everySeedIsDrawnAndGuidedByTheSetupOfItsTarget() {
    AtomicLong clock = new AtomicLong();
    List<String> generators = new java.util.ArrayList<>();
    List<String> guided = new java.util.ArrayList<>();
    ScheduleGen gen = new ScheduleGen(ScheduleGen.Options.defaults());
    BugCatalogue.Setup setup =
        new BugCatalogue.Setup() {
          @Override
          public ScheduleGen generator(Target target) {
            generators.add(String.valueOf(target.injectBug()));
            return gen;
          }

          @Override
          public Explorer guide(Explorer explorer, ScheduleGen g, Target target, long seed) {
            assertThat(g).isSameAs(gen);
            guided.add(target.injectBug() + "@" + seed);
            return explorer;
          }
        };
    BugCatalogue b =
        new BugCatalogue(
            setup,
            target ->
                (s, seed) -> {
                  clock.addAndGet(Duration.ofSeconds(20).toNanos());
                  return new Outcome("valid", Set.of(), null, "fine");
                },
            store,
            new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
            clock::get);
    b.measure(new BugCatalogue.Bug("never", "fake", List.of("P4")), SETTINGS);
    b.clean("reference server", Target.reference(null), SETTINGS);
    // one explorer per seed (1, 1001, 2001), each set up for the bug's own server
    assertThat(guided).containsExactly("never@1", "never@1001", "never@2001");
    assertThat(generators).containsExactly("never", "null");
  }
}
