package io.replicheck.report.html;

import static io.replicheck.report.html.Html.esc;
import static io.replicheck.report.html.Html.num;

import io.replicheck.report.data.DrawnOp;
import io.replicheck.report.data.RunData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Latency of completed ops (ok and fail; info ops have no known latency): a plot over time on a log
 * scale with faults shaded (one dot per op up to {@link TimelineSvg#MAX_BARS} ops, else per-column
 * median and max lines per op type), and p50/p95/p99/max per op type from HdrHistogram.
 */
public final class LatencySection {
  private static final int LEFT = TimePlot.LEFT;
  private static final int WIDTH = TimePlot.WIDTH;
  private static final int HEIGHT = 260;
  private static final int TOP = 10;

  private LatencySection() {}

  /** Quantiles per op type, in microseconds, recorded into HdrHistograms (3 significant digits). */
  public static Map<String, Histogram> histograms(List<DrawnOp> ops) {
    Map<String, Histogram> out = new TreeMap<>();
    for (DrawnOp op : ops) {
      if (op.type().equals("info")) continue;
      long micros = Math.max(1, op.latencyNanos() / 1000);
      out.computeIfAbsent(op.f(), k -> new Histogram(3)).recordValue(micros);
      out.computeIfAbsent(" all", k -> new Histogram(3)).recordValue(micros);
    }
    return out;
  }

  public static String table(RunData run) {
    Map<String, int[]> counts = new TreeMap<>();
    for (DrawnOp op : run.ops()) {
      int[] c = counts.computeIfAbsent(op.f(), k -> new int[3]);
      c[op.type().equals("ok") ? 0 : op.type().equals("fail") ? 1 : 2]++;
    }
    Map<String, Histogram> hist = histograms(run.ops());
    StringBuilder b = new StringBuilder();
    b.append(
            "<table class=\"quantiles\" id=\"latency-quantiles\"><thead><tr><th>op</th><th>ok</th><th>fail</th><th>info</th>")
        .append("<th>p50</th><th>p95</th><th>p99</th><th>max</th></tr></thead><tbody>\n");
    int[] all = new int[3];
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      for (int i = 0; i < 3; i++) all[i] += e.getValue()[i];
      row(e.getKey(), e.getValue(), hist.get(e.getKey()), b);
    }
    if (counts.size() > 1) row("all", all, hist.get(" all"), b);
    b.append(
        "</tbody></table>\n<p class=\"note\">Latency from invoke to completion of ok and fail ops, in ms (HdrHistogram, 3 significant digits); info ops have no known completion and are counted only.</p>\n");
    return b.toString();
  }

  private static void row(String f, int[] c, Histogram h, StringBuilder b) {
    b.append("<tr><td>")
        .append(esc(f))
        .append("</td><td>")
        .append(c[0])
        .append("</td><td>")
        .append(c[1])
        .append("</td><td>")
        .append(c[2])
        .append("</td>");
    for (double q : new double[] {50, 95, 99}) {
      b.append("<td>").append(h == null ? "–" : ms(h.getValueAtPercentile(q))).append("</td>");
    }
    b.append("<td>").append(h == null ? "–" : ms(h.getMaxValue())).append("</td></tr>\n");
  }

  private static String ms(long micros) {
    return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
  }

  public static String plot(RunData run) {
    List<DrawnOp> done = new ArrayList<>();
    for (DrawnOp op : run.ops()) if (!op.type().equals("info")) done.add(op);
    long start = run.startTime();
    double span = Math.max(1e-3, (run.endTime() - start) / 1e6);
    double lo = Double.MAX_VALUE;
    double hi = 0;
    for (DrawnOp op : done) {
      double l = Math.max(1e-3, op.latencyNanos() / 1e6);
      lo = Math.min(lo, l);
      hi = Math.max(hi, l);
    }
    if (done.isEmpty()) return "<p class=\"note\" id=\"latency-plot\">No completed ops.</p>\n";
    double yLo = Math.floor(Math.log10(lo));
    double yHi = Math.max(yLo + 1, Math.ceil(Math.log10(hi)));
    Map<String, Integer> colour = new LinkedHashMap<>();
    for (DrawnOp op : done) colour.putIfAbsent(op.f(), colour.size());

    StringBuilder b = new StringBuilder(32 * 1024);
    TimePlot.open("latency-plot", "latency over time", LEFT, WIDTH, TOP, HEIGHT, span, b);
    // For the script, which draws dots itself when a zoom window of a large history holds few ops.
    b.insert(
        b.indexOf(" role=\"img\""),
        " data-top=\""
            + TOP
            + "\" data-height=\""
            + HEIGHT
            + "\" data-ylo=\""
            + num(yLo)
            + "\" data-yhi=\""
            + num(yHi)
            + "\" data-colours=\""
            + colours(colour)
            + "\"");
    // Axes: decades on y, seconds on x.
    for (double d = yLo; d <= yHi; d++) {
      double y = TOP + HEIGHT - (d - yLo) / (yHi - yLo) * HEIGHT;
      b.append("<line class=\"grid\" x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(LEFT + WIDTH)
          .append("\" y1=\"")
          .append(num(y))
          .append("\" y2=\"")
          .append(num(y))
          .append("\"/><text x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(num(y + 4))
          .append("\" text-anchor=\"end\">")
          .append(
              d < 3
                  ? Ticks.label(Math.pow(10, d)) + " ms"
                  : Ticks.label(Math.pow(10, d - 3)) + " s")
          .append("</text>");
    }
    TimePlot.beginData("latency-plot", b);
    TimePlot.shades(run, LEFT, WIDTH, TOP, HEIGHT, span, b);
    if (done.size() <= TimelineSvg.MAX_BARS) {
      TimePlot.endStretched(b);
      for (DrawnOp op : done) {
        double x = LEFT + (op.invokeTime() - start) / 1e6 / span * WIDTH;
        double y = y(op.latencyNanos() / 1e6, yLo, yHi);
        b.append("<circle class=\"pt ")
            .append(op.type())
            .append("\" data-x0=\"")
            .append(num(x))
            .append("\" cx=\"")
            .append(num(x))
            .append("\" cy=\"")
            .append(num(y))
            .append("\" r=\"2\" fill=\"")
            .append(Palette.series(colour.get(op.f())))
            .append("\"/>");
      }
    } else {
      b.append("<g id=\"lat-lines\">");
      int cols = WIDTH / 2;
      for (Map.Entry<String, Integer> c : colour.entrySet()) {
        List<List<Double>> perCol = new ArrayList<>();
        for (int i = 0; i < cols; i++) perCol.add(new ArrayList<>());
        for (DrawnOp op : done) {
          if (!op.f().equals(c.getKey())) continue;
          int col = (int) Math.min(cols - 1, (op.invokeTime() - start) / 1e6 / span * cols);
          perCol.get(col).add(op.latencyNanos() / 1e6);
        }
        StringBuilder med = new StringBuilder();
        StringBuilder max = new StringBuilder();
        boolean gap = true;
        for (int i = 0; i < cols; i++) {
          List<Double> l = perCol.get(i);
          if (l.isEmpty()) {
            // No op invoked here (e.g. clients blocked by a paused master): break the line.
            gap = true;
            continue;
          }
          l.sort(null);
          double x = LEFT + (i + 0.5) * WIDTH / cols;
          String move = gap ? "M" : "L";
          gap = false;
          med.append(move).append(num(x)).append(',').append(num(y(l.get(l.size() / 2), yLo, yHi)));
          max.append(move).append(num(x)).append(',').append(num(y(l.get(l.size() - 1), yLo, yHi)));
        }
        String col = Palette.series(c.getValue());
        b.append("<path class=\"lat-median\" d=\"")
            .append(med)
            .append("\" stroke=\"")
            .append(col)
            .append("\"/>");
        b.append("<path class=\"lat-max\" d=\"")
            .append(max)
            .append("\" stroke=\"")
            .append(col)
            .append("\"/>\n");
      }
      b.append("</g>");
      TimePlot.endStretched(b);
      b.append("<g id=\"lat-dots\"></g>");
    }
    TimePlot.endData(b);
    TimePlot.axis(span, TOP + HEIGHT, LEFT, WIDTH, b);
    b.append("</svg>\n<div class=\"legend\">");
    for (Map.Entry<String, Integer> c : colour.entrySet()) {
      b.append("<span><i style=\"background:")
          .append(Palette.series(c.getValue()))
          .append("\"></i>")
          .append(esc(c.getKey()))
          .append("</span>");
    }
    b.append("<span><i class=\"shade\"></i>fault active</span>");
    if (done.size() > TimelineSvg.MAX_BARS)
      b.append("<span>solid: median per column, dashed: max</span>");
    else b.append("<span>hollow: failed op</span>");
    b.append("</div>\n");
    return b.toString();
  }

  private static double y(double ms, double yLo, double yHi) {
    double l = Math.log10(Math.max(1e-3, ms));
    return TOP + HEIGHT - (Math.max(yLo, Math.min(yHi, l)) - yLo) / (yHi - yLo) * HEIGHT;
  }

  private static String colours(Map<String, Integer> colour) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Integer> c : colour.entrySet()) {
      if (b.length() > 0) b.append(',');
      b.append(esc(c.getKey().replace(",", " ").replace(":", " ")))
          .append(':')
          .append(Palette.series(c.getValue()));
    }
    return b.toString();
  }
}
