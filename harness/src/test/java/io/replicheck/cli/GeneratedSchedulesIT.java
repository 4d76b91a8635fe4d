package io.replicheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.explore.Outcome;
import io.replicheck.explore.RunnerExecutor;
import io.replicheck.explore.Schedule;
import io.replicheck.explore.ScheduleGen;
import io.replicheck.explore.Target;
import io.replicheck.gen.Budget;
import io.replicheck.gen.Property;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The property the project exists to test, as a plain JUnit 5 test with the project's own engine:
 * for generated schedules of writes and faults, every invariant holds on the clean reference
 * server. Each schedule runs for real (processes, proxy, checker); a failure names the seed of its
 * try and the shrunk schedule.
 */
class GeneratedSchedulesIT {

  @TempDir Path store;

  @Test
  void everyGeneratedScheduleKeepsEveryInvariant() {
    ScheduleGen gen = new ScheduleGen(ScheduleGen.Options.defaults().withTime(6000));
    RunnerExecutor exec = ExploreCommand.executor(Target.reference(null), store, false);
    List<String> ran = new ArrayList<>();
    Property.forAll(gen.gen())
        .tries(3)
        .seed(2026)
        .shrinkBudget(Budget.of(2, Duration.ofMinutes(3)))
        .checkThat(
            (Schedule s) -> {
              Outcome o = exec.execute(s, 2026);
              ran.add(s.workload() + "/" + o.verdict());
              assertThat(o.verdict())
                  .as("%s%n-> %s %s (%s)", s.describe(), o.verdict(), o.failed(), o.dir())
                  .isEqualTo("valid");
            });
    // three real runs happened and were judged
    assertThat(ran).hasSize(3);
  }
}
