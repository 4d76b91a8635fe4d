package io.replicheck.report.html;

import static io.replicheck.report.html.Html.esc;
import static io.replicheck.report.html.Html.num;

import io.replicheck.report.data.RunData;
import io.replicheck.report.data.Sample;
import io.replicheck.report.data.SyncEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replication offsets per node and lag per replica over time, from the INFO replication samples. A
 * replica's lag at time t is the master's offset in the latest master sample at or before t minus
 * the replica's offset (negative values, from sampling order, count as 0).
 */
public final class ReplicationSection {
  private static final int LEFT = TimePlot.LEFT;
  private static final int WIDTH = TimePlot.WIDTH;
  private static final int HEIGHT = 200;
  private static final int TOP = 10;

  private ReplicationSection() {}

  /** Lag points per replica node. Pure, so tests check the arithmetic. */
  public static Map<String, List<long[]>> lag(List<Sample> samples) {
    List<Sample> sorted = new ArrayList<>(samples);
    sorted.sort((a, b) -> Long.compare(a.time(), b.time()));
    Map<String, List<long[]>> out = new TreeMap<>();
    long master = -1;
    for (Sample s : sorted) {
      if (s.isMaster()) {
        master = s.offset();
      } else if (master >= 0) {
        out.computeIfAbsent(s.node(), k -> new ArrayList<>())
            .add(new long[] {s.time(), Math.max(0, master - s.offset())});
      }
    }
    return out;
  }

  public static String render(RunData run) {
    if (run.samples().isEmpty())
      return "<p class=\"note\" id=\"replication-plots\">No replication samples were recorded.</p>\n";
    Map<String, List<long[]>> offsets = new TreeMap<>();
    for (Sample s : run.samples())
      offsets
          .computeIfAbsent(s.node(), k -> new ArrayList<>())
          .add(new long[] {s.time(), s.offset()});
    offsets.values().forEach(l -> l.sort((a, c) -> Long.compare(a[0], c[0])));
    Map<String, List<long[]>> lag = lag(run.samples());
    List<String> nodes = new ArrayList<>(offsets.keySet());
    StringBuilder b = new StringBuilder();
    b.append("<div id=\"replication-plots\">");
    b.append("<h3>Replication offset per node</h3>");
    b.append(plot("offset-plot", offsets, nodes, run, "bytes"));
    b.append("<h3>Lag per replica (master offset − replica offset)</h3>");
    b.append(
        lag.isEmpty()
            ? "<p class=\"note\">No master sample to measure lag against.</p>"
            : plot("lag-plot", lag, nodes, run, "bytes"));
    b.append("<div class=\"legend\">");
    for (String node : nodes) {
      b.append("<span><i style=\"background:")
          .append(Palette.series(nodes.indexOf(node)))
          .append("\"></i>")
          .append(esc(node))
          .append("</span>");
    }
    b.append("<span><i class=\"shade\"></i>fault active</span><span><i style=\"background:")
        .append(Palette.FAIL)
        .append("\"></i>link down</span>");
    for (SyncEvents.Kind k : SyncEvents.Kind.values()) {
      b.append("<span><i class=\"sync ")
          .append(k.name().toLowerCase(java.util.Locale.ROOT))
          .append("\">")
          .append(k.letter)
          .append("</i>")
          .append(k.meaning)
          .append("</span>");
    }
    b.append("</div>");
    b.append(table(run, lag));
    b.append("</div>\n");
    return b.toString();
  }

  /** Resyncs and role changes as lettered marks along the top of the offset plot. */
  private static void syncMarks(RunData run, long start, double span, StringBuilder b) {
    b.append("<g class=\"sync-marks\">");
    for (SyncEvents.SyncEvent e : SyncEvents.of(run.samples())) {
      double x = LEFT + (e.time() - start) / 1e6 / span * WIDTH;
      String title =
          e.node()
              + ": "
              + e.kind().meaning
              + (e.count() > 1 ? " ×" + e.count() : "")
              + (e.detail().isEmpty() ? "" : ", " + e.detail())
              + String.format(java.util.Locale.ROOT, " (by %.3f s)", (e.time() - start) / 1e9);
      b.append("<circle class=\"sync-mark ")
          .append(e.kind().name().toLowerCase(java.util.Locale.ROOT))
          .append("\" data-x0=\"")
          .append(num(x))
          .append("\" cx=\"")
          .append(num(x))
          .append("\" cy=\"")
          .append(TOP + 7)
          .append("\" r=\"6\"><title>")
          .append(esc(title))
          .append("</title></circle><text class=\"sync-letter\" data-x0=\"")
          .append(num(x))
          .append("\" x=\"")
          .append(num(x))
          .append("\" y=\"")
          .append(TOP + 10.5)
          .append("\" text-anchor=\"middle\">")
          .append(e.kind().letter)
          .append("</text>");
    }
    b.append("</g>\n");
  }

