package io.replicheck.report.html;

import static io.replicheck.report.html.Html.esc;
import static io.replicheck.report.html.Html.num;

import io.replicheck.report.data.RunData;
import io.replicheck.report.data.Staleness.ReplicaRead;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Staleness of reads served by replicas: a plot over time per replica node (one dot per read up to
 * {@link TimelineSvg#MAX_BARS} reads, else the largest staleness per pixel column) with faults
 * shaded, and per node how many reads were stale and by how much (HdrHistogram).
 */
public final class StalenessSection {
  private static final int LEFT = TimePlot.LEFT;
  private static final int WIDTH = TimePlot.WIDTH;
  private static final int HEIGHT = 160;
  private static final int TOP = 10;

  private StalenessSection() {}

  public static String render(RunData run, List<String> nodeOrder) {
    List<ReplicaRead> reads = run.replicaReads();
    if (reads.isEmpty()) {
      return "<p class=\"note\" id=\"staleness\">No list reads were served by replicas in this run.</p>\n";
    }
    Map<String, List<ReplicaRead>> byNode = new TreeMap<>();
    for (ReplicaRead r : reads)
      byNode.computeIfAbsent(r.read().node(), k -> new ArrayList<>()).add(r);
    StringBuilder b = new StringBuilder("<div id=\"staleness\">");
    b.append(plot(run, byNode, nodeOrder));
    b.append("<div class=\"legend\">");
    for (String node : byNode.keySet()) {
      b.append("<span><i style=\"background:")
          .append(Palette.series(colour(node, nodeOrder)))
          .append("\"></i>")
          .append(esc(node))
          .append("</span>");
    }
    b.append("<span><i class=\"shade\"></i>fault active</span></div>");
    b.append(table(byNode));
    b.append(
            "<p class=\"note\">A replica read is stale when it misses an append the master acknowledged before the read began; ")
        .append(
            "its staleness is the time from the earliest such acknowledgement to the read: the replica showed the master as it ")
        .append(
            "was at least that long ago. Quantiles are over the stale reads (HdrHistogram, 3 significant digits).</p>");
    return b.append("</div>\n").toString();
  }

  private static int colour(String node, List<String> nodeOrder) {
    int i = nodeOrder.indexOf(node);
    return i >= 0 ? i : nodeOrder.size() + Math.floorMod(node.hashCode(), 7);
  }

  private static String table(Map<String, List<ReplicaRead>> byNode) {
    StringBuilder b =
        new StringBuilder(
                "<table id=\"staleness-table\"><thead><tr><th>replica</th><th>reads</th><th>stale</th>")
            .append(
                "<th>p50</th><th>p99</th><th>max</th><th>most acknowledged appends missed</th></tr></thead><tbody>\n");
    for (Map.Entry<String, List<ReplicaRead>> e : byNode.entrySet()) {
      Histogram h = new Histogram(3);
      int stale = 0;
      int mostMissing = 0;
      for (ReplicaRead r : e.getValue()) {
        if (!r.stale()) continue;
        stale++;
        h.recordValue(Math.max(1, r.staleNanos() / 1000));
        mostMissing = Math.max(mostMissing, r.missing());
      }
      int n = e.getValue().size();
      b.append("<tr data-node=\"")
          .append(esc(e.getKey()))
          .append("\"><td>")
          .append(esc(e.getKey()))
          .append("</td><td>")
          .append(n)
          .append("</td><td>")
          .append(stale)
          .append(String.format(Locale.ROOT, " (%.1f%%)", 100.0 * stale / n))
          .append("</td>");
      for (double q : new double[] {50, 99})
        b.append("<td>")
            .append(stale == 0 ? "–" : Html.duration(h.getValueAtPercentile(q) * 1000.0))
            .append("</td>");
      b.append("<td>")
          .append(stale == 0 ? "–" : Html.duration(h.getMaxValue() * 1000.0))
          .append("</td><td>")
          .append(mostMissing)
          .append("</td></tr>\n");
    }
    return b.append("</tbody></table>\n").toString();
  }

  private static String plot(
      RunData run, Map<String, List<ReplicaRead>> byNode, List<String> nodeOrder) {
    long start = run.startTime();
    double span = Math.max(1e-3, (run.endTime() - start) / 1e6);
    double maxMs = 1;
    int total = 0;
    for (List<ReplicaRead> l : byNode.values()) {
      total += l.size();
      for (ReplicaRead r : l) maxMs = Math.max(maxMs, r.staleNanos() / 1e6);
    }
    List<Double> yTicks = Ticks.nice(0, maxMs, 4);
    double top = Math.max(maxMs, yTicks.get(yTicks.size() - 1));
    StringBuilder b = new StringBuilder();
    TimePlot.open(
        "staleness-plot",
        "staleness of replica reads over time",
        LEFT,
        WIDTH,
        TOP,
        HEIGHT,
        span,
        b);
    for (double t : yTicks) {
      double y = TOP + HEIGHT - t / top * HEIGHT;
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
          .append(Ticks.label(t))
          .append(" ms</text>");
    }
    TimePlot.beginData("staleness-plot", b);
    TimePlot.shades(run, LEFT, WIDTH, TOP, HEIGHT, span, b);
    // Dots move one by one on zoom; lines (for many reads) are stretched.
    StringBuilder dots = new StringBuilder();
    for (Map.Entry<String, List<ReplicaRead>> e : byNode.entrySet()) {
      String col = Palette.series(colour(e.getKey(), nodeOrder));
      if (total <= TimelineSvg.MAX_BARS) {
        for (ReplicaRead r : e.getValue()) {
          double x = LEFT + (r.read().invokeTime() - start) / 1e6 / span * WIDTH;
          double y = TOP + HEIGHT - r.staleNanos() / 1e6 / top * HEIGHT;
          dots.append("<circle class=\"stale-pt")
              .append(r.stale() ? " stale" : "")
              .append("\" data-x0=\"")
              .append(num(x))
              .append("\" cx=\"")
              .append(num(x))
              .append("\" cy=\"")
              .append(num(y))
              .append("\" r=\"2\" fill=\"")
              .append(col)
              .append("\"><title>")
              .append(esc(e.getKey()))
              .append(" read of ")
              .append(esc(r.read().key()))
              .append(
                  r.stale()
                      ? " missed "
                          + r.missing()
                          + " acknowledged appends, "
                          + Html.duration(r.staleNanos())
                          + " stale"
                      : " up to date")
              .append(" [index ")
              .append(r.read().invokeIndex())
              .append("]</title></circle>");
        }
      } else {
        // One point per pixel column: the stalest read there.
        double[] worst = new double[WIDTH];
        java.util.Arrays.fill(worst, -1);
        for (ReplicaRead r : e.getValue()) {
          int c =
              (int)
                  Math.min(
                      WIDTH - 1, Math.max(0, (r.read().invokeTime() - start) / 1e6 / span * WIDTH));
          worst[c] = Math.max(worst[c], r.staleNanos() / 1e6);
        }
        StringBuilder d = new StringBuilder();
        boolean gap = true;
        for (int c = 0; c < WIDTH; c++) {
          if (worst[c] < 0) {
            gap = true;
            continue;
          }
          d.append(gap ? "M" : "L")
              .append(num(LEFT + c + 0.5))
              .append(',')
              .append(num(TOP + HEIGHT - worst[c] / top * HEIGHT));
          gap = false;
        }
        b.append("<path class=\"series\" data-node=\"")
            .append(esc(e.getKey()))
            .append("\" d=\"")
            .append(d)
            .append("\" stroke=\"")
            .append(col)
            .append("\"><title>")
            .append(esc(e.getKey()))
            .append(": stalest read per column</title></path>\n");
      }
    }
    TimePlot.endStretched(b);
    b.append(dots);
    TimePlot.endData(b);
    TimePlot.axis(span, TOP + HEIGHT, LEFT, WIDTH, b);
    return b.append("</svg>\n").toString();
  }
}
