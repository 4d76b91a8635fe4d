package io.replicheck.explore;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.gen.Budget;
import io.replicheck.runner.RunSpec;
import io.replicheck.runner.ScheduledFault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
}
