package io.replicheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Option errors of explore, replay and shrink: one line, exit 3, before anything starts. */
class ExploreCommandTest {

  @TempDir Path dir;

  private record Result(int exit, String err) {}

  private static Result cli(String... args) {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try (PrintStream p = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setErr(p);
      exit = Main.execute(args);
    } finally {
      System.setErr(err);
    }
    return new Result(exit, captured.toString(StandardCharsets.UTF_8).strip());
  }

  private static void assertError(Result r, String message) {
    assertThat(r.exit()).as(r.err()).isEqualTo(Main.EXIT_ERROR);
    assertThat(r.err()).contains(message).doesNotContain("\n").doesNotContain("Exception");
  }

  @Test
  void scalingOptionsGiveOneClearError() {
    assertError(cli("explore", "--parallel", "0"), "--parallel must be at least 1");
    assertError(cli("explore", "--parallel", "100000"), "more than 4 per core");
    assertError(cli("explore", "--shard", "1/4"), "sharding needs --seed");
    assertError(cli("explore", "--shard", "4/4", "--seed", "1"), "shard 4/4");
    assertError(cli("explore", "--shard", "x", "--seed", "1"), "is not i/n");
    assertError(
        cli("explore", "--parallel", "2", "--backend", "external", "--nodes", "a:1,b:2"),
        "--parallel needs nodes of its own");
    assertError(
        cli("explore", "--server", "reference", "--server", "/no/such/redis"), "/no/such/redis");
  }

  @Test
  void badOptionsGiveOneClearError() {
    assertError(cli("explore", "--inject-bug", "no-such-bug"), "unknown bug 'no-such-bug' (");
    assertError(cli("explore", "--weights", "earthquake=1"), "unknown nemesis 'earthquake'");
    assertError(cli("explore", "--weights", "kill=lots"), "weight 'kill=lots' is not name=integer");
    assertError(
        cli("explore", "--server", dir.resolve("nope").toString()),
        "does not exist or is not executable");
    assertError(cli("explore", "--backend", "external"), "--backend external needs --nodes");
    assertError(
        cli(
            "explore",
            "--backend",
            "external",
            "--nodes",
            "127.0.0.1:1,127.0.0.1:2",
            "--weights",
            "kill=1"),
        "nemesis kill needs process control");
    assertError(cli("explore", "--time", "2s"), "schedules need at least 3 s");
    assertError(cli("explore", "--time-budget", "soon"), "--time-budget: 'soon' is not a duration");
    assertError(cli("explore", "--workload", "queue"), "unknown workload 'queue'");
    assertError(cli("explore", "--time", "-10s"), "--time must be above zero");
    assertError(cli("explore", "--time-budget", "-1m"), "--time-budget must be above zero");
    assertError(cli("explore", "--shrink-time", "0s"), "--shrink-time must be above zero");
    assertError(cli("explore", "--shrink-budget", "0"), "--shrink-budget must be at least 1");
    assertError(cli("explore", "--runs", "0"), "--runs must be at least 1");
    assertError(cli("explore", "--max-clients", "0"), "must be at least 1");
  }

  @Test
  void badReplayFilesGiveOneClearError() throws Exception {
    assertError(
        cli("replay", dir.resolve("missing.json").toString()), "missing.json: no such file");
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"version\": 2}");
    assertError(cli("replay", bad.toString()), "replay format version 2 is not supported");
    assertError(cli("shrink", bad.toString()), "replay format version 2 is not supported");
  }
}
