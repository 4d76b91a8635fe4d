package io.replicheck.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.history.EdnFormat;
import io.replicheck.history.Event;
import io.replicheck.history.HistoryFormat;
import io.replicheck.history.JsonlFormat;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.bpsm.edn.Keyword;

/**
 * Reports of real Jepsen histories from the Knossos corpus: etcd as a mutex under network
 * partitions (Jepsen's older format: the nemesis's invocations are info events too), and a CAS
 * register history without times. Every op is drawn, every partition is a band, and the EDN that
 * models' {@link EdnFormat} exports from the run's history ({@code replicheck export --edn}) reads
 * back as the original.
 */
class KnossosHistoryTest {
  private static final Keyword TYPE = Keyword.newKeyword("type");
  private static final Keyword F = Keyword.newKeyword("f");
  private static final Keyword PROCESS = Keyword.newKeyword("process");
  private static final Keyword TIME = Keyword.newKeyword("time");
  private static final Keyword INDEX = Keyword.newKeyword("index");
  private static final Keyword VALUE = Keyword.newKeyword("value");
  @TempDir Path store;

  /** What {@code replicheck export --edn} writes for the run. */
  private static Path exportEdn(Path run) throws Exception {
    Path edn = run.resolve("history.edn");
    List<Event> events =
        HistoryFormat.readFileEvents(JsonlFormat.runHistory(run), HistoryFormat.JSONL);
    try (Writer w = Files.newBufferedWriter(edn)) {
      EdnFormat.write(events, w);
    }
    return edn;
  }

  private static int count(String page, String needle) {
    String html = page.replaceAll("(?s)<script>.*?</script>", "");
    int n = 0;
    for (int i = html.indexOf(needle); i >= 0; i = html.indexOf(needle, i + 1)) n++;
    return n;
  }

  private static long nemesisEvents(List<Map<Keyword, Object>> h, String f) {
    return h.stream()
        .filter(
            e ->
                Keyword.newKeyword("nemesis").equals(e.get(PROCESS))
                    && Keyword.newKeyword(f).equals(e.get(F)))
        .count();
  }

  @Test
  void etcdMutexUnderPartitions() throws Exception {
    Path edn = KnossosRuns.corpus().resolve("mutex/bad/etcd.edn");
    Path run = store.resolve("20150603-120000-mutex-etcd");
    KnossosRuns.write(edn, run, "mutex", "invalid");
    String html = Files.readString(RunReport.render(run));
    List<Map<Keyword, Object>> original = KnossosRuns.read(edn);

    assertThat(html)
        .contains("<body data-verdict=\"invalid\"")
        .contains("data-id=\"P3\" data-verdict=\"invalid\"");
    long invokes =
        original.stream().filter(e -> Keyword.newKeyword("invoke").equals(e.get(TYPE))).count();
    assertThat(invokes).isGreaterThan(400);
    assertThat(count(html, "<rect class=\"op ")).isEqualTo((int) invokes);
    // Each partition was an info start, info start, ..., info stop, info stop: one band each.
    long starts = nemesisEvents(original, "start");
    assertThat(starts).isEqualTo(6);
    assertThat(nemesisEvents(original, "stop")).isEqualTo(6);
    assertThat(count(html, "class=\"nemesis-band\"")).isEqualTo((int) starts / 2);
    assertThat(html).doesNotContain("never stopped");
    // Released locks not held are failures, drawn as such.
    assertThat(html).contains("<rect class=\"op fail\"").contains("(not-held)");

    // The exported EDN holds the same events as the original, field by field.
    List<Map<Keyword, Object>> back = KnossosRuns.read(exportEdn(run));
    assertThat(back).hasSameSizeAs(original);
    for (int i = 0; i < original.size(); i++) {
      for (Keyword k : List.of(TYPE, F, PROCESS, TIME, INDEX)) {
        assertThat(back.get(i).get(k)).as("event %d %s", i, k).isEqualTo(original.get(i).get(k));
      }
    }
  }

  @Test
  void casRegisterHistoryWithoutTimes() throws Exception {
    Path edn = KnossosRuns.corpus().resolve("cas-register/bad/cas-failure.edn");
    Path run = store.resolve("20150101-000000-cas-register-cas-failure");
    KnossosRuns.write(edn, run, "cas-register", "invalid");
    String html = Files.readString(RunReport.render(run));
    List<Map<Keyword, Object>> original = KnossosRuns.read(edn);
    long invokes =
        original.stream().filter(e -> Keyword.newKeyword("invoke").equals(e.get(TYPE))).count();
    assertThat(count(html, "<rect class=\"op ")).isEqualTo((int) invokes);
    assertThat(count(html, "class=\"nemesis-band\""))
        .isEqualTo((int) nemesisEvents(original, "start") / 2);
    // cas values are [expected new] pairs; they read back as vectors of the same numbers.
    List<Map<Keyword, Object>> back = KnossosRuns.read(exportEdn(run));
    for (int i = 0; i < original.size(); i++) {
      if (Keyword.newKeyword("cas").equals(original.get(i).get(F))) {
        assertThat(back.get(i).get(VALUE))
            .as("value of event %d", i)
            .isEqualTo(original.get(i).get(VALUE));
      }
    }
    assertThat(html).containsPattern("<title>p\\d+ cas \\[\\d,\\d\\] → (ok|fail|info)");
  }
}
