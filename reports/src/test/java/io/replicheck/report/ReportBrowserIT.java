package io.replicheck.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.replicheck.report.serve.StoreServer;
import io.replicheck.testkit.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headless Chromium opens the index and reports served by {@link StoreServer}: the page's script
 * must run to the end (it marks {@code <body data-ready="1">}) with no errors (it writes any into
 * {@code #js-errors}, and Chromium's log must hold no "Uncaught"), and the timeline, plots and
 * verdicts must be in the DOM. Screenshots go to the build folder's {@code screenshots/}.
 */
@Tag("interop") // needs Chromium
class ReportBrowserIT {
  private static final long CHROMIUM_TIMEOUT_SECONDS = 60;
  @TempDir static Path root;
  private static StoreServer server;
  private static String chromium;

  /** A real Jepsen history: etcd as a mutex under partitions, from the Knossos corpus. */
  private static final String ETCD = "20150603-120000-mutex-etcd";

  /** A 100k-op run, rendered by the server on the fly like the others. */
  private static final String LARGE = "20261125-090000-list-append-99";

  @BeforeAll
  static void start() throws IOException {
    chromium = findChromium();
    Path store = Samples.copyAll(Files.createDirectories(root.resolve("store")));
    SampleRuns.write(store.resolve(LARGE), SampleRuns.Kind.VALID, 99, 20, 220_000);
    KnossosRuns.write(
        KnossosRuns.corpus().resolve("mutex/bad/etcd.edn"),
        store.resolve(ETCD),
        "mutex",
        "invalid");
    try (Stream<Path> s = Files.walk(RealRunTest.source())) {
      for (Path p : s.toList()) {
        Path target =
            store.resolve(RealRunTest.RUN).resolve(RealRunTest.source().relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
    server = StoreServer.start(store, 0);
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  private static String findChromium() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      Optional<Path> found = Tools.onPath(name);
      if (found.isPresent()) return found.get().toString();
    }
    return fail(
        "headless Chromium is needed for this test but none was found on PATH (chromium, chromium-browser, google-chrome):"
            + " install Debian's package with `apt-get install -y chromium` (.ci/run does)");
  }

  /** What one Chromium run printed: the DOM (or nothing, for screenshots) and its log. */
  private record Result(String stdout, String stderr) {}

  private static Result chromium(String url, String... extra) throws Exception {
    Path profile = Files.createTempDirectory(root, "chromium-profile");
    Path out = root.resolve("out-" + System.nanoTime() + ".txt");
    Path err = root.resolve("err-" + System.nanoTime() + ".txt");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--enable-logging=stderr",
                "--v=0",
                "--virtual-time-budget=5000"));
    if (Stream.of(extra).noneMatch(a -> a.startsWith("--window-size=")))
      cmd.add("--window-size=1300,2400");
    cmd.addAll(List.of(extra));
    cmd.add(url);
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      if (!p.waitFor(CHROMIUM_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        fail("chromium did not finish within " + CHROMIUM_TIMEOUT_SECONDS + " s on " + url);
      }
      return new Result(
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      // Chromium forks helpers: stop them too, whatever happened.
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      try (Stream<Path> s = Files.walk(profile)) {
        s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static String dom(String path) throws Exception {
    Result r = chromium(server.url() + path, "--dump-dom");
    assertThat(r.stderr()).as("chromium log for %s", path).doesNotContain("Uncaught");
    assertThat(r.stdout()).as("DOM of %s", path).contains("</html>");
    return r.stdout();
  }

  private static void screenshot(String path, String name) throws Exception {
    screenshot(path, name, 2400);
  }

  /** A screenshot {@code height} CSS pixels tall (the whole report is about 4,400). */
  private static void screenshot(String path, String name, int height) throws Exception {
    Path dir = Files.createDirectories(Samples.buildDir().resolve("screenshots"));
    Path png = dir.resolve(name);
    Files.deleteIfExists(png);
    Result r =
        chromium(
            server.url() + path,
            "--hide-scrollbars",
            "--window-size=1300," + height,
            "--screenshot=" + png);
    assertThat(png).as("screenshot of %s; chromium said: %s", path, r.stderr()).isRegularFile();
    assertThat(Files.size(png)).isGreaterThan(10_000);
  }

  private static void assertScriptRanCleanly(String dom) {
    Matcher body = Pattern.compile("<body[^>]*>").matcher(dom);
    assertThat(body.find()).isTrue();
    assertThat(body.group()).contains("data-ready=\"1\"").doesNotContain("data-js-errors");
    assertThat(dom).containsPattern("<pre id=\"js-errors\" hidden=\"\"></pre>");
  }

  @Test
  void indexListsTheRunsWithTheirVerdicts() throws Exception {
    String dom = dom("");
    assertThat(dom).contains("data-ready=\"1\"");
    for (String run : List.of(Samples.VALID, Samples.INVALID, Samples.UNKNOWN)) {
      assertThat(dom).contains("href=\"" + run + "/report.html\"");
    }
    assertThat(dom)
        .contains("<tr class=\"run\" data-verdict=\"valid\">")
        .contains("<tr class=\"run\" data-verdict=\"invalid\">")
        .contains("<tr class=\"run\" data-verdict=\"unknown\">");
    screenshot("", "index.png");
  }

  @Test
  void invalidReportDrawsTimelinePlotsVerdictsAndTheCounterexample() throws Exception {
    String dom = dom(Samples.INVALID + "/report.html");
    assertScriptRanCleanly(dom);
    assertThat(dom)
        .contains("id=\"verdict\" class=\"badge big v-invalid\">invalid<")
        .contains("data-id=\"P3\" data-verdict=\"invalid\"")
        .contains("data-id=\"IS4\" data-verdict=\"valid\"");
    assertThat(dom)
        .contains("<svg id=\"timeline\"")
        .contains("class=\"nemesis-band\"")
        .containsPattern("class=\"op ok cx\"")
        .contains("<svg id=\"latency-plot\"")
        .contains("<svg id=\"offset-plot\"")
        .contains("<svg id=\"lag-plot\"");
    // The script drew the time axis itself (its labels carry the step's decimals).
    assertThat(dom)
        .containsPattern(
            "<g id=\"tl-axis\"[^>]*><line[^>]*></line>(<line[^>]*></line><text[^>]*>[0-9.]+s</text>)+</g>");
    screenshot(Samples.INVALID + "/report.html", "report-invalid.png");
    screenshot(Samples.INVALID + "/report.html", "report-invalid-full.png", 4600);
  }

  @Test
  void theTimelineZoomsToAWindow() throws Exception {
    String dom = dom(Samples.INVALID + "/report.html#t=1.5,2");
    assertScriptRanCleanly(dom);
    assertThat(dom).contains("data-window=\"1500.000,2000.000\"");
    // Every op bar was moved to the window's scale: x = 60 + (a - 1500) / 500 * 1100.
    Matcher m =
        Pattern.compile(
                "<rect class=\"op [a-z ]+\" data-index=\"\\d+\" data-a=\"([0-9.]+)\" data-b=\"[0-9.]+\" x=\"(-?[0-9.]+)\"")
            .matcher(dom);
    int checked = 0;
    while (m.find()) {
      double expected = 60 + (Double.parseDouble(m.group(1)) - 1500) / 500 * 1100;
      assertThat(Double.parseDouble(m.group(2)))
          .isCloseTo(expected, org.assertj.core.data.Offset.offset(0.02));
      checked++;
    }
    assertThat(checked).isGreaterThan(100);
    // The latency plot follows the window: x = s x0 + c, with s = span / 500 ms.
    double span = Double.parseDouble(attribute(dom, "<svg id=\"latency-plot\"", "data-span"));
    double s = span / 500;
    double c = 60 - 60 * s - 1500.0 * 1100 / 500;
    Matcher dot =
        Pattern.compile("<circle class=\"pt (?:ok|fail)\" data-x0=\"([0-9.]+)\" cx=\"(-?[0-9.]+)\"")
            .matcher(dom);
    int dots = 0;
    while (dot.find()) {
      assertThat(Double.parseDouble(dot.group(2)))
          .isCloseTo(
              s * Double.parseDouble(dot.group(1)) + c, org.assertj.core.data.Offset.offset(0.02));
      dots++;
    }
    assertThat(dots).isGreaterThan(100);
    // Every time plot's axis was redrawn for the window (labels with the step's decimals).
    Matcher axis =
        Pattern.compile(
                "<g class=\"x-axis\" data-y=\"[0-9.]+\"><line[^>]*></line><text[^>]*>1\\.50s</text>")
            .matcher(dom);
    int axes = 0;
    while (axis.find()) axes++;
    assertThat(axes).isEqualTo(4);
    screenshot(Samples.INVALID + "/report.html#t=1.5,2", "report-invalid-zoomed.png");
  }

  private static String attribute(String dom, String element, String name) {
    Matcher m = Pattern.compile(element + "[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(dom);
    assertThat(m.find()).as("%s with %s in the DOM", element, name).isTrue();
    return m.group(1);
  }

  @Test
  void aLargeHistoryIsBinnedWholeAndDrawnOpByOpWhenZoomedIn() throws Exception {
    String whole = dom(LARGE + "/report.html");
    assertScriptRanCleanly(whole);
    // The whole run: the script bins >100k ops per lane and pixel column.
    String drawn = attribute(whole, "<svg id=\"timeline\"", "data-drawn");
    assertThat(drawn).startsWith("bins:");
    String[] bins = drawn.split(":");
    assertThat(Integer.parseInt(bins[1])).isBetween(1000, 8000);
    assertThat(Integer.parseInt(bins[2])).isGreaterThan(100_000);
    assertThat(whole)
        .doesNotContain("id=\"tl-static\"")
        .contains("<g id=\"tl-dyn\"><rect class=\"bin ok\"");
    String wholeMs = attribute(whole, "<svg id=\"timeline\"", "data-layout-ms");

    // A 2 s window: every op in it is drawn one by one, at the window's scale.
    String zoomed = dom(LARGE + "/report.html#t=100,102");
    assertScriptRanCleanly(zoomed);
    assertThat(zoomed).contains("data-window=\"100000.000,102000.000\"");
    drawn = attribute(zoomed, "<svg id=\"timeline\"", "data-drawn");
    assertThat(drawn).startsWith("ops:");
    int ops = Integer.parseInt(drawn.substring(4));
    assertThat(ops).isBetween(500, 5000);
    String dyn =
        zoomed.substring(
            zoomed.indexOf("<g id=\"tl-dyn\">"),
            zoomed.indexOf("</g>", zoomed.indexOf("<g id=\"tl-dyn\">")));
    Matcher bar =
        Pattern.compile(
                "<rect class=\"op (ok|fail|info)\" data-index=\"\\d+\" x=\"(-?[0-9.]+)\"[^>]*><title>p\\d+ (append|read) l\\d+ ")
            .matcher(dyn);
    int bars = 0;
    while (bar.find()) {
      bars++;
      assertThat(Double.parseDouble(bar.group(2))).isLessThanOrEqualTo(60 + 1100);
    }
    assertThat(bars).isEqualTo(ops);
    String zoomedMs = attribute(zoomed, "<svg id=\"timeline\"", "data-layout-ms");
    // The latency plot draws the window's ops as dots too, instead of the whole run's median lines.
    assertThat(attribute(whole, "<svg id=\"latency-plot\"", "data-drawn")).isEqualTo("lines");
    String latency = attribute(zoomed, "<svg id=\"latency-plot\"", "data-drawn");
    assertThat(latency).startsWith("dots:");
    assertThat(Integer.parseInt(latency.substring(5))).isBetween(ops / 2, ops);
    assertThat(zoomed).contains("<g id=\"lat-lines\" display=\"none\">");
    screenshot(LARGE + "/report.html#t=100,102", "report-large-zoomed.png");
    screenshot(LARGE + "/report.html", "report-large.png");
    Files.writeString(
        Samples.buildDir().resolve("report-browser-100k.txt"),
        String.format(
            Locale.ROOT,
            "ops=%s whole_bins=%s whole_layout_ms=%s window_2s_ops=%d window_layout_ms=%s%n",
            bins[2],
            bins[1],
            wholeMs,
            ops,
            zoomedMs));
  }

  @Test
  void realHistoriesRenderCleanly() throws Exception {
    // A Jepsen history of etcd under three partitions, and a harness run against redis-server with
    // two pauses.
    for (String run : List.of(ETCD, RealRunTest.RUN)) {
      String dom = dom(run + "/report.html");
      assertScriptRanCleanly(dom);
      assertThat(dom).contains("<svg id=\"timeline\"").contains("<svg id=\"latency-plot\"");
      int bands = dom.split("class=\"nemesis-band\"", -1).length - 1;
      assertThat(bands).as(run).isEqualTo(run.equals(ETCD) ? 3 : 2);
      screenshot(
          run + "/report.html", "report-" + (run.equals(ETCD) ? "etcd" : "redis-run") + ".png");
    }
    assertThat(dom(RealRunTest.RUN + "/report.html"))
        .contains("<body data-verdict=\"valid\"")
        .contains("<svg id=\"staleness-plot\"");
  }

  @Test
  void validAndUnknownReportsRenderCleanly() throws Exception {
    for (String run : List.of(Samples.VALID, Samples.UNKNOWN)) {
      String dom = dom(run + "/report.html");
      assertScriptRanCleanly(dom);
      String verdict = run.equals(Samples.VALID) ? "valid" : "unknown";
      assertThat(dom)
          .contains("<body data-verdict=\"" + verdict + "\"")
          .contains("<svg id=\"timeline\"")
          .contains("id=\"latency-quantiles\"")
          .contains("id=\"replication-table\"");
      screenshot(run + "/report.html", "report-" + verdict.toLowerCase(Locale.ROOT) + ".png");
    }
  }
}
