package io.replicheck.explore.coverage;

import static io.replicheck.report.html.Html.esc;
import static io.replicheck.report.html.Html.num;

import io.replicheck.report.AtomicFiles;
import io.replicheck.report.html.Html;
import io.replicheck.report.html.Ticks;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * {@code store/explore-<stamp>/explore.html}: coverage over time (distinct features against elapsed
 * time and against schedule number), every schedule with its verdict, origin and new features, the
 * corpus, and links to each run's report.html. One self-contained file: inline CSS and SVG, no
 * script, no fetches.
 */
public final class ExplorePage {
  private static final int W = 520;
  private static final int H = 220;
  private static final int LEFT = 50;
  private static final int TOP = 10;

  /** New features listed per row; the rest are counted (a first run can show thousands). */
  static final int MAX_LISTED = 200;

  private ExplorePage() {}

  /**
   * Writes the page atomically.
   *
   * @param file where (its folder must exist)
   * @param title e.g. "explore redis 7.0.15, seed 23"
   * @param log the schedules
   * @param corpus the corpus entries (those of earlier explorations included)
   */
  public static void write(Path file, String title, CoverageLog log, List<Corpus.Entry> corpus)
      throws IOException {
    AtomicFiles.write(
        file, w -> w.write(render(file.toAbsolutePath().getParent(), title, log.rows(), corpus)));
  }

