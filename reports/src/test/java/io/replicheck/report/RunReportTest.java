package io.replicheck.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicheck.report.html.Html;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {
  @TempDir Path store;

  @BeforeEach
  void copySamples() throws IOException {
    Samples.copyAll(store);
  }

  private String render(String run) throws IOException {
    Path report = RunReport.render(store.resolve(run));
    assertThat(report).isEqualTo(store.resolve(run).resolve("report.html"));
    return Files.readString(report);
  }

  /** Occurrences in the page's markup (the script, which builds elements of its own, left out). */
  private static int count(String page, String needle) {
    String html = page.replaceAll("(?s)<script>.*?</script>", "");
    int n = 0;
    for (int i = html.indexOf(needle); i >= 0; i = html.indexOf(needle, i + 1)) n++;
    return n;
  }

  @Test
  void validRunShowsEveryInvariantTheTimelineAndTheFaults() throws IOException {
    String html = render(Samples.VALID);
    assertThat(html)
        .contains("<body data-verdict=\"valid\"")
        .contains("id=\"verdict\" class=\"badge big v-valid\">valid<");
    for (String id : List.of("P1", "P3", "IS4", "P6")) {
      assertThat(html)
          .contains("<tr class=\"invariant\" data-id=\"" + id + "\" data-verdict=\"valid\">");
    }
    // Two faults, each a shaded band across the timeline with its label, and shaded in the plots.
    assertThat(count(html, "class=\"nemesis-band\"")).isEqualTo(2);
    assertThat(html)
        .contains(">F1 partition n2&lt;-&gt;n1</text>")
        .contains(">F2 pause n1 (SIGSTOP)</text>");
    assertThat(count(html, "class=\"fault-shade\"")).isEqualTo(2 * 4);
    // Every op drawn one by one: one bar per invoke in the history.
    long invokes =
        Files.readAllLines(store.resolve(Samples.VALID).resolve("history.jsonl")).stream()
            .filter(l -> l.contains("\"type\":\"invoke\"") && !l.contains("\"nemesis\""))
            .count();
    assertThat(count(html, "<rect class=\"op ")).isEqualTo((int) invokes);
    assertThat(html).doesNotContain(" cx\"").doesNotContain("id=\"counterexample\"");
    assertThat(html)
        .contains("id=\"latency-plot\"")
        .contains("id=\"latency-quantiles\"")
        .contains("id=\"offset-plot\"")
        .contains("id=\"lag-plot\"");
    assertThat(html)
        .contains(
            "bin/replicheck run --workload list-append --nemesis partition,pause --time 3s --seed 11");
    // EDN is exported on demand (replicheck export --edn), not with every report.
    assertThat(store.resolve(Samples.VALID).resolve("history.edn")).doesNotExist();
  }

  @Test
  void anInvariantNotExercisedShowsAsSuchNotAsValid() throws IOException {
    Path run = store.resolve(Samples.VALID);
    String results = Files.readString(run.resolve("results.json"));
    var tree =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(results);
    var is4 = (com.fasterxml.jackson.databind.node.ObjectNode) tree.withArray("invariants").get(2);
    assertThat(is4.path("id").asText()).isEqualTo("IS4");
    is4.put("verdict", "not_exercised").put("reason", "no full sync finished in this run");
    Files.writeString(run.resolve("results.json"), tree.toString());
    String html = render(Samples.VALID);
    assertThat(html)
        .contains("data-id=\"IS4\" data-verdict=\"not_exercised\"")
        .contains("<span class=\"badge v-not-exercised\">not exercised</span>")
        .contains("no full sync finished in this run");
  }

  @Test
  void aGzippedHistoryAsTheHarnessWritesItDrawsTheSameOps() throws IOException {
    Path run = store.resolve(Samples.VALID);
    String plain = render(Samples.VALID);
    try (var out =
        new java.util.zip.GZIPOutputStream(
            Files.newOutputStream(run.resolve("history.jsonl.gz")))) {
      Files.copy(run.resolve("history.jsonl"), out);
    }
    Files.delete(run.resolve("history.jsonl"));
    String gz = render(Samples.VALID);
    assertThat(count(gz, "<rect class=\"op "))
        .isEqualTo(count(plain, "<rect class=\"op "))
        .isPositive();
    assertThat(gz).contains("href=\"history.jsonl.gz\"");
  }

  @Test
  void invalidRunHighlightsTheCounterexampleOps() throws IOException {
    String html = render(Samples.INVALID);
    assertThat(html).contains("<body data-verdict=\"invalid\"");
    assertThat(html)
        .contains("data-id=\"P3\" data-verdict=\"invalid\"")
        .contains("data-id=\"P1\" data-verdict=\"invalid\"")
        .contains("data-id=\"IS4\" data-verdict=\"valid\"");
    JsonNode results =
        new ObjectMapper()
            .readTree(store.resolve(Samples.INVALID).resolve("results.json").toFile());
    JsonNode cx = results.path("invariants").get(1).path("counterexample");
    long failing = cx.path("op").path("invokeIndex").asLong();
    // The op that cannot be linearized: filled purple with a ring in the timeline, and in the
    // table.
    assertThat(html).containsPattern("<rect class=\"op ok cx\" data-index=\"" + failing + "\"");
    assertThat(html).contains("<tr class=\"cx-op\" data-index=\"" + failing + "\">");
    assertThat(count(html, " cx\" data-index=")).isEqualTo(1);
    assertThat(count(html, "class=\"cx-halo\"")).isEqualTo(1);
    // Not its process, value or line: only its indices name it.
    assertThat(count(html, "<tr class=\"cx-op\"")).isEqualTo(1);
    // The longest linearizable prefix: dashed in the timeline, the last ops listed.
    List<Long> prefix = new ArrayList<>();
    cx.path("linearized").forEach(op -> prefix.add(op.path("invokeIndex").asLong()));
    assertThat(prefix).hasSizeGreaterThan(20);
    assertThat(count(html, " lin\" data-index=")).isEqualTo(prefix.size());
    for (long index : prefix)
      assertThat(html).containsPattern("<rect class=\"op ok lin\" data-index=\"" + index + "\"");
    assertThat(html).contains("the longest linearizable prefix: " + prefix.size() + " ops");
    assertThat(count(html, "<tr class=\"lin-op\"")).isEqualTo(12);
    assertThat(html)
        .contains("<tr class=\"lin-op\" data-index=\"" + prefix.get(prefix.size() - 1) + "\">");
    // The model state that made it impossible, and the checker's explanation.
    assertThat(html)
        .contains(
            "<ul class=\"evidence\" id=\"cx-states\"><li>"
                + Html.esc(cx.path("states").get(0).asText())
                + "</li>");
    assertThat(html)
        .contains(
            "<p class=\"cx-explanation\">" + Html.esc(cx.path("explanation").asText()) + "</p>");
    assertThat(html)
        .contains("id=\"counterexample\"")
        .contains("id=\"tl-cx\"")
        .contains("&quot;linearized&quot;");
    assertThat(html).contains("--inject-bug psync-skip-one-command");
    // When the partition healed, n2 continued with PSYNC: the master counted a partial resync.
    assertThat(count(html, "class=\"sync-mark partial\"")).isEqualTo(1);
    assertThat(html)
        .containsPattern(
            "<title>n1: partial resync accepted \\(CONTINUE\\) \\(by 1\\.[0-9]{3} s\\)</title>");
    // n2's reads: stale while it was cut off, and (the bug) for good after it resumed.
    assertThat(html)
        .contains("<svg id=\"staleness-plot\"")
        .contains("<tr data-node=\"n2\">")
        .contains("<tr data-node=\"n3\">");
    Matcher n2 =
        Pattern.compile("<tr data-node=\"n2\"><td>n2</td><td>(\\d+)</td><td>(\\d+) ").matcher(html);
    assertThat(n2.find()).isTrue();
    assertThat(Integer.parseInt(n2.group(2)))
        .isGreaterThanOrEqualTo(5)
        .isGreaterThan(3 * staleOn(html, "n3"));
    assertThat(count(html, "class=\"stale-pt stale\""))
        .isEqualTo(Integer.parseInt(n2.group(2)) + staleOn(html, "n3"));
  }

  private static int staleOn(String html, String node) {
    Matcher m =
        Pattern.compile(
                "<tr data-node=\"" + node + "\"><td>" + node + "</td><td>(\\d+)</td><td>(\\d+) ")
            .matcher(html);
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(2));
  }

  @Test
  void unknownRunShowsTimeoutsAsInfoAndTheNemesisErrors() throws IOException {
    String html = render(Samples.UNKNOWN);
    assertThat(html)
        .contains("<body data-verdict=\"unknown\"")
        .contains("data-id=\"P3\" data-verdict=\"unknown\"")
        .contains("search budget exhausted");
    assertThat(count(html, "<rect class=\"op info\"")).isGreaterThan(0);
    assertThat(count(html, "href=\"#m-info\"")).isEqualTo(count(html, "<rect class=\"op info\""));
    assertThat(html).contains("id=\"nemesis-errors\"").contains("SIGCONT sent late");
    // Each timeout retired its process and a new one took over the thread: 17 processes, 7 lanes.
    long processes =
        Files.readAllLines(store.resolve(Samples.UNKNOWN).resolve("history.jsonl")).stream()
            .map(l -> l.replaceAll(".*\"process\":(\\d+|\"nemesis\").*", "$1"))
            .filter(p -> !p.contains("nemesis"))
            .distinct()
            .count();
    assertThat(processes).isEqualTo(17);
    assertThat(count(html, "class=\"lane-label\"")).isEqualTo(7);
    assertThat(html).containsPattern("class=\"lane-label\">p\\d+…<title>processes \\d+, \\d+");
  }

  /** Scheme-qualified or protocol-relative references in src/href/url(), or any http(s) address. */
  private static final Pattern EXTERNAL =
      Pattern.compile(
          "(?i)(?:\\b(?:src|href|action|xlink:href)\\s*=\\s*[\"']?\\s*(?:[a-z][a-z0-9+.-]*:|//))|(?:url\\(\\s*[\"']?(?!#))|https?:|<link\\b|@import");

  @Test
  void reportsAreSelfContained() throws IOException {
    for (String run : List.of(Samples.VALID, Samples.INVALID, Samples.UNKNOWN)) {
      String html = render(run);
      Matcher m = EXTERNAL.matcher(html);
      assertThat(m.find())
          .as(
              "external reference in %s: %s",
              run,
              m.find(0) ? html.substring(m.start(), Math.min(html.length(), m.start() + 60)) : "")
          .isFalse();
      assertThat(html).contains("<style>").contains("<script>").contains("<svg id=\"timeline\"");
    }
    // The pattern does catch what it must.
    assertThat(EXTERNAL.matcher("<script src=\"https://cdn.example/x.js\">").find()).isTrue();
    assertThat(EXTERNAL.matcher("<img src=//cdn.example/x.png>").find()).isTrue();
    assertThat(EXTERNAL.matcher("background: url(data:image/png;base64,AA)").find()).isTrue();
    assertThat(EXTERNAL.matcher("<use href=\"#m-ok\"/>").find()).isFalse();
  }

  @Test
  void reportLinksTheRunsFiles() throws IOException {
    String html = render(Samples.VALID);
    assertThat(html)
        .contains("<a id=\"to-index\" href=\"../index.html\">")
        .contains("href=\"history.jsonl\"")
        .contains("href=\"results.json\"")
        .contains("href=\"nodes/n1/server.log\"");
  }

  @Test
  void textFromTheRunIsEscaped() throws IOException {
    Path run = store.resolve(Samples.VALID);
    String results =
        Files.readString(run.resolve("results.json"))
            .replace("all 4 invariants hold", "<script>alert(1)</script> & \\\"quoted\\\"");
    Files.writeString(run.resolve("results.json"), results);
    String html = render(Samples.VALID);
    assertThat(html)
        .doesNotContain("<script>alert(1)")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;");
  }

  @Test
  void aMalformedHistoryIsOneClearError() throws IOException {
    Path run = store.resolve(Samples.VALID);
    List<String> lines = new ArrayList<>(Files.readAllLines(run.resolve("history.jsonl")));
    lines.set(4, "{\"index\":4,\"process\":2,\"type\":\"ok\",");
    Files.write(run.resolve("history.jsonl"), lines);
    assertThatThrownBy(() -> RunReport.render(run))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith(run.resolve("history.jsonl") + ":5: ");
    lines.set(4, "{\"index\":4,\"process\":\"bob\",\"type\":\"ok\",\"time\":5}");
    Files.write(run.resolve("history.jsonl"), lines);
    assertThatThrownBy(() -> RunReport.render(run))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining(":5: expected \"process\" to be an integer or \"nemesis\"");
    assertThat(run.resolve("report.html")).doesNotExist();
    assertThatThrownBy(() -> RunReport.render(store.resolve("no-such-run")))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("not a run folder");
    Path emptyFolder = Files.createDirectories(store.resolve("20261125-110000-counter-5"));
    assertThatThrownBy(() -> RunReport.render(emptyFolder))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining(
            "not a run folder (no history.jsonl.gz, history.jsonl or results.json)");
    Path unknown = store.resolve(Samples.UNKNOWN);
    Files.writeString(unknown.resolve("results.json"), "[1, 2]");
    assertThatThrownBy(() -> RunReport.render(unknown))
        .isInstanceOf(ReportException.class)
        .hasMessage(unknown.resolve("results.json") + ": not a JSON object");
  }

  @Test
  void aRunThatRecordedAlmostNothingStillGetsAReport() throws IOException {
    Path empty = Files.createDirectories(store.resolve("20261125-100000-register-1"));
    Files.writeString(empty.resolve("history.jsonl"), "");
    String html = render("20261125-100000-register-1");
    assertThat(html)
        .contains("<body data-verdict=\"unknown\"")
        .contains("No invariant was checked")
        .contains("No completed ops")
        .contains("No replication samples")
        .contains("No faults were injected")
        .contains("No list reads were served by replicas");
    // Only a fault that never stopped, and an op that never completed.
    Files.writeString(
        empty.resolve("history.jsonl"),
        "{\"index\":0,\"process\":\"nemesis\",\"type\":\"invoke\",\"f\":\"start\",\"value\":\"kill\",\"time\":5}\n"
            + "{\"index\":1,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start\",\"value\":\"kill n1\",\"time\":6}\n"
            + "{\"index\":2,\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"key\":\"r\",\"value\":1,\"time\":9}\n");
    html = render("20261125-100000-register-1");
    assertThat(html).contains("never stopped").contains("<rect class=\"op info\" data-index=\"2\"");
    // A run that crashed before it recorded a history, but wrote its results.
    Files.delete(empty.resolve("history.jsonl"));
    Files.writeString(
        empty.resolve("results.json"),
        "{\"verdict\":\"unknown\",\"summary\":\"setup failed: no such binary\"}");
    html = render("20261125-100000-register-1");
    assertThat(html)
        .contains("<body data-verdict=\"unknown\"")
        .contains("setup failed: no such binary");
  }
}
