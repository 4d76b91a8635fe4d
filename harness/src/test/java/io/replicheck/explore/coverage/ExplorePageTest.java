package io.replicheck.explore.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplorePageTest {
  @Test
  void theLogLineSaysTheFeaturesSoFarAndWhatTheScheduleAdded() {
    AtomicLong now = new AtomicLong(1000);
    CoverageLog log = new CoverageLog(now::get);
    now.set(4500);
    CoverageLog.Row r =
        log.record(7, "valid", "d", "fresh", 40, Set.of("a", "b", "c", "d", "e"), 312, null);
    assertThat(CoverageLog.line(r)).isEqualTo("schedule 7: valid, 312 features (+5 new)");
    assertThat(r.elapsedMs()).isEqualTo(3500);
    assertThat(log.seen()).isEqualTo(312);
  }

  @Test
  void thePageHasThePlotsEveryScheduleLinksAndTheCorpus(@TempDir Path store) throws Exception {
    AtomicLong now = new AtomicLong(0);
    CoverageLog log = new CoverageLog(now::get);
    Corpus corpus = Corpus.open(store, "redis 7.0.15");
    Path run1 = store.resolve("20261206-1 list-append");
    Corpus.Observation o1 =
        corpus.observe(
            "{\"steps\":[\"<kill>\"]}", Set.of("log:M:a <n>", "psync:master:CONTINUE"), run1);
    now.set(8000);
    log.record(1, "valid", "list-append, 2 replicas", "fresh", 2, o1.novel(), o1.seenCount(), run1);
    Path run2 = store.resolve("run-2");
    Set<String> many =
        IntStream.range(0, 300)
            .mapToObj(i -> "log:S:x" + (char) ('a' + i % 26) + i)
            .collect(Collectors.toSet());
    Corpus.Observation o2 = corpus.observe("{}", many, run2);
    now.set(20000);
    log.record(
        2,
        "invalid",
        "bulk, 1 replica",
        "mutation of entry 1 (drop-fault)",
        300,
        o2.novel(),
        o2.seenCount(),
        run2);
    Path page = Files.createDirectories(store.resolve("explore-20261206")).resolve("explore.html");
    ExplorePage.write(page, "explore redis 7.0.15 <seed 1>", log, corpus.entries());

    String html = Files.readString(page);
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("explore redis 7.0.15 &lt;seed 1&gt;")
        .contains("2 schedules, 1 invalid; 302 distinct features; 2 corpus entries")
        .contains("<svg id=\"by-time\"", "<svg id=\"by-schedule\"")
        .contains("<circle class=\"dot-invalid\"")
        .contains(
            "href=\"../20261206-1%20list-append/report.html\"", "href=\"../run-2/report.html\"")
        .contains("log:M:a &lt;n&gt;", "mutation of entry 1 (drop-fault)")
        .contains("... and 100 more")
        .contains("{&quot;steps&quot;:[&quot;&lt;kill&gt;&quot;]}")
        .doesNotContain("<script", "http://", "https://");
    // the step line rises to the last count (302 of an axis to 350) at the last schedule's time
    assertThat(html).contains("H570 V40.17\"/>", ">350</text>");
  }

  @Test
  void anExplorationWithNoScheduleStillGivesAPage(@TempDir Path dir) throws Exception {
    Path page = dir.resolve("explore.html");
    ExplorePage.write(page, "explore", new CoverageLog(() -> 0), java.util.List.of());
    assertThat(Files.readString(page))
        .contains("No schedule finished.", "Empty: no schedule showed a feature.");
  }
}
