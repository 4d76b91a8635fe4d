package io.replicheck.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicheck.cluster.Topology;
import io.replicheck.runner.ScheduledFault;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What the default exploration draws: every topology, and faults aimed at every role. */
class ScheduleGenSpaceTest {

  private final ScheduleGen gen = new ScheduleGen(ScheduleGen.Options.defaults());

  @Test
  void theDefaultDrawsStarsOfOneToThreeChainsOfDepthTwoToThreeAndMixes() {
    Map<String, Integer> seen = new TreeMap<>();
    for (long seed = 0; seed < 600; seed++) {
      Schedule s = gen.generate(seed).validate();
      Topology t = Topology.parse(s.topology());
      t.requireReplicas(s.replicas());
      String key =
          switch (t.shape()) {
            case "star" -> "star " + s.replicas();
            case "chain" -> "chain depth " + t.depth(s.replicas());
            default -> t.shape() + " " + s.replicas();
          };
      seen.merge(key, 1, Integer::sum);
    }
    assertThat(seen)
        .containsOnlyKeys("star 1", "star 2", "star 3", "chain depth 2", "chain depth 3", "mix 3");
    // evenly among the three shapes: each well above a sixth of 600
    assertThat(seen.get("mix 3")).isGreaterThan(100);
    assertThat(seen.get("chain depth 2") + seen.get("chain depth 3")).isGreaterThan(100);
  }

  @Test
  void faultsHitEveryRoleThatTheirNemesisAndTopologyHave() {
    Map<String, Integer> seen = new TreeMap<>();
    for (long seed = 0; seed < 1500; seed++) {
      Schedule s = gen.generate(seed);
      boolean star = s.topology().equals("star");
      for (ScheduledFault f : s.faults()) {
        String n = f.nemesis();
        if (f.target() == null) {
          seen.merge(n, 1, Integer::sum);
          // only nemeses that pick their own target stay unaimed
          assertThat(n)
              .isIn("failover", "diverge", "backlog-shrink", "partition-clients", "output-buffer");
          continue;
        }
        if (star) assertThat(f.target()).as(f.toString()).isNotEqualTo("middle");
        if (n.equals("kill") || LINKS.contains(n))
          assertThat(f.target()).as(f.toString()).isNotEqualTo("master");
        seen.merge(n + " on " + f.target(), 1, Integer::sum);
      }
    }
    assertThat(seen)
        .containsKeys(
            "restart on master",
            "restart on middle",
            "restart on leaf",
            "kill on middle",
            "kill on leaf",
            "pause on master",
            "pause on middle",
            "client-pause on master",
            "client-pause on middle",
            "client-pause on leaf",
            "partition on middle",
            "partition on leaf",
            "one-way on leaf",
            "latency on middle",
            "reset-peer on leaf",
            "limit-data on leaf",
            "blackhole on middle",
            "bandwidth on leaf",
            "slicer on middle",
            "partition-clients",
            "output-buffer");
  }

  @Test
  void aPinnedTopologyIsKeptAndAMixNeedsThreeReplicas() {
    ScheduleGen mix = new ScheduleGen(ScheduleGen.Options.defaults().withTopology("mix", 4));
    for (long seed = 0; seed < 50; seed++) {
      Schedule s = mix.generate(seed);
      assertThat(s.topology()).isEqualTo("mix");
      assertThat(s.replicas()).isBetween(3, 4);
    }
    ScheduleGen star = new ScheduleGen(ScheduleGen.Options.defaults().withTopology("star", 2));
    for (long seed = 0; seed < 50; seed++) {
      Schedule s = star.generate(seed);
      assertThat(s.topology()).isEqualTo("star");
      assertThat(s.faults()).allMatch(f -> !"middle".equals(f.target()));
    }
    assertThatThrownBy(() -> ScheduleGen.Options.defaults().withTopology("mix", 2))
        .hasMessageContaining("mix needs at least 3 replicas");
  }

