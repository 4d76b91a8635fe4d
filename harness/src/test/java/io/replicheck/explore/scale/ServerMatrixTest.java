package io.replicheck.explore.scale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerMatrixTest {
  @TempDir Path store;

  private static ServerMatrix.RunVerdicts run(
      String server, long seed, String dir, String... idVerdict) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < idVerdict.length; i += 2) m.put(idVerdict[i], idVerdict[i + 1]);
    String verdict = m.containsValue("invalid") ? "invalid" : "valid";
    return new ServerMatrix.RunVerdicts(server, seed, dir, verdict, m);
  }

  private ServerMatrix sample() {
    return ServerMatrix.build(
        List.of("reference", "/opt/redis-7.0.0"),
        List.of(
            run("reference", 1, "r-1", "P5", "valid", "FS10", "not_exercised", "FS2", "valid"),
            run("/opt/redis-7.0.0", 1, "b-1", "P5", "invalid", "FS10", "valid", "FS2", "valid"),
            run("reference", 2, "r-2", "P5", "valid", "FS10", "not_exercised", "FS2", "unknown"),
            run("/opt/redis-7.0.0", 2, "b-2", "P5", "invalid", "FS10", "valid", "FS2", "valid")));
  }

  @Test
  void countsEachServerAndInvariant() {
    ServerMatrix m = sample();
    assertThat(m.invariants()).containsExactly("FS2", "FS10", "P5");
    assertThat(m.cell("reference", "P5").valid()).isEqualTo(2);
    assertThat(m.cell("reference", "P5").invalid()).isZero();
    assertThat(m.cell("/opt/redis-7.0.0", "P5").invalid()).isEqualTo(2);
    assertThat(m.cell("/opt/redis-7.0.0", "P5").failingRuns()).containsExactly("b-1", "b-2");
    assertThat(m.cell("reference", "FS10").notExercised()).isEqualTo(2);
    assertThat(m.cell("reference", "FS10").valid()).isZero();
    assertThat(m.cell("reference", "FS2").unknown()).isEqualTo(1);
    assertThat(m.runs("/opt/redis-7.0.0")).containsEntry("invalid", 2);
    assertThat(m.table())
        .contains("invariant", "reference", "/opt/redis-7.0.0")
        .contains("2/2 INVALID", "not exercised", "1 valid, 1 unknown");
  }

  @Test
  void writesJsonAndHtmlLinkingTheFailingRuns() throws Exception {
    Path dir = Files.createDirectory(store.resolve("explore-x"));
    sample().write(dir, store);
    JsonNode j = ExploreSummary.JSON.readTree(dir.resolve("matrix.json").toFile());
    assertThat(j.path("matrix").path("/opt/redis-7.0.0").path("P5").path("invalid").asInt())
        .isEqualTo(2);
    assertThat(j.path("matrix").path("reference").path("FS10").path("notExercised").asInt())
        .isEqualTo(2);
    String html = Files.readString(dir.resolve("matrix.html"));
    assertThat(html).contains("href=\"../b-1/report.html\"", "href=\"../b-2/report.html\"");
    assertThat(html).doesNotContain("../r-1/report.html");
  }

  @Test
  void readsARunsResultsAndCallsAMissingOneAnError() throws Exception {
    Path run = Files.createDirectory(store.resolve("20261206-120000-register-5"));
    Files.writeString(
        run.resolve("results.json"),
        "{\"verdict\":\"invalid\",\"invariants\":[{\"id\":\"P5\",\"verdict\":\"invalid\"},"
            + "{\"id\":\"FS1\",\"verdict\":\"not_exercised\"}]}");
    ServerMatrix.RunVerdicts r = ServerMatrix.read("reference", 5, store, run);
    assertThat(r.verdict()).isEqualTo("invalid");
    assertThat(r.runDir()).isEqualTo("20261206-120000-register-5");
    assertThat(r.invariants()).containsEntry("P5", "invalid").containsEntry("FS1", "not_exercised");
    assertThat(ServerMatrix.read("reference", 6, store, store.resolve("nope")).verdict())
        .isEqualTo("error");
  }
}
