package io.replicheck.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicheck.gen.Property;
import io.replicheck.runner.OpWindow;
import io.replicheck.runner.ScheduledFault;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScheduleGenTest {

  private final ScheduleGen gen = new ScheduleGen(ScheduleGen.Options.defaults());

  @Test
  void theSameSeedGivesTheSameSchedule() {
    for (long seed = 0; seed < 30; seed++) {
      assertThat(gen.generate(seed))
          .isEqualTo(new ScheduleGen(ScheduleGen.Options.defaults()).generate(seed));
    }
    Set<Schedule> distinct = new HashSet<>();
    for (long seed = 0; seed < 30; seed++) distinct.add(gen.generate(seed));
    assertThat(distinct).hasSizeGreaterThan(25);
  }

  @Test
  void everyGeneratedScheduleIsValid() {
    Property.forAll(gen.gen())
        .tries(300)
        .seed(8)
        .checkThat(
            s -> {
              s.validate();
              assertThat(s.timeMillis()).isEqualTo(10_000);
              assertThat(s.faults()).hasSizeLessThanOrEqualTo(4);
              // every client has at least one op window
              for (int c = 0; c < s.clients(); c++) {
                int client = c;
                assertThat(s.ops()).anyMatch(o -> o.client() == client);
              }
            });
  }

  @Test
  void schedulesDrawFaultsAndWorkloads() {
    Set<String> nemeses = new HashSet<>();
    int withFaults = 0;
    for (long seed = 0; seed < 200; seed++) {
      Schedule s = gen.generate(seed);
      s.faults().forEach(f -> nemeses.add(f.nemesis()));
      if (!s.faults().isEmpty()) withFaults++;
    }
    assertThat(withFaults).isGreaterThan(120);
    assertThat(nemeses)
        .contains("partition", "kill", "pause")
        .isSubsetOf(ScheduleGen.DEFAULT_WEIGHTS.keySet());
  }

  @Test
  void userWeightsDecideWhichFaultsAppear() {
    ScheduleGen only =
        new ScheduleGen(
            ScheduleGen.Options.defaults()
                .withWeights(ScheduleGen.parseWeights("kill=1,partition=0"))
                .withWorkloads(List.of("register", "counter")));
    Set<String> workloads = new HashSet<>();
    for (long seed = 0; seed < 100; seed++) {
      Schedule s = only.generate(seed);
      workloads.add(s.workload());
      assertThat(s.faults()).allMatch(f -> f.nemesis().equals("kill"));
    }
    assertThat(workloads).containsExactlyInAnyOrder("register", "counter");
    assertThat(ScheduleGen.parseWeights("partition=3, kill"))
        .isEqualTo(Map.of("partition", 3, "kill", 1));
    assertThatThrownBy(() -> ScheduleGen.Options.defaults().withWeights(Map.of("earthquake", 1)))
        .hasMessageContaining("unknown nemesis 'earthquake'");
    assertThatThrownBy(() -> ScheduleGen.parseWeights("kill=lots"))
        .hasMessageContaining("not name=integer");
  }

  @Test
  void noWeightsMeansNoFaults() {
    ScheduleGen calm = new ScheduleGen(ScheduleGen.Options.defaults().withWeights(Map.of()));
    for (long seed = 0; seed < 20; seed++) assertThat(calm.generate(seed).faults()).isEmpty();
  }

  @Test
  void theRunnerScheduleCarriesEveryStep() {
    Schedule s = gen.generate(3);
    var rs = s.toRunSchedule();
    assertThat(rs.faults()).hasSize(s.faults().size());
    assertThat(rs.ops()).hasSize(s.ops().size());
    OpWindow first = s.ops().get(0);
    assertThat(rs.windowAt(first.client(), first.atMillis())).isNotNull();
    assertThat(rs.windowAt(first.client(), s.timeMillis() + 1)).isNull();
  }

  @Test
  void schedulesVaryDbAndReplicasAndLeaveTheMasterIdleAtTimes() {
    Set<Integer> dbs = new HashSet<>();
    Set<Integer> replicas = new HashSet<>();
    Set<String> workloads = new HashSet<>();
    int withIdleFault = 0;
    for (long seed = 0; seed < 200; seed++) {
      Schedule s = gen.generate(seed);
      dbs.add(s.db());
      replicas.add(s.replicas());
      workloads.add(s.workload());
      // a fault that heals while no client writes: the case where a replica reconnects having every
      // byte
      for (ScheduledFault f : s.faults()) {
        boolean busy =
            s.ops().stream()
                .anyMatch(o -> o.atMillis() < f.endMillis() + 500 && o.endMillis() > f.endMillis());
        if (!busy) withIdleFault++;
      }
    }
    assertThat(dbs).containsExactlyInAnyOrder(0, 1);
    assertThat(replicas).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(workloads).containsExactlyInAnyOrderElementsOf(ScheduleGen.DEFAULT_WORKLOADS);
    assertThat(withIdleFault).isGreaterThan(20);
  }

  @Test
  void dbShrinksToZeroAndOldReplayFilesReadAsDbZero() throws Exception {
    Schedule s =
        new Schedule(
            "register", 1, 1, "star", 1, 100, 5000, List.of(new OpWindow(0, 0, 1000, 0)), 1);
    assertThat(ScheduleShrinker.candidates(s)).contains(s.withDb(0));
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.valueToTree(s);
    assertThat(mapper.treeToValue(tree, Schedule.class)).isEqualTo(s);
    tree.remove("db");
    assertThat(mapper.treeToValue(tree, Schedule.class).db()).isZero();
  }
}