  @Test
  void replayFilesRecordTopologyAndTargetsAndValidateThem() {
    ScheduledFault f = new ScheduledFault("restart", 1000, 1000, 7, "master");
    Schedule s = new Schedule("register", 1, 3, "tree:1,1,2", 1, 100, 5000, java.util.List.of(f));
    assertThat(s.validate().faults().get(0).target()).isEqualTo("master");
    assertThatThrownBy(() -> s.withReplicas(2).validate())
        .hasMessageContaining("tree:1,1,2 has 3 replicas, not 2");
    assertThatThrownBy(
            () ->
                new Schedule("register", 1, 3, "mix", 1, 100, 5000, java.util.List.of(f.on("boss")))
                    .validate())
        .hasMessageContaining("unknown role 'boss'");
    assertThatThrownBy(() -> s.withTopology("ring").validate())
        .hasMessageContaining("unknown topology 'ring'");
  }

  @Test
  void replayJsonRecordsTheTopologyAndEachFaultsRole() {
    Schedule s = gen.generate(3);
    for (long seed = 0; s.faults().stream().allMatch(f -> f.target() == null); seed++)
      s = gen.generate(seed);
    Replay r =
        new Replay(Replay.VERSION, 1, s, Target.reference(null), java.util.List.of(), "x", null);
    String json = r.toJson();
    assertThat(json).contains("\"topology\" : \"" + s.topology() + "\"", "\"target\" : \"");
    assertThat(Replay.parse("replay.json", json)).isEqualTo(r);
    // a replay file from before roles: no target, the nemesis picks a replica as it did then
    String old = json.replaceAll(",\\s*\"target\" : \"[a-z]+\"", "");
    assertThat(old).doesNotContain("\"target\" : \"");
    assertThat(Replay.parse("old.json", old).schedule().faults()).allMatch(f -> f.target() == null);
  }

  @Test
  void halfOfTheFaultsAfterTheFirstWaitForAReplicationPhaseEachPhaseAlike() {
    Map<String, Integer> seen = new TreeMap<>();
    int faults = 0;
    for (long seed = 0; seed < 1000; seed++) {
      java.util.List<ScheduledFault> fs = gen.generate(seed).validate().faults();
      // before the first fault the links are steady: it waits for no phase
      assertThat(fs.get(0).after()).isNull();
      for (ScheduledFault f : fs.subList(1, fs.size())) {
        if (f.overlap()) continue; // it starts by the clock inside the one before
        faults++;
        seen.merge(String.valueOf(f.after()), 1, Integer::sum);
      }
    }
    assertThat(seen).containsOnlyKeys("null", "link-down", "full-sync");
    assertThat(seen.get("null")).isBetween(faults * 2 / 5, faults * 3 / 5);
    assertThat(seen.get("link-down")).isBetween(faults / 5, faults * 3 / 10);
    assertThat(seen.get("full-sync")).isBetween(faults / 5, faults * 3 / 10);
  }

  @Test
  void aFaultsPhaseIsRecordedInReplayJsonAndValidated() {
    ScheduledFault f = new ScheduledFault("kill", 1000, 1000, 7, "leaf").after("full-sync");
    Schedule s = new Schedule("register", 1, 1, "star", 1, 100, 5000, java.util.List.of(f));
    Replay r =
        new Replay(Replay.VERSION, 1, s, Target.reference(null), java.util.List.of(), "x", null);
    String json = r.toJson();
    assertThat(json).contains("\"after\" : \"full-sync\"");
    assertThat(Replay.parse("replay.json", json)).isEqualTo(r);
    assertThat(f.toString()).isEqualTo("kill on leaf @1000ms+1000ms after full-sync (seed 7)");
    // a phase nobody knows is one clear error, naming those there are
    assertThatThrownBy(
            () ->
                Replay.parse("bad.json", json.replace("\"full-sync\"", "\"loading\""))
                    .schedule()
                    .validate())
        .hasMessageContaining("unknown replication phase 'loading' (link-down, full-sync)");
    // shrinking tries the clock instead of the phase
    assertThat(ScheduleShrinker.candidates(s).toList())
        .anySatisfy(c -> assertThat(c.faults()).containsExactly(f.after(null)));
  }

