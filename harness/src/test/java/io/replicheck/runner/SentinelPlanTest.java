package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentinelPlanTest {

  private static RunSpec spec(String topology, String nemeses) {
    return RunSpec.builder()
        .nemeses(nemeses)
        .time(Duration.ofSeconds(10))
        .seed(1)
        .clients(4)
        .topology(topology)
        .build();
  }

  @Test
  void sentinelRunsCheckAcknowledgedWritesAndConvergence() {
    RunPlan plan = RunPlan.of(spec("sentinel", "isolate-master,kill-sentinel"));
    assertThat(plan.sentinel()).isTrue();
    assertThat(plan.invariantIds()).contains("P7", "P8", "P3", "P1");
    assertThat(RunPlan.of(spec("star", "kill")).invariantIds()).doesNotContain("P7", "P8");
  }

  @Test
  void sentinelNemesesNeedTheSentinelTopology() {
    assertThatThrownBy(() -> RunPlan.of(spec("star", "isolate-master")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nemesis isolate-master needs --topology sentinel");
  }

  @Test
  void linkFaultsAndTheManualFailoverDoNotApplyUnderSentinel() {
    assertThatThrownBy(() -> RunPlan.of(spec("sentinel", "failover")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nemesis failover does not apply under --topology sentinel");
    assertThatThrownBy(() -> RunPlan.of(spec("sentinel", "partition")))
        .hasMessageContaining("isolate-master");
    assertThat(RunPlan.of(spec("sentinel", "kill,pause,pause-sentinel")).nemeses()).hasSize(3);
  }

  @Test
  void sentinelEventsAreReadFromTheirLogLines() {
    List<String> lines =
        List.of(
            "17264:X 06 Dec 2026 15:39:46.722 * +slave slave 127.0.0.1:46771 127.0.0.1 46771 @"
                + " replicheck 127.0.0.1 41841",
            "17264:X 06 Dec 2026 15:39:57.801 # +sdown master replicheck 127.0.0.1 41841",
            "17264:X 06 Dec 2026 15:39:57.852 # +odown master replicheck 127.0.0.1 41841 #quorum"
                + " 2/2",
            "17264:X 06 Dec 2026 15:39:57.852 # +try-failover master replicheck 127.0.0.1 41841",
            "17264:X 06 Dec 2026 15:39:58.061 # +elected-leader master replicheck 127.0.0.1 41841",
            "17264:X 06 Dec 2026 15:39:58.900 # +promoted-slave slave 127.0.0.1:46771 127.0.0.1"
                + " 46771 @ replicheck 127.0.0.1 41841",
            "17264:X 06 Dec 2026 15:39:59.000 # +switch-master replicheck 127.0.0.1 41841"
                + " 127.0.0.1 46771",
            "17264:X 06 Dec 2026 15:40:17.923 * +convert-to-slave slave 127.0.0.1:41841 127.0.0.1"
                + " 41841 @ replicheck 127.0.0.1 46771",
            "17264:X 06 Dec 2026 15:40:18.000 # -sdown master replicheck 127.0.0.1 41841",
            "17264:X 06 Dec 2026 15:40:18.000 * Sentinel new configuration saved on disk");
    assertThat(SentinelWatch.eventsOf(lines))
        .containsExactly(
            "+sdown",
            "+odown",
            "+try-failover",
            "+elected-leader",
            "+promoted-slave",
            "+switch-master",
            "+convert-to-slave",
            "-sdown");
  }
}
