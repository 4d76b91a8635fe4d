package io.replicheck.explore;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.explore.config.ConfigSpace;
import io.replicheck.explore.config.NodeConfig;
import io.replicheck.runner.OpWindow;
import io.replicheck.runner.ScheduledFault;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedulePartsTest {
  @Test
  void aScheduleIsItsDrawnPartsBucketed() {
    Schedule s =
        new Schedule(
                "register",
                2,
                3,
                "chain",
                4,
                100,
                10_000,
                List.of(
                    new OpWindow(0, 0, 5000, 10, 50),
                    new OpWindow(1, 0, 5000, 10, 50),
                    new ScheduledFault("kill", 1000, 1000, 1).on("middle").after("full-sync"),
                    new ScheduledFault("failover", 3000, 1000, 2)),
                3)
            .withConfig(
                new NodeConfig(
                    Map.of(
                        "repl-backlog-size",
                        "1048576",
                        "client-output-buffer-limit",
                        "replica 0 0 0"),
                    Map.of("min-replicas-to-write", "1")));
    assertThat(ScheduleParts.of(s))
        .containsExactlyInAnyOrder(
            "workload:register",
            "clients:2",
            "topology:chain/3",
            "shape:chain",
            "db:1+",
            "faults:2",
            "fault:kill@middle",
            "after:full-sync>kill",
            "fault:failover@any",
            "then:kill>failover",
            "config:repl-backlog-size=2^20",
            "config:client-output-buffer-limit=replica 0 0 0",
            "config.master:min-replicas-to-write=2^0");
  }

  @Test
  void drawnSchedulesHaveTheirShapeAndConfigurationAmongTheirParts() {
    ScheduleGen gen =
        new ScheduleGen(ScheduleGen.Options.defaults()).drawing(ConfigSpace.redis70(), true);
    for (long seed = 0; seed < 50; seed++) {
      Schedule s = gen.generate(seed);
      Set<String> p = ScheduleParts.of(s);
      assertThat(p).contains("workload:" + s.workload()).anyMatch(x -> x.startsWith("values:1e"));
      assertThat(p).anyMatch(x -> x.startsWith("preload:1e")).anyMatch(x -> x.startsWith("rate:"));
      assertThat(p.stream().filter(x -> x.startsWith("fault:"))).isNotEmpty();
      // no raw number of a range is left: configuration values are buckets
      assertThat(p.stream().filter(x -> x.startsWith("config")))
          .allMatch(x -> !x.matches(".*=.*\\b[0-9]{3,}\\b.*"));
    }
  }
}
