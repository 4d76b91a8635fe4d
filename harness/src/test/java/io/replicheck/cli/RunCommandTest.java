package io.replicheck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicheck.checker.Verdict;
import io.replicheck.invariant.InvariantResult;
import io.replicheck.nemesis.Nemeses;
import io.replicheck.workload.Workloads;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunCommandTest {
  @Test
  void parsesDurations() {
    assertThat(RunCommand.duration("--time", "30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(RunCommand.duration("--time", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(RunCommand.duration("--time", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(RunCommand.duration("--time", "1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(RunCommand.duration("--time", "7")).isEqualTo(Duration.ofSeconds(7));
    assertThatThrownBy(() -> RunCommand.duration("--time", "soon"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("--time: 'soon' is not a duration");
  }

  @Test
  void badOptionsExitThreeWithOneLine() {
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true));
    try {
      assertThat(Main.execute("run", "--workload", "bank")).isEqualTo(Main.EXIT_ERROR);
      assertThat(Main.execute("run", "--nemesis", "meteor")).isEqualTo(Main.EXIT_ERROR);
      assertThat(Main.execute("run", "--time", "soon")).isEqualTo(Main.EXIT_ERROR);
      assertThat(Main.execute("run", "--backend", "cloud")).isEqualTo(Main.EXIT_ERROR);
      assertThat(Main.execute("run", "--no-such-option")).isEqualTo(Main.EXIT_ERROR);
    } finally {
      System.setErr(err);
    }
    String out = buf.toString();
    assertThat(out)
        .contains("unknown workload 'bank'")
        .contains("unknown nemesis 'meteor'")
        .contains("'soon' is not a duration")
        .contains("unknown backend 'cloud'")
        .contains("Unknown option");
    assertThat(out).doesNotContain("Exception").doesNotContain("\tat ");
  }

  /**
   * Each of these is refused before anything starts: exit 3, one line on stderr, and no store
   * folder made (a run that got as far as starting would have made one).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "--time -5s",
        "--time 0s",
        "--time 0",
        "--op-timeout 0ms",
        "--fault-interval -1s",
        "--fault-duration 0s",
        "--time 1e400s",
        "--clients 0",
        "--clients -3",
        "--replicas -1",
        "--keys 0",
        "--value-size 0",
        "--value-size -1",
        "--db 16",
        "--db -1",
        "--topology ring",
        "--workload bank",
        "--nemesis partition,meteor",
        "--replicas 0 --nemesis kill",
        "--backend external --nodes 127.0.0.1:1",
        "--nodes 127.0.0.1:1,127.0.0.1:2",
        "--backend external --nodes 127.0.0.1:1,127.0.0.1:2 --nemesis kill",
        "--inject-bug no-such-bug",
        "--inject-bug wait-counts-sent --server /bin/true",
        "--server /no/such/redis-server",
        "--require XX9",
        "--require P4 --nemesis none",
        "--require P1 --workload register"
      })
  void refusesBeforeAnythingStarts(String options, @TempDir Path tmp) {
    refusedBeforeAnythingStarts("run " + options, tmp);
  }

  /** The options other commands share (mixins) are checked as early. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "explore --repeats 0",
        "explore --verify -1",
        "shrink replay.json --repeats 0",
        "bench lag --redis-server /no/such/redis-server",
        "bench server --redis-benchmark /no/such/redis-benchmark",
        "bench diff --redis-server /no/such/redis-server"
      })
  void sharedOptionsAreRefusedBeforeAnythingStarts(String command, @TempDir Path tmp) {
    refusedBeforeAnythingStarts(command, tmp);
  }

  private static void refusedBeforeAnythingStarts(String command, Path tmp) {
    Path store = tmp.resolve("store");
    String[] words = command.split(" ");
    int at = words[0].equals("bench") ? 2 : 1; // --store goes after the (sub)command's name
    List<String> args = new ArrayList<>(List.of(words).subList(0, at));
    if (!words[0].equals("bench")) args.addAll(List.of("--store", store.toString()));
    args.addAll(List.of(words).subList(at, words.length));
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.execute(args.toArray(new String[0]));
    } finally {
      System.setErr(err);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(code).as(out).isEqualTo(Main.EXIT_ERROR);
    assertThat(out.strip().lines()).as(out).hasSize(1).allMatch(l -> l.startsWith("replicheck: "));
    assertThat(Files.exists(store)).as("store made for " + command).isFalse();
  }

  @Test
  void requireCountsMissingAndNotExercisedResults() {
    List<InvariantResult> results =
        List.of(
            new InvariantResult(
                "IS1",
                "a PSYNC the backlog can serve gets CONTINUE",
                Verdict.VALID,
                "3 decisions",
                List.of()),
            new InvariantResult("P6", "no resyncs", Verdict.INVALID, "a resync", List.of()),
            new InvariantResult(
                "FS4",
                "offsets after full sync",
                Verdict.NOT_EXERCISED,
                "no full sync",
                List.of()));
    assertThat(RunCommand.notExercised(results, List.of("IS1", "P6", "P4", "FS4")))
        .containsExactly("P4", "FS4");
    assertThat(RunCommand.notExercised(results, List.of())).isEmpty();
  }

  @Test
  void helpListsTheRegisteredParts() {
    String help = (stdout("run", "--help") + stdout("explore", "--help")).replaceAll("\\s+", " ");
    for (String n : Nemeses.names()) assertThat(help).contains(n);
    for (String w : Workloads.names()) assertThat(help).contains(w);
    assertThat(help).contains("failover=3").contains("diverge=3");
  }

  @Test
  void bugsListsTheCatalogue() {
    assertThat(stdout("bugs"))
        .contains("where it bites")
        .contains("wait-counts-sent")
        .contains("master, WAIT accounting")
        .contains("P4")
        .doesNotContain("(not described)");
  }

  /** What a command that must exit 0 prints. */
  private static String stdout(String... args) {
    PrintStream out = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.execute(args)).isZero();
    } finally {
      System.setOut(out);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
