package io.replicheck.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.report.html.TimelineSvg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 100k-op history: the report bins what it cannot draw one by one, so the page stays a few
 * thousand elements. The render time is written to a results file, not asserted.
 */
class LargeHistoryTest {
  @TempDir Path store;

  @Test
  void hundredThousandOpsAreBinned() throws IOException {
    Path run = store.resolve("20261125-090000-list-append-99");
    SampleRuns.write(run, SampleRuns.Kind.VALID, 99, 20, 220_000);
    long invokes;
    try (var lines = Files.lines(run.resolve("history.jsonl"))) {
      invokes =
          lines.filter(l -> l.contains("\"type\":\"invoke\"") && !l.contains("nemesis")).count();
    }
    assertThat(invokes).isGreaterThan(100_000);

    long t0 = System.nanoTime();
    String html = Files.readString(RunReport.render(run));
    long millis = (System.nanoTime() - t0) / 1_000_000;

    String timeline =
        html.substring(
            html.indexOf("<svg id=\"timeline\""),
            html.indexOf("</svg>", html.indexOf("<svg id=\"timeline\"")));
    assertThat(timeline).doesNotContain("<rect class=\"op ").contains("<rect class=\"bin ");
    assertThat(html).contains("binned by invoke time");
    String markup = html.replaceAll("(?s)<script.*?</script>", "");
    int elements = markup.split("<(rect|circle|use|path|line|text)\\b", -1).length - 1;
    assertThat(elements).isLessThan(30_000);
    assertThat(markup).contains("class=\"lat-median\"").doesNotContain("<circle class=\"pt ");
    // Every op is also in the page as compact data, for the script to draw the ops of a zoom
    // window.
    String data = html.substring(html.indexOf("<script type=\"application/json\" id=\"tl-ops\">"));
    assertThat(data)
        .startsWith("<script type=\"application/json\" id=\"tl-ops\">{\"n\":" + invokes + ",");
    assertThat(html.length()).isLessThan(6_000_000);
    assertThat(TimelineSvg.MAX_BARS).isEqualTo(5000);
    Files.writeString(
        Samples.buildDir().resolve("report-render-100k.txt"),
        String.format(
            Locale.ROOT,
            "ops=%d render_ms=%d report_bytes=%d svg_elements=%d%n",
            invokes,
            millis,
            html.length(),
            elements));
  }
}
