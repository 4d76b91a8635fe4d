package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicheck.cluster.ClusterException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which checks a plan runs follows from its parts' declarations, not from names compared. */
class RunPlanTest {

  /** A small run's spec (DrivePhaseStopTest builds its context from it too). */
  static RunSpec spec(String workload, String nemeses, Path store) {
    return RunSpec.builder()
        .workload(workload)
        .nemeses(nemeses)
        .time(Duration.ofSeconds(5))
        .seed(1)
        .clients(2)
        .keys(3)
        .store(store)
        .build();
  }

  @Test
  void listAppendGrowsAndIsPrefixOrdered(@TempDir Path tmp) {
    assertThat(RunPlan.of(spec("list-append", "partition", tmp)).invariantIds())
        .containsExactly(
            "P3", "P1", "P2", "FS1", "IS4", "P5", "P6", "IS1", "IS2", "FS4", "FS2", "FS3", "IS3",
            "P4", "P9", "P10");
  }

  @Test
  void counterGrowsButHasNoPrefixes(@TempDir Path tmp) {
    assertThat(RunPlan.of(spec("counter", "kill", tmp)).invariantIds())
        .contains("P3", "P2")
        .doesNotContain("P1");
  }

  @Test
  void registerMayGoBackAndBulkHasNoModel(@TempDir Path tmp) {
    assertThat(RunPlan.of(spec("register", "none", tmp)).invariantIds())
        .contains("P3")
        .doesNotContain("P1", "P2");
    assertThat(RunPlan.of(spec("bulk", "none", tmp)).invariantIds())
        .doesNotContain("P3", "P1", "P2")
        .contains("FS1");
  }

  @Test
  void everyFaultBringsWaitProbes(@TempDir Path tmp) {
    assertThat(RunPlan.of(spec("register", "partition,failover", tmp)).invariantIds())
        .contains("P4");
    assertThat(RunPlan.of(spec("register", "partition", tmp)).invariantIds()).contains("P4");
    assertThat(RunPlan.of(spec("register", "none", tmp)).invariantIds()).doesNotContain("P4");
    RunSchedule schedule =
        RunSchedule.of(
            List.of(new OpWindow(0, 0, 1000, 10), new ScheduledFault("failover", 100, 500, 1)));
    assertThat(RunPlan.of(spec("register", "none", tmp).withSchedule(schedule)).invariantIds())
        .contains("P4");
  }

  @Test
  void casRegisterReadsNoReplicas(@TempDir Path tmp) {
    assertThat(RunPlan.of(spec("cas-register", "none", tmp)).replicaReads()).isFalse();
    assertThat(RunPlan.of(spec("list-append", "none", tmp)).replicaReads()).isTrue();
  }

  @Test
  void anAbortedRunnerStartsNothing(@TempDir Path tmp) {
    Path store = tmp.resolve("store");
    Runner runner =
        new Runner(
            seed -> {
              throw new AssertionError("nothing may start");
            },
            (events, processes, model, dir) -> {
              throw new AssertionError("nothing may be checked");
            },
            Progress.silent());
    runner.abort("SIGINT received");
    assertThatThrownBy(() -> runner.run(spec("register", "none", store)))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("SIGINT");
    assertThat(Files.exists(store)).isFalse();
  }
}
