package io.replicheck.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code replicheck check} without the CLI: output, JSON and exit codes. */
class CheckToolTest {

  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(CheckTool.Options o, Path... files) {
    return CheckTool.run(
        List.of(files),
        o,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  static CheckTool.Options opts(String format, String model, Double seconds, boolean json) {
    return CheckTool.Options.parse(format, model, seconds, json);
  }

  Path file(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  static final String VALID =
      "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}\n"
          + "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":1}\n"
          + "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}\n"
          + "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":1}\n";

  @Test
  void validFileExitsZeroWithAVerdictLine() throws Exception {
    assertThat(run(opts(null, null, null, false), file("h.jsonl", VALID))).isEqualTo(0);
    assertThat(out.toString())
        .startsWith("valid    ")
        .contains("h.jsonl")
        .contains("cas-register, 2 ops");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void invalidFileExitsOneAndPrintsTheCounterexample() throws Exception {
    Path bad =
        file(
            "bad.edn",
            "[{:process 0 :type :invoke :f :write :value 1}\n {:process 0 :type :ok :f :write :value 1}\n"
                + " {:process 1 :type :invoke :f :read :value nil}\n {:process 1 :type :ok :f :read :value 2}]\n");
    assertThat(run(opts(null, null, null, false), file("h.jsonl", VALID), bad)).isEqualTo(1);
    assertThat(out.toString())
        .contains("invalid  " + bad)
        .contains("cannot linearize: process 1 read 2 -> ok (events 2..3, line 3)")
        .contains("because: read 2 but the register held 1")
        .contains("possible states then: 1");
  }

  @Test
  void budgetExhaustionExitsTwo() throws Exception {
    StringBuilder sb = new StringBuilder();
    int n = 16;
    for (int i = 0; i < n; i++) {
      sb.append("{\"process\":")
          .append(i)
          .append(",\"type\":\"invoke\",\"f\":\"write\",\"value\":")
          .append(i + 1)
          .append("}\n");
      sb.append("{\"process\":")
          .append(100 + i)
          .append(",\"type\":\"invoke\",\"f\":\"read\",\"value\":null}\n");
    }
    sb.append("{\"process\":999,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}\n");
    for (int i = 0; i < n; i++) {
      sb.append("{\"process\":")
          .append(100 + i)
          .append(",\"type\":\"ok\",\"f\":\"read\",\"value\":")
          .append(n - i)
          .append("}\n");
      sb.append("{\"process\":")
          .append(i)
          .append(",\"type\":\"ok\",\"f\":\"write\",\"value\":")
          .append(i + 1)
          .append("}\n");
    }
    sb.append("{\"process\":999,\"type\":\"ok\",\"f\":\"read\",\"value\":77}\n");
    assertThat(run(opts("jsonl", "cas-register", 0.05, false), file("hard.jsonl", sb.toString())))
        .isEqualTo(2);
    assertThat(out.toString()).startsWith("unknown").contains("reason: time limit reached");
  }

  @Test
  void aBadFileIsOneErrorLineAndExitThree() throws Exception {
    Path broken = file("broken.jsonl", VALID + "{\"process\":1,\"type\":\"ok\"\n");
    assertThat(run(opts(null, null, null, false), file("h.jsonl", VALID), broken)).isEqualTo(3);
    assertThat(err.toString())
        .isEqualTo(
            "replicheck: "
                + broken
                + ":5: expected one JSON object per line: "
                + err.toString().substring(err.toString().indexOf("line: ") + 6));
    assertThat(err.toString().lines()).hasSize(1);
    assertThat(out.toString()).startsWith("valid");
  }

  @Test
  void jsonOutputIsOneDocument() throws Exception {
    Path bad =
        file(
            "bad.jsonl",
            VALID.replace("\"f\":\"read\",\"value\":1}", "\"f\":\"read\",\"value\":5}"));
    assertThat(run(opts(null, "register", null, true), file("h.jsonl", VALID), bad)).isEqualTo(1);
    JsonNode doc = new ObjectMapper().readTree(out.toString());
    assertThat(doc.get("verdict").asText()).isEqualTo("invalid");
    assertThat(doc.get("files")).hasSize(2);
    JsonNode second = doc.get("files").get(1);
    assertThat(second.get("model").asText()).isEqualTo("register");
    assertThat(second.get("counterexample").get("op").get("value").asLong()).isEqualTo(5);
    assertThat(second.get("counterexample").get("op").get("completionIndex").asLong()).isEqualTo(3);
    assertThat(second.get("counterexample").get("linearized")).hasSize(1);
    assertThat(second.get("stats").get("ops").asInt()).isEqualTo(2);
  }

  @Test
  void badOptionsAreRejectedWithAClearMessage() {
    assertThatThrownBy(() -> opts("csv", null, null, false))
        .hasMessageContaining("unknown format 'csv'");
    assertThatThrownBy(() -> opts(null, "queue", null, false))
        .hasMessageContaining("unknown model 'queue'");
    assertThatThrownBy(() -> opts(null, null, -1.0, false)).hasMessageContaining("--time-limit");
  }

  @Test
  void benchCheckerCoversTheCorpusAndWritesResults() throws Exception {
    Path corpus = KnossosCorpusTest.corpus();
    CorpusBench.Result r = CorpusBench.run(corpus, 0, SearchBudget.defaults());
    assertThat(r.rows()).hasSize(KnossosCorpus.cases(corpus).size());
    assertThat(r.mismatches()).isZero();
    Path json = dir.resolve("sub/checker.json");
    CorpusBench.writeJson(r, corpus, json);
    JsonNode doc = new ObjectMapper().readTree(json.toFile());
    assertThat(doc.get("results")).hasSize(r.rows().size());
    assertThat(doc.get("totalMillis").asDouble()).isPositive();
    assertThat(doc.get("mismatches").asInt()).isZero();
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    CorpusBench.printTable(r, new PrintStream(table, true, StandardCharsets.UTF_8));
    assertThat(table.toString())
        .contains("| file | model | expected | verdict | ops | states | ms |")
        .contains("| mutex/bad/etcd.edn | mutex | invalid | invalid |");
  }

  @Test
  void verdictLineIsWhatStringFormatGives() {
    // the hand-made line (no Formatter on a cold start) against String.format, in the JVM's default
    // locale and in locales that take either path; the durations cover rounding at .x5
    Locale saved = Locale.getDefault(Locale.Category.FORMAT);
    double[] millis = {
      0,
      -0.0,
      -1.25,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      0.04,
      0.05,
      0.05000001,
      0.15,
      0.25,
      0.35,
      1.05,
      1.25,
      2.675,
      37.45,
      37.55,
      99.95,
      999.95,
      1e-7,
      123456.789,
      1e7,
      2.5e9,
      1.0 / 3,
      Double.MIN_VALUE,
      7.0e-4,
      4.35,
      0.45,
      1234.5678
    };
    try {
      for (Locale l : new Locale[] {saved, Locale.ROOT, Locale.US, Locale.GERMANY, Locale.FRANCE}) {
        Locale.setDefault(Locale.Category.FORMAT, l);
        for (double ms : millis) {
          for (String verdict : new String[] {"valid", "invalid", "unknown", "verylongverdict"}) {
            assertThat(
                    CheckTool.verdictLine(
                        verdict,
                        Path.of("a b/h.edn"),
                        "cas-register",
                        291,
                        205,
                        1,
                        "367 states",
                        ms))
                .as("%s %s %s", l, verdict, ms)
                .isEqualTo(
                    String.format(
                        CheckTool.VERDICT_LINE,
                        verdict,
                        Path.of("a b/h.edn"),
                        "cas-register",
                        291,
                        205,
                        1,
                        "367 states",
                        ms));
          }
        }
      }
      for (long n = 1; n < Long.MAX_VALUE / 7 && n > 0; n = n * 7 + 3) {
        Locale.setDefault(Locale.Category.FORMAT, Locale.ROOT);
        double ms = n / 1e6;
        assertThat(CheckTool.verdictLine("valid", "f", "m", n, n, n, n + " states", ms))
            .isEqualTo(
                String.format(
                    CheckTool.VERDICT_LINE, "valid", "f", "m", n, n, n, n + " states", ms));
      }
      java.util.Random random = new java.util.Random(19);
      for (int i = 0; i < 10_000; i++) {
        double ms = random.nextInt(1_000_000_000) / 1e6;
        assertThat(CheckTool.verdictLine("valid", "f", "m", i, i, i, i + " states", ms))
            .isEqualTo(
                String.format(
                    CheckTool.VERDICT_LINE, "valid", "f", "m", i, i, i, i + " states", ms));
      }
    } finally {
      Locale.setDefault(Locale.Category.FORMAT, saved);
    }
  }

  /** A run folder: process 1 is a replica reader whose read lags the master's write. */
  Path runFolder(boolean withClients) throws Exception {
    Path run = Files.createDirectories(dir.resolve(withClients ? "run" : "bare"));
    Files.writeString(
        run.resolve(io.replicheck.history.JsonlFormat.PLAIN_RUN_FILE),
        "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"key\":\"r1\",\"value\":1}\n"
            + "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"key\":\"r1\",\"value\":1}\n"
            + "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"key\":\"r1\",\"value\":null}\n"
            + "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"key\":\"r1\",\"value\":null}\n"
            + "{\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"key\":\"r1\",\"value\":null}\n"
            + "{\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"key\":\"r1\",\"value\":1}\n");
    if (withClients) {
      Files.writeString(run.resolve(io.replicheck.history.JsonlFormat.CLIENTS_FILE), "0\n");
    }
    return run;
  }

  @Test
  void aRunFolderIsJudgedOnItsMasterClientsOnlyAsP3Was() throws Exception {
    CheckTool.Options o = opts(null, "register", null, false);
    assertThat(CheckTool.checkFile(runFolder(true), o).result().verdict()).isEqualTo(Verdict.VALID);
    assertThat(CheckTool.checkFile(runFolder(false), o).result().verdict())
        .as("without the list every process is checked: the replica's stale read fails it")
        .isEqualTo(Verdict.INVALID);
    Path history = runFolder(true).resolve(io.replicheck.history.JsonlFormat.PLAIN_RUN_FILE);
    assertThat(CheckTool.checkStreaming(history, o).result().verdict())
        .as("the streaming path (large files) leaves the replica readers out too")
        .isEqualTo(Verdict.VALID);
  }
}