  /** The page's HTML; links are relative to {@code pageDir}. */
  static String render(
      Path pageDir, String title, List<CoverageLog.Row> rows, List<Corpus.Entry> corpus) {
    StringBuilder b = new StringBuilder(16_384);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(title))
        .append("</title>\n<style>\n")
        .append(
            "body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse}")
        .append(
            "td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}")
        .append(
            ".v-valid{color:#1a7f37}.v-invalid{color:#cf222e;font-weight:bold}.v-unknown{color:#9a6700}")
        .append(
            "svg{background:#fafafa;margin-right:1em}.line{fill:none;stroke:#0969da;stroke-width:2}")
        .append(".axis{stroke:#888}.grid{stroke:#eee}svg text{font-size:11px;fill:#555}")
        .append(".dot-invalid{fill:#cf222e}.dot-unknown{fill:#9a6700}.dot-valid{fill:#0969da}")
        .append(
            "code,pre{font-size:12px}details pre{max-height:20em;overflow:auto;background:#f6f8fa;padding:4px}\n")
        .append("</style></head><body>\n<h1>")
        .append(esc(title))
        .append("</h1>\n");
    long invalid = rows.stream().filter(r -> "invalid".equals(r.verdict())).count();
    int seen = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).seen();
    b.append("<p>")
        .append(rows.size())
        .append(" schedules, ")
        .append(invalid)
        .append(" invalid; ")
        .append(seen)
        .append(" distinct features; ")
        .append(corpus.size())
        .append(" corpus entries. Written ")
        .append(esc(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()))
        .append(".</p>\n");

    b.append("<h2>Coverage</h2>\n");
    if (rows.isEmpty()) {
      b.append("<p>No schedule finished.</p>\n");
    } else {
      double spanS = Math.max(1, rows.get(rows.size() - 1).elapsedMs() / 1000.0);
      plot(
          "by-time",
          "distinct features against elapsed time",
          rows,
          r -> r.elapsedMs() / 1000.0,
          spanS,
          "s",
          b);
      plot(
          "by-schedule",
          "distinct features against schedule number",
          rows,
          r -> r.schedule(),
          Math.max(1, rows.stream().mapToInt(CoverageLog.Row::schedule).max().orElse(1)),
          "",
          b);
    }

    boolean lanes = rows.stream().anyMatch(r -> r.lane() >= 0);
    if (lanes) lanes(rows, b);
    b.append("<h2>Schedules</h2>\n<table><tr><th>#</th>")
        .append(lanes ? "<th>lane</th>" : "")
        .append("<th>verdict</th><th>after</th><th>schedule</th>")
        .append("<th>origin</th><th>features</th><th>new</th><th>run</th></tr>\n");
    for (CoverageLog.Row r : rows) {
      b.append("<tr><td>").append(r.schedule());
      if (lanes) b.append("</td><td>").append(r.lane() < 0 ? "" : Integer.toString(r.lane()));
      b.append("</td><td class=\"")
          .append(Html.verdictClass(r.verdict()))
          .append("\">")
          .append(esc(r.verdict()))
          .append("</td><td>")
          .append(Ticks.label(r.elapsedMs() / 1000.0))
          .append(" s</td><td>")
          .append(esc(r.description()))
          .append("</td><td>")
          .append(esc(r.origin()))
          .append("</td><td>")
          .append(r.runFeatures())
          .append(" (")
          .append(r.seen())
          .append(" so far)</td><td>");
      features(r.novel(), b);
      b.append("</td><td>")
          .append(runLink(pageDir, r.runDir() == null ? null : r.runDir().toString()))
          .append("</td></tr>\n");
    }
    b.append("</table>\n");

    b.append("<h2>Corpus</h2>\n");
    if (corpus.isEmpty()) {
      b.append("<p>Empty: no schedule showed a feature.</p>\n");
    } else {
      b.append(
          "<table><tr><th>entry</th><th>added</th><th>features it added</th><th>run</th><th>schedule</th></tr>\n");
      for (Corpus.Entry e : corpus) {
        b.append("<tr><td>")
            .append(e.id())
            .append("</td><td>")
            .append(
                esc(
                    Instant.ofEpochMilli(e.addedAtMs())
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString()))
            .append("</td><td>");
        features(e.novel(), b);
        b.append("</td><td>")
            .append(runLink(pageDir, e.runDir()))
            .append("</td><td><details><summary>")
            .append(e.scheduleJson().length())
            .append(" chars</summary><pre>")
            .append(esc(e.scheduleJson()))
            .append("</pre></details></td></tr>\n");
      }
      b.append("</table>\n");
    }
    b.append("</body></html>\n");
    return b.toString();
  }

  /** One line per lane of a parallel exploration: its schedules, verdicts and new features. */
  private static void lanes(List<CoverageLog.Row> rows, StringBuilder b) {
    java.util.Map<Integer, int[]> byLane = new java.util.TreeMap<>();
    for (CoverageLog.Row r : rows) {
      int[] c = byLane.computeIfAbsent(r.lane(), k -> new int[4]);
      c[0]++;
      if ("valid".equals(r.verdict())) c[1]++;
      else if ("invalid".equals(r.verdict())) c[2]++;
      c[3] += r.novel().size();
    }
    b.append("<h2>Lanes</h2>\n<p>")
        .append(byLane.size())
        .append(
            " lanes ran at once (<code>--parallel</code>), sharing one corpus; their schedules are"
                + " merged below in the order they finished.</p>\n")
        .append(
            "<table><tr><th>lane</th><th>schedules</th><th>valid</th><th>invalid</th>"
                + "<th>other</th><th>features it showed first</th></tr>\n");
    for (java.util.Map.Entry<Integer, int[]> e : byLane.entrySet()) {
      int[] c = e.getValue();
      b.append("<tr><td>")
          .append(e.getKey())
          .append("</td><td>")
          .append(c[0])
          .append("</td><td>")
          .append(c[1])
          .append("</td><td>")
          .append(c[2])
          .append("</td><td>")
          .append(c[0] - c[1] - c[2])
          .append("</td><td>")
          .append(c[3])
          .append("</td></tr>\n");
    }
    b.append("</table>\n");
  }

  private static void features(java.util.Set<String> novel, StringBuilder b) {
    if (novel.isEmpty()) {
      b.append('0');
      return;
    }
    b.append("<details><summary>+").append(novel.size()).append("</summary><pre>");
    int i = 0;
    for (String f : novel) {
      if (i++ == MAX_LISTED) {
        b.append("... and ").append(novel.size() - MAX_LISTED).append(" more\n");
        break;
      }
      b.append(esc(f)).append('\n');
    }
    b.append("</pre></details>");
  }

  private static String runLink(Path pageDir, String runDir) {
    if (runDir == null || runDir.isEmpty()) return "";
    Path run = Path.of(runDir).toAbsolutePath().normalize();
    String rel;
    try {
      rel =
          pageDir
              .toAbsolutePath()
              .normalize()
              .relativize(run.resolve("report.html"))
              .toString()
              .replace('\\', '/');
    } catch (IllegalArgumentException e) {
      rel = run.resolve("report.html").toUri().toString(); // another root: an absolute link
      return "<a href=\"" + esc(rel) + "\">" + esc(run.getFileName().toString()) + "</a>";
    }
    return "<a href=\"" + esc(Html.href(rel)) + "\">" + esc(run.getFileName().toString()) + "</a>";
  }

  // A step line of distinct features, one dot per schedule coloured by its verdict.
  private static void plot(
      String id,
      String label,
      List<CoverageLog.Row> rows,
      ToDoubleFunction<CoverageLog.Row> x,
      double maxX,
      String unit,
      StringBuilder b) {
    // the y axis ends on a tick at or above the last count, so the top of the line is labelled
    int seen = Math.max(1, rows.get(rows.size() - 1).seen());
    List<Double> yTicks = Ticks.nice(0, seen, 5);
    double last = yTicks.get(yTicks.size() - 1);
    double maxY =
        last >= seen ? last : last + (yTicks.size() > 1 ? yTicks.get(1) - yTicks.get(0) : seen);
    b.append("<svg id=\"")
        .append(id)
        .append("\" width=\"")
        .append(LEFT + W + 20)
        .append("\" height=\"")
        .append(TOP + H + 40)
        .append("\" role=\"img\" aria-label=\"")
        .append(esc(label))
        .append("\">\n<title>")
        .append(esc(label))
        .append("</title>\n");
    for (double t : Ticks.nice(0, maxY, 5)) {
      if (t != Math.rint(t)) continue; // features are counted in whole numbers
      double y = TOP + H - t / maxY * H;
      b.append("<line class=\"grid\" x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(LEFT + W)
          .append("\" y1=\"")
          .append(num(y))
          .append("\" y2=\"")
          .append(num(y))
          .append("\"/><text x=\"")
          .append(LEFT - 4)
          .append("\" y=\"")
          .append(num(y + 4))
          .append("\" text-anchor=\"end\">")
          .append(Ticks.compact(t))
          .append("</text>\n");
    }
    for (double t : Ticks.nice(0, maxX, 8)) {
      if (unit.isEmpty() && t != Math.rint(t)) continue; // no schedule 2.5
      double px = LEFT + t / maxX * W;
      b.append("<text x=\"")
          .append(num(px))
          .append("\" y=\"")
          .append(TOP + H + 16)
          .append("\" text-anchor=\"middle\">")
          .append(Ticks.label(t))
          .append(unit)
          .append("</text>");
    }
    b.append("\n<line class=\"axis\" x1=\"")
        .append(LEFT)
        .append("\" x2=\"")
        .append(LEFT + W)
        .append("\" y1=\"")
        .append(TOP + H)
        .append("\" y2=\"")
        .append(TOP + H)
        .append("\"/>\n<text x=\"")
        .append(LEFT + W / 2)
        .append("\" y=\"")
        .append(TOP + H + 34)
        .append("\" text-anchor=\"middle\">")
        .append(unit.equals("s") ? "elapsed time" : "schedule")
        .append("</text>\n<path class=\"line\" d=\"M")
        .append(LEFT)
        .append(' ')
        .append(TOP + H);
    for (CoverageLog.Row r : rows) {
      double px = LEFT + x.applyAsDouble(r) / maxX * W;
      double py = TOP + H - r.seen() / maxY * H;
      b.append(" H").append(num(px)).append(" V").append(num(py));
    }
    b.append("\"/>\n");
    for (CoverageLog.Row r : rows) {
      double px = LEFT + x.applyAsDouble(r) / maxX * W;
      double py = TOP + H - r.seen() / maxY * H;
      b.append("<circle class=\"dot-")
          .append(Html.verdictClass(r.verdict()).substring(2))
          .append("\" cx=\"")
          .append(num(px))
          .append("\" cy=\"")
          .append(num(py))
          .append("\" r=\"3\"><title>schedule ")
          .append(r.schedule())
          .append(": ")
          .append(esc(r.verdict()))
          .append(", ")
          .append(r.seen())
          .append(" features (+")
          .append(r.novel().size())
          .append(" new)</title></circle>\n");
    }
    b.append("</svg>\n");
  }
}
