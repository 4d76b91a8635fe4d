package io.replicheck.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreIndexTest {
  @TempDir Path store;

  @Test
  void listsRunsNewestFirstWithVerdictsAndLinks() throws IOException {
    Samples.copyAll(store);
    Files.createSymbolicLink(store.resolve("latest"), Path.of(Samples.UNKNOWN));
    Files.createDirectories(store.resolve("not-a-run"));
    // A spec whose nemesis is a list, and a run with results but no history yet.
    Path listed = Files.createDirectories(store.resolve("20261125-060000-register-2"));
    Files.writeString(
        listed.resolve("results.json"),
        "{\"verdict\":\"valid\",\"server\":\"redis 7.0.15\",\"spec\":{\"workload\":\"register\",\"nemesis\":[\"kill\",\"pause\"]}}");
    Path broken = Files.createDirectories(store.resolve("20261125-070000-counter-1"));
    Files.writeString(broken.resolve("results.json"), "{ not json");
    String html = Files.readString(StoreIndex.render(store));
    assertThat(store.resolve("index.html")).isRegularFile();
    int unknown = html.indexOf("href=\"" + Samples.UNKNOWN + "/report.html\">");
    int invalid = html.indexOf("href=\"" + Samples.INVALID + "/report.html\">");
    int valid = html.indexOf("href=\"" + Samples.VALID + "/report.html\">");
    assertThat(unknown).isPositive().isLessThan(invalid);
    assertThat(invalid).isLessThan(valid);
    assertThat(html)
        .contains("<td>2026-11-25 08:05:00</td>")
        .contains("<td>list-append</td><td>partition,pause</td><td>reference-impl 0.1.0</td>")
        .contains("<tr class=\"run\" data-verdict=\"invalid\">")
        .contains("<tr class=\"run\" data-verdict=\"valid\">")
        .contains("<tr class=\"run\" data-verdict=\"unreadable\">")
        .contains("id=\"latest\" href=\"" + Samples.UNKNOWN + "/report.html\"")
        .doesNotContain("not-a-run")
        .contains("5 runs in")
        .contains(
            "<span class=\"badge v-invalid\">1 invalid</span> <span class=\"badge v-unknown\">1 unknown</span>"
                + " <span class=\"badge v-unknown\">1 unreadable</span> <span class=\"badge v-valid\">2 valid</span>")
        .contains("<td>register</td><td>kill,pause</td><td>redis 7.0.15</td>");
    // store/latest is a link to a run, not a run of its own.
    assertThat(html).doesNotContain("href=\"latest/report.html\">latest<");
  }

  @Test
  void anEmptyStoreSaysSoAndAMissingOneIsAnError() throws IOException {
    assertThat(Files.readString(StoreIndex.render(store)))
        .contains("No runs yet")
        .contains("0 runs in");
    assertThatThrownBy(() -> StoreIndex.render(store.resolve("missing")))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("no store folder");
  }
}
