package io.replicheck.explore;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.explore.config.ConfigSpace;
import io.replicheck.explore.config.NodeConfig;
import io.replicheck.explore.shape.DataShape;
import io.replicheck.explore.shape.RatePattern;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Schedules with a drawn node configuration and data shape (issue 14). */
class DrawnScheduleTest {

  private static final NodeConfig CONFIG =
      new NodeConfig(
          Map.of("repl-backlog-size", "16384", "save", "", "repl-diskless-load", "swapdb"),
          Map.of("min-replicas-to-write", "1"));

  private static final DataShape SHAPE =
      new DataShape(
          8L * 1024 * 1024,
          100_000,
          64,
          new RatePattern(
              List.of(
                  new RatePattern.Segment("burst", 400, 5000),
                  new RatePattern.Segment("idle", 1000, 0))),
          3);

  private static Schedule drawn() {
    return ScheduleShrinkerTest.big().withConfig(CONFIG).withShape(SHAPE).validate();
  }

  private static Replay replayOf(Schedule s) {
    return new Replay(Replay.VERSION, 7, s, Target.reference(null), List.of("P6"), null, null);
  }

  @Test
  void configAndShapeRoundTripThroughReplayJson() {
    Replay r = replayOf(drawn());
    String json = r.toJson();
    assertThat(json)
        .contains(
            "\"config\" : {",
            "\"repl-backlog-size\" : \"16384\"",
            "\"min-replicas-to-write\" : \"1\"",
            "\"shape\" : {",
            "\"preloadKeys\" : 100000",
            "\"kind\" : \"burst\"");
    Replay back = Replay.parse("r.json", json);
    assertThat(back).isEqualTo(r);
    assertThat(back.schedule().config()).isEqualTo(CONFIG);
    assertThat(back.schedule().shape()).isEqualTo(SHAPE);
    // the shape's db is the one clients use
    assertThat(back.schedule().db()).isEqualTo(3);
  }

  @Test
  void oldReplayFilesWithoutConfigOrShapeStillLoad() {
    Replay plain = replayOf(ScheduleShrinkerTest.big());
    String json = plain.toJson();
    assertThat(json).doesNotContain("\"config\"").doesNotContain("\"shape\"");
    Replay back = Replay.parse("old.json", json);
    assertThat(back.schedule().config()).isNull();
    assertThat(back.schedule().shape()).isNull();
    assertThat(back).isEqualTo(plain);
    // the runner then starts nodes with the harness's arguments only
    assertThat(RunnerExecutor.spec(back.schedule(), 7, back.target(), null).config()).isNull();
  }

  @Test
  void theRunSpecCarriesConfigAndShapeExceptOnExternalNodes() {
    var spec = RunnerExecutor.spec(drawn(), 7, Target.reference(null), null);
    assertThat(spec.config()).isEqualTo(CONFIG);
    assertThat(spec.shape()).isEqualTo(SHAPE);
    assertThat(spec.db()).isEqualTo(3);
    Target external =
        new Target(null, null, "external", List.of(), 2000, true, List.of("h:1", "h:2"));
    assertThat(RunnerExecutor.spec(drawn(), 7, external, null).config()).isNull();
  }

  @Test
  void aDrawnSnapshotDelayIsCappedSoThatTheSchedulesKeysSnapshotWithinTwoSeconds() {
    Schedule s =
        drawn().withConfig(new NodeConfig(Map.of("rdb-key-save-delay", "10000"), Map.of()));
    // 100,000 preloaded keys and the workload's: 2 s / 100,00x keys rounds down to 19 us
    long keys = 100_000L + s.keys();
    var spec = RunnerExecutor.spec(s, 7, Target.reference(null), null);
    assertThat(spec.config().all())
        .containsEntry("rdb-key-save-delay", Long.toString(2_000_000 / keys));
    // a delay already short enough is kept, and the schedule itself keeps what was drawn
    Schedule small = s.withConfig(new NodeConfig(Map.of("rdb-key-save-delay", "3"), Map.of()));
    assertThat(RunnerExecutor.spec(small, 7, Target.reference(null), null).config().all())
        .containsEntry("rdb-key-save-delay", "3");
    assertThat(s.config().all()).containsEntry("rdb-key-save-delay", "10000");
  }

  @Test
  void shrinkCandidatesPutEachDirectiveBackAndSimplifyTheShape() {
    Schedule s = drawn();
    List<Schedule> candidates = ScheduleShrinker.candidates(s).toList();
    for (NodeConfig c : CONFIG.shrinkCandidates()) {
      assertThat(candidates).contains(s.withConfig(c));
    }
    for (DataShape d : SHAPE.shrinkCandidates()) {
      assertThat(candidates).contains(s.withShape(d));
    }
    // one directive back at its default, the others kept
    assertThat(candidates)
        .anySatisfy(
            c -> {
              assertThat(c.config()).isNotNull();
              assertThat(c.config().all())
                  .doesNotContainKey("save")
                  .containsKey("repl-backlog-size");
              assertThat(c.steps()).isEqualTo(s.steps());
            });
    assertThat(candidates).anySatisfy(c -> assertThat(c.shape().db()).isZero());
  }

  @Test
  void drawsConfigAndShapeDeterministically() {
    ScheduleGen plain = new ScheduleGen(ScheduleGen.Options.defaults());
    ScheduleGen gen = plain.drawing(ConfigSpace.redis70(), true);
    ScheduleGen again =
        new ScheduleGen(ScheduleGen.Options.defaults()).drawing(ConfigSpace.redis70(), true);
    List<Schedule> drawn = IntStream.range(0, 40).mapToObj(i -> gen.generate(i)).toList();
    for (int i = 0; i < drawn.size(); i++) {
      Schedule s = drawn.get(i);
      assertThat(again.generate(i)).isEqualTo(s);
      assertThat(s.shape()).isNotNull();
      assertThat(s.db()).isEqualTo(s.shape().db());
      s.validate();
      if (s.workload().equals("bulk")) {
        assertThat((long) s.valueSize()).isEqualTo(s.shape().maxValueBytes());
      }
      if (s.config() != null) assertThat(s.config().admissible()).isTrue();
    }
    // configs are drawn (most schedules set some directive), and not all alike
    assertThat(drawn.stream().filter(s -> s.config() != null).count()).isGreaterThan(30);
    assertThat(drawn.stream().map(Schedule::config).distinct().count()).isGreaterThan(30);
    // without drawing, nothing changes
    assertThat(plain.generate(5).config()).isNull();
    assertThat(plain.generate(5).shape()).isNull();
  }
}