  @Test
  void aThirdOfTheFaultsThatComposeOverlapTheOneBeforeNeverUnderSentinel() {
    ScheduleGen withSentinel =
        new ScheduleGen(ScheduleGen.Options.defaults().withSentinelDrawn(true));
    int pairs = 0, overlapping = 0;
    Map<String, Integer> kinds = new TreeMap<>();
    for (long seed = 0; seed < 1000; seed++) {
      Schedule s = withSentinel.generate(seed).validate();
      java.util.List<ScheduledFault> fs = s.faults();
      assertThat(fs.get(0).overlap()).isFalse();
      for (int i = 1; i < fs.size(); i++) {
        ScheduledFault before = fs.get(i - 1), f = fs.get(i);
        boolean composes =
            io.replicheck.nemesis.Nemeses.composes(before.nemesis())
                && io.replicheck.nemesis.Nemeses.composes(f.nemesis())
                && !before.nemesis().equals(f.nemesis());
        if (!f.overlap()) {
          if (composes && s.topology().equals("star")) pairs++;
          continue;
        }
        // it starts inside the one before, by the clock, on a topology without Sentinel
        assertThat(s.topology()).isNotEqualTo("sentinel");
        assertThat(composes).as("%s then %s", before, f).isTrue();
        assertThat(f.atMillis()).isGreaterThan(before.atMillis()).isLessThan(before.endMillis());
        assertThat(f.after()).isNull();
        assertThat(f.overlaps(false)).isTrue();
        if (s.topology().equals("star")) {
          pairs++;
          overlapping++;
        }
        kinds.merge(f.nemesis(), 1, Integer::sum);
      }
    }
    assertThat(overlapping).isBetween(pairs / 5, pairs * 2 / 5);
    // every nemesis that composes is drawn overlapping some time
    assertThat(kinds.keySet())
        .contains("partition", "kill", "pause", "restart", "client-pause", "limit-data");
  }

  @Test
  void anOverlappingFaultIsRecordedValidatedAndShrunkToOneAfterTheOther() {
    ScheduledFault cut = new ScheduledFault("partition", 1000, 2000, 7, "leaf");
    ScheduledFault kill = new ScheduledFault("kill", 1500, 1000, 8, "leaf").overlapping(true);
    Schedule s = new Schedule("register", 1, 2, "star", 1, 100, 6000, java.util.List.of(cut, kill));
    Replay r =
        new Replay(Replay.VERSION, 1, s, Target.reference(null), java.util.List.of(), "x", null);
    String json = r.toJson();
    assertThat(json).contains("\"overlap\" : true").containsOnlyOnce("\"overlap\"");
    assertThat(Replay.parse("replay.json", json)).isEqualTo(r);
    assertThat(kill.toString()).isEqualTo("kill on leaf @1500ms+1000ms overlapping (seed 8)");
    // without the flag the same times are one clear error that says how to run both at once
    assertThatThrownBy(
            () -> s.withSteps(java.util.List.of(cut, kill.overlapping(false))).validate())
        .hasMessageContaining("overlaps the fault before it (\"overlap\": true runs both at once)");
    // not under Sentinel, not a failover
    assertThatThrownBy(() -> s.withTopology("sentinel").validate())
        .hasMessageContaining("no fault overlaps another under Sentinel");
    assertThatThrownBy(
            () ->
                s.withSteps(
                        java.util.List.of(
                            cut, new ScheduledFault("failover", 1500, 1000, 8).overlapping(true)))
                    .validate())
        .hasMessageContaining("failover does not overlap other faults");
    // shrinking tries both by the clock, one after the other (the kill moved past the cut)
    assertThat(ScheduleShrinker.candidates(s).toList())
        .anySatisfy(c -> assertThat(c.faults()).allMatch(f -> !f.overlap() && f.after() == null));
  }

  private static final java.util.Set<String> LINKS =
      java.util.Set.of(
          "partition",
          "one-way",
          "latency",
          "reset-peer",
          "blackhole",
          "bandwidth",
          "slicer",
          "limit-data");
}
