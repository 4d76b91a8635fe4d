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

  @TempDir Path store;

  private record Outcome(int exit, String out, JsonNode results, Path dir) {}

  private Outcome run(String... options) throws IOException {
    List<String> args =
        new ArrayList<>(List.of("run", "--store", store.toString(), "--seed", "11"));
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
    assertValid(
        run("--time", "12s", "--nemesis", "partition,kill,pause", "--fault-interval", "3s"));
  }

  @Test
  @Tag("interop") // needs redis-server
  void redisServerOnProcessesWithPartitionsAndKills() throws IOException {
    assertValid(
        run(
            "--server",
            Tools.require("redis-server").toString(),
            "--time",
            "12s",
            "--nemesis",
            "partition,kill,pause",
            "--fault-interval",
            "3s"));
  }

  @Test
  @Tag("interop") // needs redis-server
  void redisServerCasRegisterWithFailover() throws IOException {
    assertValid(
        run(
            "--server",
            Tools.require("redis-server").toString(),
            "--workload",
            "cas-register",
            "--time",
            "12s",
            "--nemesis",
            "failover,one-way",
            "--fault-interval",
            "4s"));
  }

  @Test
  @Tag("interop") // needs Docker
  void redisServerInContainersOnAChain() throws IOException {
    assertValid(
        run(
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
            "3s"));
  }

  @Test
  @Tag("interop") // needs Docker
  void referenceServerInContainers() throws IOException {
    assertValid(
        run(
            "--backend",
            "container",
            "--time",
            "10s",
            "--nemesis",
            "partition,kill",
            "--fault-interval",
            "3s"));
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
