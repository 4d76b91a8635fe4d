package io.replicheck.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder as the harness wrote it (test resource real-runs/): {@code bin/replicheck run
 * --server /usr/bin/redis-server --workload list-append --nemesis partition,pause --time 1s --seed
 * 23 --clients 2 --keys 8 --fault-interval 300ms --fault-duration 300ms} against redis-server
 * 7.0.15, where the nemesis paused n2 twice. Its report shows every invariant the harness checked,
 * every op, both pauses, and the two replica readers' staleness.
 */
class RealRunTest {
  static final String RUN = "20261125-095606-list-append-23";
  @TempDir Path store;

  static Path source() {
    try {
      return Path.of(RealRunTest.class.getResource("/real-runs/" + RUN).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path copy() throws IOException {
    Path dir = store.resolve(RUN);
    try (Stream<Path> s = Files.walk(source())) {
      for (Path p : s.toList()) {
        Path target = dir.resolve(source().relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
    return dir;
  }

  private static int count(String page, String needle) {
    String html = page.replaceAll("(?s)<script>.*?</script>", "");
    int n = 0;
    for (int i = html.indexOf(needle); i >= 0; i = html.indexOf(needle, i + 1)) n++;
    return n;
  }

  @Test
  void theHarnesssRunFolderRendersWithEveryInvariantOpAndFault() throws Exception {
    Path run = copy();
    String html = Files.readString(RunReport.render(run));
    JsonNode results = new ObjectMapper().readTree(run.resolve("results.json").toFile());
    assertThat(results.path("invariants").size()).isEqualTo(10);
    for (JsonNode inv : results.path("invariants")) {
      assertThat(html)
          .contains(
              "<tr class=\"invariant\" data-id=\""
                  + inv.path("id").asText()
                  + "\" data-verdict=\""
                  + inv.path("verdict").asText()
                  + "\">");
    }
    assertThat(html)
        .contains("<body data-verdict=\"valid\"")
        .contains(results.path("command").asText());

    List<String> lines = Files.readAllLines(run.resolve("history.jsonl"));
    long invokes =
        lines.stream()
            .filter(l -> l.contains("\"type\":\"invoke\"") && !l.contains("\"nemesis\""))
            .count();
    assertThat(invokes).isEqualTo(613);
    assertThat(count(html, "<rect class=\"op ")).isEqualTo((int) invokes);
    // Two pauses of n2, each invoke start … info stop.
    assertThat(count(html, "class=\"nemesis-band\"")).isEqualTo(2);
    assertThat(html)
        .contains(">F1 SIGSTOP n2</text>")
        .contains(">F2 SIGSTOP n2</text>")
        .doesNotContain("never stopped");
    // Processes 2 and 3 read from the replicas: their lanes say where, and their reads have a
    // staleness.
    assertThat(html).contains(">p2 n2</text>").contains(">p3 n3</text>");
    // As many replica reads as the harness's P1 counted (86): 38 from n2, 48 from n3.
    assertThat(results.path("invariants").get(1).path("reason").asText())
        .startsWith("86 replica reads");
    assertThat(html)
        .contains("<tr data-node=\"n2\"><td>n2</td><td>38</td>")
        .contains("<tr data-node=\"n3\"><td>n3</td><td>48</td>");
    // The sampler started before the first op: the time axis starts at its first sample.
    assertThat(html)
        .contains("<svg id=\"offset-plot\"")
        .contains("<path class=\"series\" data-node=\"n1\" d=\"M60,");
    // Exported as EDN (replicheck export --edn), the history reads back event for event.
    var events =
        io.replicheck.history.HistoryFormat.readFileEvents(run.resolve("history.jsonl"), null);
    var edn = new java.io.StringWriter();
    io.replicheck.history.EdnFormat.write(events, edn);
    assertThat(edn.toString())
        .startsWith("[{:index 0, :type :invoke, :f :start, :value \"pause\", :process :nemesis");
    assertThat(
            io.replicheck.history.EdnFormat.read("edn", new java.io.StringReader(edn.toString())))
        .extracting(Object::toString)
        .isEqualTo(events.stream().map(Object::toString).toList());
  }
}
