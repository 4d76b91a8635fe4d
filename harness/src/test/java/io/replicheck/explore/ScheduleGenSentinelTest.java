package io.replicheck.explore;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.nemesis.Nemeses;
import io.replicheck.runner.ScheduledFault;
import io.replicheck.runner.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Explore pinned to {@code --topology sentinel}: a drawn fault that does not apply under Sentinel
 * (a replication link's, the manual failover) becomes one of Sentinel's own, picked by its seed;
 * the faults that apply stay; other topologies are untouched.
 */
class ScheduleGenSentinelTest {

  @Test
  void faultsThatDoNotApplyUnderSentinelBecomeSentinelFaults() {
    List<Step> drawn =
        List.of(
            new ScheduledFault("partition", 1000, 2000, 5),
            new ScheduledFault("failover", 4000, 2000, 6),
            new ScheduledFault("kill-sentinel", 7000, 2000, 7),
            new ScheduledFault("pause", 10_000, 2000, 8));
    List<Step> aimed = ScheduleGen.aim(drawn, new ScheduleGen.Layout("sentinel", 2));
    List<String> names = aimed.stream().map(s -> ((ScheduledFault) s).nemesis()).toList();
    assertThat(Nemeses.SENTINEL_ONLY).contains(names.get(0), names.get(1));
    assertThat(names.subList(2, 4)).containsExactly("kill-sentinel", "pause");
    assertThat(aimed).extracting(Step::atMillis).containsExactly(1000L, 4000L, 7000L, 10_000L);
    assertThat(ScheduleGen.aim(drawn, new ScheduleGen.Layout("sentinel", 2))).isEqualTo(aimed);

    List<Step> star = ScheduleGen.aim(drawn, new ScheduleGen.Layout("star", 2));
    assertThat(star.stream().map(s -> ((ScheduledFault) s).nemesis()).toList())
        .startsWith("partition", "failover");
  }
}
