package io.replicheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.history.EdnFormat;
import io.replicheck.history.Event;
import io.replicheck.history.HistoryFormat;
import io.replicheck.history.JsonlFormat;
import io.replicheck.runner.HistoryRecorder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export --edn}: the run's gzipped history as EDN that reads back event for event. */
class ExportCommandTest {
  @TempDir Path run;

  private static int cli(ByteArrayOutputStream err, String... args) {
    PrintStream saved = System.err;
    try (PrintStream p = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setErr(p);
      return Main.execute(args);
    } finally {
      System.setErr(saved);
    }
  }

  @Test
  void aRunsHistoryExportsAsEdnThatReadsBackAsTheSameEvents() throws Exception {
    try (HistoryRecorder h = new HistoryRecorder(run, null)) {
      h.record(0, "invoke", "append", "l1", 3, "n1", null);
      h.record("nemesis", "invoke", "start", null, "partition", null, null);
      h.record(0, "ok", "append", "l1", 3, "n1", null);
      h.record(1, "invoke", "read", "l1", null, "n2", null);
      h.record(1, "info", "read", "l1", null, "n2", "timeout");
    }
    assertThat(run.resolve("history.jsonl.gz")).isRegularFile();
    assertThat(run.resolve("history.jsonl")).doesNotExist();
    List<Event> recorded = HistoryFormat.readFileEvents(JsonlFormat.runHistory(run), null);
    assertThat(recorded).hasSize(5);

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(cli(err, "export", "--edn", run.toString())).as(err.toString()).isZero();
    String edn = Files.readString(run.resolve("history.edn"));
    assertThat(edn)
        .startsWith("[{:index 0, :type :invoke, :f :append, :key \"l1\", :value 3, :process 0");
    assertThat(EdnFormat.read("edn", new StringReader(edn)))
        .map(Event::toString)
        .isEqualTo(recorded.stream().map(Event::toString).toList());

    Path elsewhere = run.resolve("out.edn");
    assertThat(
            cli(
                err,
                "export",
                "--edn",
                run.resolve("history.jsonl.gz").toString(),
                "-o",
                elsewhere.toString()))
        .isZero();
    assertThat(Files.readString(elsewhere)).isEqualTo(edn);
  }

  @Test
  void aFolderWithoutAHistoryIsOneClearError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(cli(err, "export", "--edn", run.toString())).isEqualTo(Main.EXIT_ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8).strip())
        .contains("a folder with no history.jsonl.gz")
        .doesNotContain("\n");
  }
}
