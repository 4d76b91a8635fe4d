package io.replicheck.explore;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.checker.Verdict;
import io.replicheck.invariant.InvariantResult;
import io.replicheck.runner.RunPlan;
import io.replicheck.runner.RunReplay;
import io.replicheck.runner.RunSpec;
import io.replicheck.runner.ScheduledFault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sentinel run's replay.json: written from the faults the random loop applied, it parses, and the
 * run it starts has the same Sentinel topology (sentinels and timers), server, options and faults.
 */
class SentinelReplayTest {

  @TempDir Path dir;

  private static final String TOPOLOGY = "sentinel:5,down-after-ms=1500,failover-timeout-ms=4000";

  private static RunSpec spec() {
    return RunSpec.builder()
        .nemeses("isolate-master,kill-sentinel")
        .time(Duration.ofSeconds(20))
        .seed(7)
        .topology(TOPOLOGY)
        .server(Path.of("/usr/bin/redis-server"))
        .faultDuration(Duration.ofSeconds(3))
        .serverArgs(List.of("--min-replicas-to-write", "1"))
        .build();
  }

  @Test
  void aSentinelRunsReplayStartsTheSameTopologyAndFaults() throws Exception {
    List<ScheduledFault> applied =
        List.of(
            new ScheduledFault("isolate-master", 2_100, 3_000, 11L),
            new ScheduledFault("kill-sentinel", 9_000, 3_000, 12L),
            new ScheduledFault("isolate-master", 18_500, 3_000, 13L)); // still on at the end
    List<InvariantResult> results =
        List.of(
            new InvariantResult(
                "P7", "acknowledged writes survive", Verdict.INVALID, "lost", List.of()),
            new InvariantResult("P8", "sentinel converges", Verdict.VALID, "ok", List.of()));
    Path file = dir.resolve("replay.json");
    Files.writeString(file, RunReplay.of(spec(), applied, results).toJson());

    Replay replay = Replay.read(file);
    assertThat(replay.failed()).containsExactly("P7");
    assertThat(replay.seed()).isEqualTo(7);
    assertThat(replay.schedule().faults())
        .extracting(ScheduledFault::nemesis, ScheduledFault::atMillis, ScheduledFault::seed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("isolate-master", 2_100L, 11L),
            org.assertj.core.groups.Tuple.tuple("kill-sentinel", 9_000L, 12L),
            org.assertj.core.groups.Tuple.tuple("isolate-master", 18_500L, 13L));
    assertThat(replay.schedule().faults().get(2).endMillis()).isEqualTo(20_000);
    assertThat(replay.schedule().ops()).hasSize(5);

    RunSpec again = RunnerExecutor.spec(replay.schedule(), replay.seed(), replay.target(), dir);
    assertThat(again.topology()).isEqualTo(TOPOLOGY);
    assertThat(again.server()).isEqualTo(Path.of("/usr/bin/redis-server"));
    assertThat(again.serverArgs()).containsExactly("--min-replicas-to-write", "1");
    assertThat(again.replicas()).isEqualTo(2);
    RunPlan plan = RunPlan.of(again);
    assertThat(plan.sentinel()).isTrue();
    assertThat(plan.invariantIds()).contains("P7", "P8");
    assertThat(plan.schedule().faults()).hasSize(3);
  }
}
