package io.replicheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicheck.explore.Replay;
import io.replicheck.explore.Schedule;
import io.replicheck.explore.ScheduleGen;
import io.replicheck.explore.Target;
import io.replicheck.runner.OpWindow;
import io.replicheck.runner.ScheduledFault;
import io.replicheck.testkit.Tools;
import io.replicheck.workload.Workloads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code explore}, {@code replay} and {@code shrink} end to end against Debian's redis-server:
 * generated schedules with faults must come out valid (no false alarms), a hand-written replay
 * re-runs valid, and a corrupt replay gives one clear error.
 */
class ExploreIT {

  @TempDir Path store;

  private record Result(int exit, String out, String err) {}

  /**
   * Runs the CLI with the explore commands (registered here too, in case Main does not list them
   * yet).
   */
  private static Result cli(String... args) {
    CommandLine root = new CommandLine(new Main());
    for (Object c : List.of(new ExploreCommand(), new ReplayCommand(), new ShrinkCommand())) {
      String name = new CommandLine(c).getCommandName();
      if (!root.getSubcommands().containsKey(name)) root.addSubcommand(name, c);
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    root.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
    root.setExecutionExceptionHandler(
        (e, c, p) -> {
          c.getErr()
              .println(
                  "replicheck: "
                      + (e instanceof UserError ? e.getMessage() : "internal error: " + e));
          return Main.EXIT_ERROR;
        });
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try (PrintStream tee =
        new PrintStream(new TeeStream(stdout, captured), true, StandardCharsets.UTF_8)) {
      System.setOut(tee);
      exit = root.execute(args);
    } finally {
      System.setOut(stdout);
    }
    return new Result(
        exit, captured.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * No invariant of the run is invalid or unknown, and those every run exercises (the first sync,
   * convergence) are valid; the PSYNC checks may say not exercised when no fault broke a link (two
   * short pauses do not: redis waits repl-timeout).
   */
  private static void assertNoFailure(Path runDir) throws IOException {
    JsonNode results = new ObjectMapper().readTree(runDir.resolve("results.json").toFile());
    List<String> ids = new ArrayList<>();
    for (JsonNode i : results.get("invariants")) {
      ids.add(i.get("id").asText());
      String id = i.get("id").asText();
      if (id.equals("FS1") || id.equals("P6"))
        assertThat(i.get("verdict").asText()).as(runDir + ": " + i).isEqualTo("valid");
      else
        assertThat(i.get("verdict").asText()).as(runDir + ": " + i).isIn("valid", "not_exercised");
    }
    assertThat(ids).contains("FS1", "IS4", "P5", "P6", "IS1", "IS2");
    // replica prefixes and monotonic reads are judged for workloads whose values only grow
    if (results.get("spec").get("workload").asText().equals("list-append"))
      assertThat(ids).contains("P1", "P2");
    // the master's history is judged against a model unless the workload has none
    String workload = results.get("spec").get("workload").asText();
    if (!Workloads.kind(workload).make().make(1, 1).model().equals("none"))
      assertThat(ids).contains("P3");
    else if (workload.equals("propagation")) assertThat(ids).contains("FS5");
    assertThat(results.get("nemesisErrors")).as("faults applied").isEmpty();
  }

  private List<Path> runDirs() throws IOException {
    try (Stream<Path> s = Files.list(store)) {
      // runs only: not the corpus nor an exploration folder (summary.json, explore.html)
      return s.filter(
              p ->
                  Files.isDirectory(p)
                      && !p.getFileName().toString().equals("latest")
                      && !p.getFileName().toString().equals("corpus")
                      && !p.getFileName().toString().startsWith("explore-"))
          .sorted()
          .toList();
    }
  }

  @Test
  @Tag("interop") // needs redis-server
  void generatedSchedulesAgainstRedisServerAreValid() throws IOException {
    Path redis = Tools.require("redis-server");
    String weights = "partition=2,pause=1,one-way=1";
    // the same generator as the command's (which draws Sentinel's topology where redis-server is,
    // and leaves out there a fault drawn overlapping): start at a seed whose first two schedules
    // have faults
    ScheduleGen gen =
        new ScheduleGen(
            ScheduleGen.Options.defaults()
                .withTime(8000)
                .withWeights(ScheduleGen.parseWeights(weights))
                .withLimits(2, 3)
                .withSentinelDrawn(true));
    long seed = 21;
    while (gen.generate(seed).faults().isEmpty() || gen.generate(seed + 1).faults().isEmpty())
      seed++;
    // a tiny shrink budget bounds the test should a run fail (the failure is still reported)
    Result r =
        cli(
            "explore",
            "--server",
            redis.toString(),
            "--runs",
            "2",
            "--no-guidance", // the seed's own draws, whose faults are counted below
            "--time",
            "8s",
            "--seed",
            String.valueOf(seed),
            "--weights",
            weights,
            "--max-clients",
            "2",
            "--max-keys",
            "3",
            "--repeats",
            "1",
            "--shrink-budget",
            "1",
            "--store",
            store.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isIn(Main.EXIT_VALID, Main.EXIT_UNKNOWN);
    assertThat(r.out())
        .contains(
            "schedule 1/2 (seed " + seed + ")",
            "schedule 2/2 (seed " + (seed + 1) + ")",
            "none invalid",
            "schedule 2: ",
            "explore.html: ");
    // features are recorded without guidance too: the corpus of redis-server and the page
    Path corpus;
    try (Stream<Path> c = Files.list(store.resolve("corpus"))) {
      corpus =
          c.filter(p -> p.getFileName().toString().startsWith("redis-")).findFirst().orElseThrow();
    }
    assertThat(Files.readAllLines(corpus.resolve("features.txt")))
        .anyMatch(l -> l.contains("psync:"))
        .anyMatch(l -> l.contains("log:S:"));
    try (Stream<Path> pages = Files.list(store)) {
      assertThat(pages.filter(p -> p.getFileName().toString().startsWith("explore-")))
          .anyMatch(p -> Files.exists(p.resolve("explore.html")));
    }
    int faults = gen.generate(seed).faults().size() + gen.generate(seed + 1).faults().size();
    List<Path> dirs = runDirs();
    assertThat(dirs).hasSize(2);
    for (Path d : dirs) assertNoFailure(d);
    // each run's report was drawn behind the next schedule (the last one's before explore
    // returned), and its timing says how long the drawing took
    for (Path d : dirs) {
      assertThat(d.resolve("report.html")).isRegularFile();
      assertThat(
              new ObjectMapper()
                  .readTree(d.resolve("timing.json").toFile())
                  .path("detailsMillis")
                  .has("report-drawn-behind"))
          .as(d + "/timing.json")
          .isTrue();
    }
    assertThat(store.resolve("index.html")).isRegularFile();
    // the scheduled faults happened: the history holds nemesis events for each generated fault
    long nemesisStarts = 0;
    for (Path d : dirs) {
      nemesisStarts +=
          historyOf(d).stream()
              .filter(
                  e ->
                      e.isNemesis()
                          && e.type() == io.replicheck.history.EventType.INFO
                          && "start".equals(e.f()))
              .count();
    }
    assertThat(nemesisStarts).isEqualTo(faults);
  }

  @Test
  @Tag("interop") // needs redis-server
  void aReplayFileReRunsWithOneCommand() throws IOException {
    Path redis = Tools.require("redis-server");
    Schedule s =
        new Schedule(
            "list-append",
            2,
            2,
            "star",
            2,
            100,
            6000,
            List.of(
                new OpWindow(0, 0, 6000, 20, 50), new OpWindow(1, 500, 5000, 0, 50),
                new ScheduledFault("pause", 1500, 1500, 7),
                    new ScheduledFault("partition", 3500, 1500, 8)));
    Path file =
        new Replay(
                Replay.VERSION,
                5,
                s,
                new Target(redis.toString(), null, "process", List.of(), 2000, true),
                List.of(),
                null,
                null)
            .write(store.resolve("hand/replay.json"));
    Result r = cli("replay", file.toString(), "--store", store.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isIn(Main.EXIT_VALID, Main.EXIT_UNKNOWN);
    assertThat(r.out()).contains("replaying " + file, "run 1/1:");
    Path run = store.resolve("latest").toRealPath();
    assertNoFailure(run);
    assertThat(historyOf(run))
        .extracting(io.replicheck.history.Event::value)
        .contains("pause", "partition");

    Files.writeString(
        file, "{\"version\": 1, \"seed\": 1, \"schedule\": {\"workload\": \"list-append\"");
    Result bad = cli("replay", file.toString());
    assertThat(bad.exit()).isEqualTo(Main.EXIT_ERROR);
    assertThat(bad.err().strip())
        .startsWith("replicheck: " + file + ": not valid JSON")
        .doesNotContain("\n")
        .doesNotContain("Exception");
    Result missing = cli("shrink", store.resolve("nope.json").toString());
    assertThat(missing.exit()).isEqualTo(Main.EXIT_ERROR);
    assertThat(missing.err()).contains("nope.json: no such file");
  }

  /**
   * A fault that overlaps the one before it starts while that one is on, and each is healed at its
   * own end; two faults that hold their node (a pause, a restart) take two nodes, or one after the
   * other when the role has one node (the master); the next fault (not overlapping) waits for both.
   */
  @Test
  void anOverlappingFaultActsTogetherWithTheOneBeforeItOnAnotherNode() throws IOException {
    Schedule s =
        new Schedule(
            "register",
            2,
            2,
            "star",
            5,
            100,
            9000,
            List.of(
                new OpWindow(0, 0, 9000, 20, 0),
                new OpWindow(1, 0, 9000, 20, 0),
                new ScheduledFault("pause", 1000, 3000, 7, "leaf"),
                new ScheduledFault("restart", 1500, 1500, 8, "leaf").overlapping(true),
                new ScheduledFault("partition", 4500, 1000, 9, "leaf"),
                // the master is one node: its restart waits for its pause to heal
                new ScheduledFault("pause", 5600, 1000, 10, "master"),
                new ScheduledFault("restart", 5800, 800, 11, "master").overlapping(true)));
    Path file =
        new Replay(Replay.VERSION, 3, s, Target.reference(null), List.of(), null, null)
            .write(store.resolve("overlap/replay.json"));
    Result r = cli("replay", file.toString(), "--store", store.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(Main.EXIT_VALID);
    assertThat(r.out()).contains("restart on leaf @1500ms+1500ms overlapping (seed 8)");
    Path run = store.resolve("latest").toRealPath();
    // start and stop completions, in order: pause, restart (inside it), partition (after both)
    List<String> done =
        historyOf(run).stream()
            .filter(io.replicheck.history.Event::isNemesis)
            .filter(e -> e.type() == io.replicheck.history.EventType.INFO)
            .filter(e -> "start".equals(e.f()) || "stop".equals(e.f()))
            .map(e -> e.f() + " " + String.valueOf(e.value()).replaceAll(" \\(expiry.*", ""))
            .toList();
    assertThat(done).hasSize(10);
    assertThat(done.get(0)).matches("start SIGSTOP n[23] \\(leaf\\)");
    assertThat(done.get(1)).matches("start restart n[23] \\(leaf\\)");
    String paused = done.get(0).substring("start SIGSTOP ".length(), "start SIGSTOP nX".length());
    String restarted =
        done.get(1).substring("start restart ".length(), "start restart nX".length());
    assertThat(restarted).isNotEqualTo(paused);
    assertThat(done.subList(2, 4))
        .containsExactly(
            "stop restart " + restarted + " (leaf)", "stop SIGSTOP " + paused + " (leaf)");
    assertThat(done.get(4)).startsWith("start partition ");
    assertThat(done.get(5)).startsWith("stop partition ");
    assertThat(done.subList(6, 10))
        .containsExactly(
            "start SIGSTOP n1 (master)",
            "stop SIGSTOP n1 (master)",
            "start restart n1 (master), SHUTDOWN SAVE",
            "stop restart n1 (master), SHUTDOWN SAVE");
  }

  /**
   * A bug of the reference server's catalogue caught, shrunk and replayed: with wrong-resume-offset
   * a replica that continues after a broken link asks for one byte too early, so its offset ends
   * one ahead of the master's (P6); IS3's direct check sees the byte applied twice when its reading
   * before the PSYNC was taken (so it may join P6).
   */
  @Test
  void anInjectedBugIsShrunkAndReplayedUntilFixed() throws IOException {
    Schedule s =
        new Schedule(
            "list-append",
            2,
            2,
            "star",
            2,
            100,
            6000,
            List.of(
                new OpWindow(0, 0, 5000, 20, 50), new OpWindow(1, 0, 5000, 0, 50),
                new ScheduledFault("one-way", 1300, 1000, 311168),
                    new ScheduledFault("partition", 3000, 1000, 5)));
    Path file =
        new Replay(
                Replay.VERSION,
                1,
                s,
                Target.reference("wrong-resume-offset"),
                List.of("P6"),
                null,
                null)
            .write(store.resolve("bug/replay.json"));
    Result shrunk =
        cli(
            "shrink",
            file.toString(),
            "--repeats",
            "1",
            "--budget",
            "2",
            "--store",
            store.toString());
    assertThat(shrunk.exit()).as(shrunk.out() + shrunk.err()).isEqualTo(Main.EXIT_INVALID);
    assertThat(shrunk.out())
        .containsPattern("check 1/1: invalid \\[(P6|P6, IS3|IS3, P6)\\]")
        .contains("in 2 candidates", "budget exhausted", "replay: ");
    String line =
        shrunk.out().lines().filter(l -> l.startsWith("replay: ")).findFirst().orElseThrow();
    Path smaller = Path.of(line.substring("replay: ".length()).strip());
    Replay r = Replay.read(smaller);
    assertThat(r.failed()).contains("P6").isSubsetOf("P6", "IS3");
    assertThat(r.schedule().steps().size()).isLessThan(s.steps().size());
    assertThat(r.shrink().candidatesTried()).isEqualTo(2);
    assertThat(r.target().injectBug()).isEqualTo("wrong-resume-offset");

    Result again = cli("replay", smaller.toString(), "--store", store.toString());
    assertThat(again.exit()).as(again.out() + again.err()).isEqualTo(Main.EXIT_INVALID);
    assertThat(again.out())
        .containsPattern("still failing: 1/1 runs invalid, 1/1 with \\[(P6|P6, IS3|IS3, P6)\\]");
  }

  /** The run's history (history.jsonl.gz), as models reads it. */
  private static List<io.replicheck.history.Event> historyOf(Path run) {
    try {
      return io.replicheck.history.HistoryFormat.readFileEvents(
          io.replicheck.history.JsonlFormat.runHistory(run),
          io.replicheck.history.HistoryFormat.JSONL);
    } catch (io.replicheck.history.HistoryFormatException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }
}