  private static String table(RunData run, Map<String, List<long[]>> lag) {
    Map<String, Sample> last = new TreeMap<>();
    Map<String, Integer> down = new TreeMap<>();
    for (Sample s : run.samples()) {
      Sample prev = last.get(s.node());
      if (prev == null || prev.time() <= s.time()) last.put(s.node(), s);
      if (!s.isMaster() && !s.linkUp()) down.merge(s.node(), 1, Integer::sum);
    }
    StringBuilder b =
        new StringBuilder(
                "<table id=\"replication-table\"><thead><tr><th>node</th><th>last role</th><th>last offset</th>")
            .append(
                "<th>last lag</th><th>max lag</th><th>samples with link down</th><th>sync_full</th><th>sync_partial_ok</th>")
            .append("<th>sync_partial_err</th></tr></thead><tbody>\n");
    for (Sample s : last.values()) {
      List<long[]> l = lag.getOrDefault(s.node(), List.of());
      b.append("<tr><td>")
          .append(esc(s.node()))
          .append("</td><td>")
          .append(esc(s.role()))
          .append("</td><td>")
          .append(s.offset())
          .append("</td><td>")
          .append(s.isMaster() || l.isEmpty() ? "–" : Long.toString(l.get(l.size() - 1)[1]))
          .append("</td><td>")
          .append(
              s.isMaster() || l.isEmpty()
                  ? "–"
                  : Long.toString(l.stream().mapToLong(p -> p[1]).max().orElse(0)))
          .append("</td><td>")
          .append(down.getOrDefault(s.node(), 0))
          .append("</td><td>")
          .append(s.syncFull())
          .append("</td><td>")
          .append(s.syncPartialOk())
          .append("</td><td>")
          .append(s.syncPartialErr())
          .append("</td></tr>\n");
    }
    return b.append("</tbody></table>\n").toString();
  }

  private static String plot(
      String id, Map<String, List<long[]>> series, List<String> nodes, RunData run, String unit) {
    long start = run.startTime();
    double span = Math.max(1e-3, (run.endTime() - start) / 1e6);
    long max = 1;
    for (List<long[]> l : series.values()) for (long[] p : l) max = Math.max(max, p[1]);
    StringBuilder b = new StringBuilder();
    TimePlot.open(
        id,
        id.equals("offset-plot") ? "replication offset per node" : "lag per replica",
        LEFT,
        WIDTH,
        TOP,
        HEIGHT,
        span,
        b);
    for (double t : Ticks.nice(0, max, 5)) {
      double y = TOP + HEIGHT - t / max * HEIGHT;
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
          .append(Ticks.compact(t))
          .append("</text>");
    }
    TimePlot.beginData(id, b);
    TimePlot.shades(run, LEFT, WIDTH, TOP, HEIGHT, span, b);
    for (Map.Entry<String, List<long[]>> e : series.entrySet()) {
      // At most two points per pixel column (first and max), so long runs stay light.
      StringBuilder d = new StringBuilder();
      int lastCol = -1;
      long colMax = -1;
      for (long[] p : e.getValue()) {
        int col = (int) ((p[0] - start) / 1e6 / span * WIDTH);
        if (col == lastCol) {
          if (p[1] <= colMax) continue;
          colMax = p[1];
        } else {
          lastCol = col;
          colMax = p[1];
        }
        double x = LEFT + (p[0] - start) / 1e6 / span * WIDTH;
        double y = TOP + HEIGHT - (double) p[1] / max * HEIGHT;
        d.append(d.length() == 0 ? "M" : "L").append(num(x)).append(',').append(num(y));
      }
      b.append("<path class=\"series\" data-node=\"")
          .append(esc(e.getKey()))
          .append("\" d=\"")
          .append(d)
          .append("\" stroke=\"")
          .append(Palette.series(nodes.indexOf(e.getKey())))
          .append("\"><title>")
          .append(esc(e.getKey()))
          .append(' ')
          .append(unit)
          .append("</title></path>\n");
    }
    TimePlot.endStretched(b);
    // Samples where a replica's link to its master was down.
    if (id.equals("offset-plot")) {
      java.util.Set<Integer> drawn = new java.util.HashSet<>();
      for (Sample s : run.samples()) {
        if (s.isMaster() || s.linkUp()) continue;
        if (!drawn.add((int) ((s.time() - start) / 1e6 / span * WIDTH / 2))) continue;
        double x = LEFT + (s.time() - start) / 1e6 / span * WIDTH;
        b.append("<rect class=\"link-down\" data-x0=\"")
            .append(num(x))
            .append("\" x=\"")
            .append(num(x))
            .append("\" y=\"")
            .append(TOP + HEIGHT - 4)
            .append("\" width=\"2\" height=\"4\" fill=\"")
            .append(Palette.FAIL)
            .append("\"/>");
      }
    }
    if (id.equals("offset-plot")) syncMarks(run, start, span, b);
    TimePlot.endData(b);
    TimePlot.axis(span, TOP + HEIGHT, LEFT, WIDTH, b);
    return b.append("</svg>\n").toString();
  }
}
