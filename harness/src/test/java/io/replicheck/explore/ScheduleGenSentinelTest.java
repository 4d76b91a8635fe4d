package io.replicheck.explore;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.explore.coverage.ScheduleMutator.Operator;
import io.replicheck.nemesis.Nemeses;
import io.replicheck.runner.ScheduledFault;
import io.replicheck.runner.Step;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Explore pinned to {@code --topology sentinel}: a drawn fault that does not apply under Sentinel
 * (a replication link's, the manual failover) becomes one of Sentinel's own, picked by its seed;
 * the faults that apply stay; other topologies are untouched. Unpinned, with the sentinel topology
 * drawn (redis-sentinel on PATH), Sentinel's star is one of the drawn topologies, with its nemeses.
 */
class ScheduleGenSentinelTest {
  private static final ScheduleGen.Options DRAWING =
      ScheduleGen.Options.defaults().withSentinelDrawn(true);

  /** Whether {@code nemesis} may run on {@code topology} (RunPlan refuses the others). */
  private static boolean applies(String nemesis, String topology) {
    boolean sentinel = topology.startsWith("sentinel");
    if (Nemeses.SENTINEL_ONLY.contains(nemesis)) return sentinel;
    return !sentinel || Nemeses.UNDER_SENTINEL.contains(nemesis);
  }

  @Test
  void unpinnedSchedulesDrawSentinelBesideStarChainAndMixWithItsNemeses() {
    ScheduleGen gen = new ScheduleGen(DRAWING);
    Set<String> topologies = new HashSet<>();
    Set<String> sentinelNemeses = new HashSet<>();
    int sentinel = 0;
    for (long seed = 0; seed < 400; seed++) {
      Schedule s = gen.generate(seed);
      s.validate();
      topologies.add(s.topology());
      for (ScheduledFault f : s.faults())
        assertThat(applies(f.nemesis(), s.topology()))
            .as("seed %d: %s on %s", seed, f.nemesis(), s.topology())
            .isTrue();
      if (!s.topology().equals("sentinel")) continue;
      sentinel++;
      assertThat(s.replicas()).isBetween(1, DRAWING.replicas());
      s.faults().forEach(f -> sentinelNemeses.add(f.nemesis()));
    }
    assertThat(topologies).containsExactlyInAnyOrder("star", "chain", "mix", "sentinel");
    // evenly among four: about 100 of 400
    assertThat(sentinel).isBetween(60, 140);
    assertThat(sentinelNemeses).containsAll(Nemeses.SENTINEL_ONLY).contains("kill", "pause");
    assertThat(gen.generate(7)).isEqualTo(new ScheduleGen(DRAWING).generate(7));
  }

  @Test
  void withoutSentinelNoScheduleDrawsItOrItsNemeses() {
    ScheduleGen gen = new ScheduleGen(ScheduleGen.Options.defaults());
    for (long seed = 0; seed < 400; seed++) {
      Schedule s = gen.generate(seed);
      assertThat(s.topology()).isNotEqualTo("sentinel");
      assertThat(s.faults()).noneMatch(f -> Nemeses.SENTINEL_ONLY.contains(f.nemesis()));
    }
  }

  @Test
  void mutationsKeepEveryFaultApplicableToTheTopology() {
    ScheduleGen gen = new ScheduleGen(DRAWING);
    ScheduleStepMutator mutator = new ScheduleStepMutator(DRAWING);
    Set<String> reached = new HashSet<>();
    for (long seed = 0; seed < 200; seed++) {
      Schedule s = gen.generate(seed);
      SplittableRandom r = new SplittableRandom(seed);
      for (int step = 0; step < 12; step++) {
        Operator op = Operator.values()[r.nextInt(Operator.values().length)];
        Optional<Schedule> m = mutator.apply(op, s, r);
        if (m.isEmpty()) continue;
        s = m.get();
        s.validate();
        reached.add(s.topology());
        for (ScheduledFault f : s.faults())
          assertThat(applies(f.nemesis(), s.topology()))
              .as("seed %d after %s: %s on %s", seed, op, f.nemesis(), s.topology())
              .isTrue();
      }
    }
    assertThat(reached).contains("sentinel", "star");
  }

  @Test
  void sentinelFaultsOffSentinelBecomeCatalogueFaults() {
    ScheduledFault isolate = new ScheduledFault("isolate-master", 1000, 2000, 3);
    ScheduledFault onStar = ScheduleGen.applicable(isolate, "star");
    assertThat(onStar.nemesis()).isIn(ScheduleGen.DEFAULT_WEIGHTS.keySet());
    assertThat(Nemeses.SENTINEL_ONLY).doesNotContain(onStar.nemesis());
    assertThat(onStar.atMillis()).isEqualTo(1000);
    assertThat(ScheduleGen.applicable(isolate, "sentinel")).isSameAs(isolate);
    ScheduledFault kill = new ScheduledFault("kill", 1000, 2000, 3);
    assertThat(ScheduleGen.applicable(kill, "sentinel")).isSameAs(kill);
  }

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
