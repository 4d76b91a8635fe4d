package io.replicheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicheck.testkit.Tools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --topology sentinel} end to end with Debian's redis-server and redis-sentinel: the classic
 * result (a master isolated with some of its clients keeps acknowledging writes, Sentinel promotes
 * a replica, the old master rejoins as its replica and drops them) must come out as P7 invalid with
 * the lost writes listed; faults that partition nothing must lose nothing.
 */
@Tag("interop") // needs redis-server and redis-sentinel
class SentinelIT {

  @TempDir Path store;

  private record Outcome(int exit, JsonNode results, Path dir) {
    JsonNode invariant(String id) {
      for (JsonNode i : results.get("invariants")) if (i.get("id").asText().equals(id)) return i;
      throw new AssertionError("no " + id + " in " + results.toPrettyString());
    }
  }

  private Outcome run(String... options) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--store",
                store.toString(),
                "--seed",
                "1",
                "--topology",
                "sentinel",
                "--server",
                Tools.require("redis-server").toString(),
                "--time",
                "15s"));
    args.addAll(List.of(options));
    int exit = Main.execute(args.toArray(String[]::new));
    Path latest = store.resolve("latest");
    return new Outcome(
        exit,
        new ObjectMapper().readTree(latest.resolve("results.json").toFile()),
        latest.toRealPath());
  }

  @Test
  void anIsolatedMasterLosesTheWritesItAcknowledged() throws IOException {
    Tools.require("redis-sentinel");
    Outcome o = run("--nemesis", "isolate-master", "--workload", "list-append");
    assertThat(o.exit()).as(o.results().toPrettyString()).isEqualTo(Main.EXIT_INVALID);
    JsonNode p7 = o.invariant("P7");
    assertThat(p7.get("verdict").asText()).isEqualTo("invalid");
    assertThat(p7.get("lostTotal").asInt()).isPositive();
    JsonNode lost = p7.get("lost").get(0);
    for (String field : List.of("key", "value", "client", "group", "ackMs", "node"))
      assertThat(lost.has(field)).as("a lost write's %s: %s", field, lost).isTrue();
    assertThat(p7.get("evidence").get(0).asText()).startsWith("lost: key l");
    // the failover Sentinel made is on the history's timeline, and it converged after heal
    assertThat(sentinelEvents(o.dir())).contains("+sdown", "+odown", "+switch-master");
    assertThat(o.invariant("P8").get("verdict").asText()).isEqualTo("valid");
  }

  @Test
  void killsAndPausesOfSentinelsAndReplicasLoseNothing() throws IOException {
    Tools.require("redis-sentinel");
    Outcome o = run("--nemesis", "kill,kill-sentinel,pause-sentinel", "--workload", "list-append");
    assertThat(o.invariant("P7").get("verdict").asText())
        .as(o.results().toPrettyString())
        .isEqualTo("valid");
    assertThat(o.invariant("P8").get("verdict").asText()).isEqualTo("valid");
    assertThat(o.results().get("verdict").asText())
        .as(o.results().toPrettyString())
        .isNotEqualTo("invalid");
  }

  /** The Sentinel events (+sdown, ...) the history recorded. */
  private static List<String> sentinelEvents(Path run) throws IOException {
    List<String> events = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(run.resolve("history.jsonl.gz"))),
                StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.contains("\"type\":\"info\",\"f\":\"sentinel\"")) continue;
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("\"value\":\"s\\d+ ([+-][a-z-]+)").matcher(line);
        if (m.find()) events.add(m.group(1));
      }
    }
    return events;
  }
}
