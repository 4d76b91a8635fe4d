package io.replicheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicheck.testkit.Tools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replicheck run} end to end, as a user runs it: short runs with faults against the
 * reference server and Debian's redis-server, on processes and in containers; each must come out
 * valid with every invariant checked and the run folder complete.
 */
class RunIT {

  private static final int ATTEMPTS = 3;

  @TempDir Path store;

  private record Outcome(int exit, String out, JsonNode results, Path dir) {}

  private Outcome run(String... options) throws IOException {
    return run(11, options);
  }

  private Outcome run(int seed, String... options) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of("run", "--store", store.toString(), "--seed", Integer.toString(seed)));
    args.addAll(List.of(options));
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try (PrintStream tee =
        new PrintStream(new TeeStream(stdout, captured), true, StandardCharsets.UTF_8)) {
      System.setOut(tee);
      exit = Main.execute(args.toArray(String[]::new));
    } finally {
      System.setOut(stdout);
    }
    Path latest = store.resolve("latest");
    JsonNode results =
        Files.exists(latest.resolve("results.json"))
            ? new ObjectMapper().readTree(latest.resolve("results.json").toFile())
            : null;
    return new Outcome(
        exit,
        captured.toString(StandardCharsets.UTF_8),
        results,
        Files.exists(latest) ? latest.toRealPath() : null);
  }

  /**
   * A chaos run that must come out valid. A run that could not judge (unknown: on a loaded machine
   * a fault may not fire in time) is run again with the next seed, at most ATTEMPTS times; an
   * invalid run fails at once, since retrying it would hide a false alarm.
   */
  private void assertValidRun(String... options) throws IOException {
    List<String> seen = new ArrayList<>();
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Outcome o = run(11 + attempt, options);
      assertThat(o.results()).as("results.json of the run").isNotNull();
      String verdict = o.results().get("verdict").asText();
      assertThat(verdict).as(o.results().toPrettyString()).isNotEqualTo("invalid");
      if (verdict.equals("valid")) {
        assertValid(o);
        return;
      }
      List<String> notValid = new ArrayList<>();
      o.results()
          .get("invariants")
          .forEach(
              i -> {
                if (!i.get("verdict").asText().equals("valid"))
                  notValid.add(i.get("id").asText() + ": " + i.get("reason").asText());
              });
      seen.add("seed " + (11 + attempt) + ": " + verdict + " " + notValid);
    }
    org.assertj.core.api.Assertions.fail("no valid run in %d attempts: %s", ATTEMPTS, seen);
  }

  private static void assertValid(Outcome o) {
    assertThat(o.results()).as("results.json of the run").isNotNull();
    assertThat(o.results().get("verdict").asText())
        .as(o.results().toPrettyString())
        .isEqualTo("valid");
    assertThat(o.exit()).isZero();
    List<String> ids = new ArrayList<>();
    o.results().get("invariants").forEach(i -> ids.add(i.get("id").asText()));
    assertThat(ids).contains("P3", "P5", "P6", "FS1", "FS4", "IS1", "IS2", "IS4");
    if (o.results().get("spec").get("nemesis").asText().contains("failover"))
      assertThat(ids).contains("P4");
    if (o.results().get("spec").get("workload").asText().equals("list-append"))
      assertThat(ids).contains("P1", "P2");
    for (String file : List.of("history.jsonl.gz", "samples.jsonl", "junit.xml", "report.html")) {
      assertThat(o.dir().resolve(file)).as(file).exists();
    }
  }

  @Test
  void referenceServerOnProcessesWithPartitionsAndKills() throws IOException {
    assertValidRun("--time", "12s", "--nemesis", "partition,kill,pause", "--fault-interval", "3s");
  }

  @Test
  @Tag("interop") // needs redis-server
  void redisServerOnProcessesWithPartitionsAndKills() throws IOException {
    assertValidRun(
        "--server",
        Tools.require("redis-server").toString(),
        "--time",
        "12s",
        "--nemesis",
        "partition,kill,pause",
        "--fault-interval",
        "3s");
  }

  @Test
  @Tag("interop") // needs redis-server
  void redisServerCasRegisterWithFailover() throws IOException {
    assertValidRun(
        "--server",
        Tools.require("redis-server").toString(),
        "--workload",
        "cas-register",
        "--time",
        "12s",
        "--nemesis",
        "failover,one-way",
        "--fault-interval",
        "4s");
  }

  @Test
  @Tag("interop") // needs Docker
  void redisServerInContainersOnAChain() throws IOException {
    assertValidRun(
        "--backend",
        "container",
        "--server",
        Tools.require("redis-server").toString(),
        "--topology",
        "chain",
        "--time",
        "10s",
        "--nemesis",
        "partition,kill",
        "--fault-interval",
        "3s");
  }

  @Test
  @Tag("interop") // needs Docker
  void referenceServerInContainers() throws IOException {
    assertValidRun(
        "--backend",
        "container",
        "--time",
        "10s",
        "--nemesis",
        "partition,kill",
        "--fault-interval",
        "3s");
  }

  @Test
  void unreachableExternalNodesAreOneClearError() throws IOException {
    // network faults only, so that the run gets as far as connecting to the nodes
    Outcome o =
        run(
            "--backend",
            "external",
            "--nodes",
            "127.0.0.1:1,127.0.0.1:2",
            "--time",
            "2s",
            "--nemesis",
            "partition");
    assertThat(o.exit()).isEqualTo(Main.EXIT_ERROR);
  }
}
