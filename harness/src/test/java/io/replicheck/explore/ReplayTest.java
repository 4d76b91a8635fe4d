package io.replicheck.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {

  @TempDir Path dir;

  private static Replay sample() {
    return new Replay(
        Replay.VERSION,
        42,
        ScheduleShrinkerTest.big(),
        Target.reference("skip-backlog-trim"),
        List.of("P1"),
        "bin/replicheck replay x",
        new Replay.ShrinkInfo(13, 57, 80, false));
  }

  @Test
  void roundTripsThroughAFile() throws Exception {
    Path file = sample().write(dir.resolve("run/replay.json"));
    Replay back = Replay.read(file);
    assertThat(back).isEqualTo(sample());
    String text = Files.readString(file);
    assertThat(text)
        .contains(
            "\"version\" : 1",
            "\"type\" : \"fault\"",
            "\"nemesis\" : \"kill\"",
            "\"injectBug\" : \"skip-backlog-trim\"");
    assertThat(dir.resolve("run/replay.json.tmp")).doesNotExist();
  }

  @Test
  void aReplayWithoutShrinkInfoReadsBack() {
    Replay r =
        new Replay(1, 1, ScheduleShrinkerTest.big(), Target.reference(null), List.of(), null, null);
    assertThat(Replay.parse("r.json", r.toJson())).isEqualTo(r);
  }

  @Test
  void badFilesGiveOneClearError() {
    assertThatThrownBy(() -> Replay.read(dir.resolve("missing.json")))
        .isInstanceOf(ReplayException.class)
        .hasMessageEndingWith("missing.json: no such file");
    assertBad("{not json", "x.json: not valid JSON");
    assertBad("[1,2]", "x.json: not a replay file (expected a JSON object)");
    assertBad("{\"seed\": 1}", "x.json: not a replay file (no \"version\")");
    assertBad(
        sample().toJson().replace("\"version\" : 1", "\"version\" : 9"),
        "replay format version 9 is not supported");
    assertBad(
        sample().toJson().replace("\"kill\"", "\"earthquake\""), "unknown nemesis 'earthquake'");
    assertBad(
        sample().toJson().replace("\"clients\" : 4", "\"clients\" : 0"),
        "invalid schedule: clients must be between");
    assertBad(
        sample().toJson().replace("\"seed\" : 42", "\"seed\" : 42, \"colour\" : \"red\""),
        "not a valid replay: Unrecognized field \"colour\"");
    assertBad(
        new Replay(1, 1, null, Target.reference(null), List.of(), null, null).toJson(),
        "no \"schedule\"");
    assertBad(
        "{\"version\": 1, \"target\": {}}",
        "not a valid replay: Cannot map `null` into type `long`");
    assertBad(
        sample().toJson().replace("\"type\" : \"fault\"", "\"type\" : \"meteor\""),
        "not a valid replay");
  }

  private static void assertBad(String json, String message) {
    assertThatThrownBy(() -> Replay.parse("x.json", json))
        .isInstanceOf(ReplayException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
