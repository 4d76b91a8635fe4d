package io.replicheck.explore;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.gen.Budget;
import io.replicheck.runner.OpWindow;
import io.replicheck.runner.ScheduledFault;
import io.replicheck.runner.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScheduleShrinkerTest {

  /**
   * Five faults, eight op windows, four clients: only "kill, then partition, two clients" matters.
   */
  static Schedule big() {
    List<Step> steps = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      steps.add(new OpWindow(c, 0, 12_000, 20));
      steps.add(new OpWindow(c, 6000, 8000, 40));
    }
    steps.add(new ScheduledFault("pause", 1000, 2000, 1));
    steps.add(new ScheduledFault("kill", 4000, 2000, 2));
    steps.add(new ScheduledFault("latency", 6500, 1000, 3));
    steps.add(new ScheduledFault("partition", 9000, 3000, 4));
    steps.add(new ScheduledFault("pause", 12_500, 1000, 5));
    return new Schedule("list-append", 4, 3, "star", 5, 100, 15_000, steps).validate();
  }

  @Test
  void shrinksToTheStepsThatMatter() {
    Schedule s = big();
    assertThat(FakeBugs.killThenPartition(s)).isTrue();
    List<Integer> seen = new ArrayList<>();
    List<Schedule> executed = new ArrayList<>();
    ScheduleExecutor bug = FakeBugs.when(FakeBugs::killThenPartition, "P1");
    ScheduleShrinker shrinker =
        new ScheduleShrinker(
            (sched, seed) -> {
              executed.add(sched);
              return bug.execute(sched, seed);
            },
            1,
            Budget.candidates(1000),
            (n, sched, o) -> seen.add(n));
    ScheduleShrinker.Result r = shrinker.shrink(s, 7, Set.of("P1"), FakeBugs.invalid("P1", null));

    Schedule m = r.shrunk();
    assertThat(m.faults()).extracting(ScheduledFault::nemesis).containsExactly("kill", "partition");
    assertThat(m.ops()).hasSize(1);
    assertThat(m.clients()).isEqualTo(2);
    assertThat(m.keys()).isEqualTo(1);
    assertThat(m.replicas()).isEqualTo(1);
    assertThat(m.steps()).hasSize(3);
    // waits closed and steps shortened: the kill starts right away and nothing lasts longer than
    // needed
    assertThat(m.faults()).allMatch(f -> f.durationMillis() == ScheduleShrinker.MIN_STEP_MILLIS);
    assertThat(m.timeMillis()).isLessThan(s.timeMillis());
    assertThat(FakeBugs.killThenPartition(m)).isTrue();
    assertThat(r.candidatesTried()).isEqualTo(seen.size()).isEqualTo(r.runs());
    assertThat(r.budgetExhausted()).isFalse();
    assertThat(r.lastFailure().failed()).containsExactly("P1");
    // no schedule is run twice: passing ones are remembered, failing ones are moved past
    assertThat(executed).doesNotHaveDuplicates();
    // a local minimum: no candidate of the result still fails
    assertThat(ScheduleShrinker.candidates(m)).noneMatch(FakeBugs::killThenPartition);
  }

  @Test
  void repeatsTellAFlakyFailureFromAPass() {
    // the bug shows only on every second execution, like a race that needs luck
    AtomicInteger calls = new AtomicInteger();
    ScheduleExecutor flaky =
        (s, seed) ->
            FakeBugs.killThenPartition(s) && calls.incrementAndGet() % 2 == 0
                ? FakeBugs.invalid("P1", null)
                : new Outcome("valid", Set.of(), null, "fine");
    // four runs hold two failures, so every real candidate is confirmed
    ScheduleShrinker.Result withRepeats =
        new ScheduleShrinker(flaky, 4, Budget.candidates(1000), (n, s, o) -> {})
            .shrink(big(), 1, Set.of("P1"), FakeBugs.invalid("P1", null));
    assertThat(withRepeats.shrunk().steps()).hasSize(3);
    assertThat(withRepeats.runs()).isGreaterThan(withRepeats.candidatesTried());

    calls.set(0);
    ScheduleShrinker.Result once =
        new ScheduleShrinker(flaky, 1, Budget.candidates(1000), (n, s, o) -> {})
            .shrink(big(), 1, Set.of("P1"), FakeBugs.invalid("P1", null));
    // without repeats half the real failures look like passes, so it cannot get as far
    assertThat(once.shrunk().steps().size()).isGreaterThan(3);
  }

  @Test
  void aSecondFailingRunConfirmsACandidate() {
    // the real bug needs the kill and the partition; any schedule also fails once in a while by
    // chance (here: the first run of each schedule)
    Set<Schedule> unlucky = new java.util.HashSet<>();
    ScheduleExecutor chance =
        (s, seed) -> {
          if (FakeBugs.killThenPartition(s)) return FakeBugs.invalid("P1", null);
          if (unlucky.add(s)) return FakeBugs.invalid("P1", null);
          return new Outcome("valid", Set.of(), null, "fine");
        };
    ScheduleShrinker.Result confirmed =
        new ScheduleShrinker(chance, 2, Budget.candidates(1000), (n, s, o) -> {})
            .shrink(big(), 1, Set.of("P1"), FakeBugs.invalid("P1", null));
    assertThat(confirmed.shrunk().faults())
        .extracting(ScheduledFault::nemesis)
        .containsExactly("kill", "partition");
    assertThat(FakeBugs.killThenPartition(confirmed.shrunk())).isTrue();

    unlucky.clear();
    ScheduleShrinker.Result single =
        new ScheduleShrinker(chance, 1, Budget.candidates(1000), (n, s, o) -> {})
            .shrink(big(), 1, Set.of("P1"), FakeBugs.invalid("P1", null));
    // one run per candidate takes the chance failure for the bug and loses the faults that matter
    assertThat(FakeBugs.killThenPartition(single.shrunk())).isFalse();
  }

  @Test
  void theReplayKeptIsTheSmallestScheduleThatFailsEveryTime() {
    // the kill and the partition always fail; the kill alone fails on two runs of three (chance)
    AtomicInteger calls = new AtomicInteger();
    ScheduleExecutor bug =
        (s, seed) -> {
          boolean kill = s.faults().stream().anyMatch(f -> f.nemesis().equals("kill"));
          if (FakeBugs.killThenPartition(s)) return FakeBugs.invalid("P1", null);
          return kill && calls.incrementAndGet() % 3 != 0
              ? FakeBugs.invalid("P1", null)
              : new Outcome("valid", Set.of(), null, "");
        };
    ScheduleShrinker shrinker =
        new ScheduleShrinker(bug, 2, Budget.candidates(1000), (n, s, o) -> {});
    calls.set(0);
    ScheduleShrinker.Result r =
        shrinker.shrink(big(), 1, Set.of("P1"), FakeBugs.invalid("P1", null));
    assertThat(r.chain().get(0)).isEqualTo(big());
    assertThat(r.chain().get(r.chain().size() - 1)).isEqualTo(r.shrunk());

    // a chain whose last step lost the partition: the replays give it up for the one before
    Schedule withPartition =
        r.chain().stream().filter(FakeBugs::killThenPartition).reduce((a, b) -> b).orElseThrow();
    Schedule killOnly =
        withPartition.withSteps(
            withPartition.steps().stream()
                .filter(x -> !(x instanceof ScheduledFault f && f.nemesis().equals("partition")))
                .toList());
    ScheduleShrinker.Result unsteady =
        new ScheduleShrinker.Result(
            big(), killOnly, 10, 20, false, null, List.of(big(), withPartition, killOnly));
    calls.set(0);
    ScheduleShrinker.Steadiest kept =
        shrinker.steadiest(unsteady, 1, Set.of("P1"), 5, 3, (n, s, o) -> {});
    assertThat(kept.result().shrunk()).isEqualTo(withPartition);
    assertThat(kept.reproduced()).isEqualTo(5).isEqualTo(kept.runs());
    assertThat(kept.givenUp())
        .containsExactly(killOnly.steps().size() + "-step schedule failed 2 of 3 replays");
    assertThat(kept.result().lastFailure()).isNotNull();

    // with one try it keeps the unsteady schedule and says how often it failed
    calls.set(0);
    ScheduleShrinker.Steadiest only =
        shrinker.steadiest(unsteady, 1, Set.of("P1"), 5, 1, (n, s, o) -> {});
    assertThat(only.result().shrunk()).isEqualTo(killOnly);
    assertThat(only.reproduced()).isEqualTo(2);
    assertThat(only.runs()).isEqualTo(3);
  }

  @Test
  void verifyingFallsBackEverFurtherAndEndsAtTheOriginal() {
    assertThat(ScheduleShrinker.fallbacks(1, 3)).containsExactly(0);
    assertThat(ScheduleShrinker.fallbacks(3, 3)).containsExactly(2, 1, 0);
    assertThat(ScheduleShrinker.fallbacks(10, 3)).containsExactly(9, 8, 0);
    assertThat(ScheduleShrinker.fallbacks(10, 5)).containsExactly(9, 8, 6, 2, 0);
    assertThat(ScheduleShrinker.fallbacks(10, 1)).containsExactly(9);
  }

  @Test
  void aCandidateStopsRunningOnceItsAnswerIsKnown() {
    List<Schedule> executed = new ArrayList<>();
    ScheduleExecutor bug = FakeBugs.when(FakeBugs::killThenPartition, "P1");
    ScheduleShrinker.Result r =
        new ScheduleShrinker(
                (s, seed) -> {
                  executed.add(s);
                  return bug.execute(s, seed);
                },
                3,
                Budget.candidates(1000),
                (n, s, o) -> {})
            .shrink(big(), 1, Set.of("P1"), FakeBugs.invalid("P1", null));
    // a failing candidate runs twice (confirmed), a passing one twice (two can no longer fail of
    // three)
    java.util.Map<Schedule, Long> perSchedule =
        executed.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    s -> s, java.util.stream.Collectors.counting()));
    assertThat(perSchedule.values()).containsOnly(2L);
    assertThat(r.runs()).isEqualTo(2 * r.candidatesTried());
  }

  @Test
  void aDifferentInvariantDoesNotCountAsTheSameFailure() {
    // with the partition alone the fake breaks IS4 instead: shrinking for P1 must not take that
    // path
    ScheduleExecutor two =
        (s, seed) -> {
          if (FakeBugs.killThenPartition(s)) return FakeBugs.invalid("P1", null);
          if (!s.faults().isEmpty()) return FakeBugs.invalid("IS4", null);
          return new Outcome("valid", Set.of(), null, "fine");
        };
    ScheduleShrinker.Result r =
        new ScheduleShrinker(two, 1, Budget.candidates(1000), (n, s, o) -> {})
            .shrink(big(), 1, Set.of("P1"), FakeBugs.invalid("P1", null));
    assertThat(r.shrunk().faults())
        .extracting(ScheduledFault::nemesis)
        .containsExactly("kill", "partition");
  }

  @Test
  void theBudgetStopsShrinking() {
    AtomicInteger runs = new AtomicInteger();
    ScheduleExecutor counting =
        (s, seed) -> {
          runs.incrementAndGet();
          return FakeBugs.killThenPartition(s)
              ? FakeBugs.invalid("P1", null)
              : new Outcome("valid", Set.of(), null, "");
        };
    ScheduleShrinker.Result r =
        new ScheduleShrinker(counting, 3, Budget.candidates(4), (n, s, o) -> {})
            .shrink(big(), 1, Set.of("P1"), FakeBugs.invalid("P1", null));
    assertThat(r.candidatesTried()).isEqualTo(4);
    assertThat(r.budgetExhausted()).isTrue();
    assertThat(runs.get()).isEqualTo(r.runs()).isLessThanOrEqualTo(12);
    assertThat(FakeBugs.killThenPartition(r.shrunk())).isTrue();
  }

  @Test
  void candidatesAreValidSmallerAndRemoveFaultsFirst() {
    Schedule s = big();
    List<Schedule> cs = ScheduleShrinker.candidates(s).toList();
    assertThat(cs).isNotEmpty().doesNotContain(s);
    cs.forEach(Schedule::validate);
    assertThat(cs.get(0).faults().size()).isLessThan(s.faults().size());
    assertThat(cs.get(0).ops()).isEqualTo(s.ops());
    assertThat(cs)
        .anyMatch(c -> c.faults().get(0).atMillis() < s.faults().get(0).atMillis()); // a gap closed
    assertThat(cs).anyMatch(c -> c.clients() == 1);
    assertThat(cs).anyMatch(c -> c.keys() == 1);
    // value sizes shrink only for the bulk workload, where they matter
    assertThat(cs).allMatch(c -> c.valueSize() == 100);
    Schedule bulk =
        new Schedule("bulk", 1, 1, "star", 1, 4096, 5000, List.of(new OpWindow(0, 0, 1000, 0)));
    assertThat(ScheduleShrinker.candidates(bulk)).anyMatch(c -> c.valueSize() == 1);
  }
}
