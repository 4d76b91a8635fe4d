package io.replicheck.report.html;

import static io.replicheck.report.html.Html.esc;
import static io.replicheck.report.html.Html.num;

import io.replicheck.report.data.DrawnOp;
import io.replicheck.report.data.NemesisBand;
import io.replicheck.report.data.RunData;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The timeline: one lane per process, a bar from invoke to completion ending in a mark (ok: dot,
 * fail: cross, info: hollow diamond with a dashed bar), nemesis bands shaded across all lanes and
 * the counterexample's ops outlined. Up to {@link #MAX_BARS} ops are drawn one by one; beyond that
 * ops are binned per lane and pixel column (counterexample ops are still drawn one by one), so a
 * 100k-op history stays a few thousand elements. Every element carries its times in ms ({@code
 * data-a}/{@code data-b} for spans, {@code data-m} for marks) so the page's script can zoom by
 * moving elements rather than stretching them.
 */
public final class TimelineSvg {
  public static final int MAX_BARS = 5000;
  static final int LEFT = TimePlot.LEFT;
  static final int WIDTH = TimePlot.WIDTH;
  static final int TOP = 22;
  private static final int AXIS = 26;
  private static final int MAX_BIN_ELEMENTS = 8000;

  private TimelineSvg() {}

  public static String render(RunData run) {
    long start = run.startTime();
    double span = Math.max(1e-3, (run.endTime() - start) / 1e6);
    Lanes.Layout layout = Lanes.of(run.ops());
    Map<Integer, Integer> lanes = layout.lane();
    int n = Math.max(1, layout.count());
    double laneH = n <= 12 ? 22 : n <= 40 ? 16 : Math.max(3, 640.0 / n);
    double height = TOP + n * laneH + AXIS;
    Frame f = new Frame(start, span, laneH);

    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<svg id=\"timeline\" class=\"timeline\" viewBox=\"0 0 ")
        .append(LEFT + WIDTH + 10)
        .append(' ')
        .append(num(height))
        .append("\" data-left=\"")
        .append(LEFT)
        .append("\" data-width=\"")
        .append(WIDTH)
        .append("\" data-span=\"")
        .append(num3(span))
        .append("\" data-top=\"")
        .append(TOP)
        .append("\" data-lane-h=\"")
        .append(num(laneH))
        .append("\" data-max-bars=\"")
        .append(MAX_BARS)
        .append("\" data-max-bins=\"")
        .append(MAX_BIN_ELEMENTS)
        .append("\" data-plot-height=\"")
        .append(num(n * laneH))
        .append("\" role=\"img\" aria-label=\"timeline of operations\">\n");
    b.append("<defs><clipPath id=\"tl-clip\"><rect x=\"")
        .append(LEFT)
        .append("\" y=\"0\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(num(height))
        .append("\"/></clipPath>")
        .append("<g id=\"m-ok\"><circle r=\"2.6\" fill=\"")
        .append(Palette.OK)
        .append("\"/></g>")
        .append("<g id=\"m-fail\"><path d=\"M-3,-3L3,3M-3,3L3,-3\" stroke=\"")
        .append(Palette.FAIL)
        .append("\" stroke-width=\"1.8\"/></g>")
        .append("<g id=\"m-info\"><path d=\"M0,-3.5L3.5,0L0,3.5L-3.5,0Z\" fill=\"white\" stroke=\"")
        .append(Palette.INFO)
        .append("\" stroke-width=\"1.4\"/></g></defs>\n");
    Map<Integer, String> readers = replicaProcesses(run.ops());
    // Lane backgrounds and labels.
    b.append("<g class=\"lanes\">");
    for (int l = 0; l < layout.count(); l++) {
      double y = TOP + l * laneH;
      if (l % 2 == 1) {
        b.append("<rect x=\"")
            .append(LEFT)
            .append("\" y=\"")
            .append(num(y))
            .append("\" width=\"")
            .append(WIDTH)
            .append("\" height=\"")
            .append(num(laneH))
            .append("\" fill=\"#f6f7f9\"/>");
      }
      if (laneH >= 9 || l % Math.max(1, (int) Math.ceil(9 / laneH)) == 0) {
        List<Integer> processes = layout.processes().get(l);
        int first = processes.get(0);
        b.append("<text x=\"")
            .append(LEFT - 6)
            .append("\" y=\"")
            .append(num(y + laneH / 2 + 4))
            .append("\" text-anchor=\"end\" class=\"lane-label\">")
            .append(esc(layout.label(l)))
            .append(readers.containsKey(first) ? " " + esc(readers.get(first)) : "");
        if (processes.size() > 1) {
          b.append("<title>processes ")
              .append(
                  processes.stream()
                      .map(String::valueOf)
                      .collect(java.util.stream.Collectors.joining(", ")))
              .append(
                  ": a process whose op had an unknown outcome never invokes again; the next one takes its place</title>");
        }
        b.append("</text>");
      }
    }
    b.append("</g>\n<g clip-path=\"url(#tl-clip)\">\n");
    bands(run.bands(), f, n, b);
    boolean binned = run.ops().size() > MAX_BARS;
    b.append("<g class=\"ops\">\n");
    if (binned) {
      // The script replaces these bins with ops drawn one by one (or re-binned) for the window.
      b.append("<g id=\"tl-static\">\n");
      bins(run.ops(), layout, f, b);
      b.append("</g>\n<g id=\"tl-dyn\"></g>\n");
    } else {
      for (DrawnOp op : run.ops()) {
        if (!run.counterexample().contains(op.invokeIndex())
            && !run.counterexample().contains(op.completeIndex())) {
          bar(
              op,
              lanes.get(op.process()),
              f,
              false,
              run.linearized().contains(op.invokeIndex()),
              b);
        }
      }
    }
    for (DrawnOp op : run.ops()) {
      if (run.counterexample().contains(op.invokeIndex())
          || run.counterexample().contains(op.completeIndex())) {
        bar(op, lanes.get(op.process()), f, true, false, b);
      }
    }
    b.append("</g>\n</g>\n");
    b.append("<g id=\"tl-axis\" class=\"axis\" transform=\"translate(0,")
        .append(num(TOP + n * laneH))
        .append(")\">");
    b.append("<line x1=\"")
        .append(LEFT)
        .append("\" x2=\"")
        .append(LEFT + WIDTH)
        .append("\" y1=\"0\" y2=\"0\" stroke=\"#888\"/>");
    for (double t : Ticks.nice(0, span / 1000, 10)) {
      double x = LEFT + t * 1000 / span * WIDTH;
      b.append("<line x1=\"")
          .append(num(x))
          .append("\" x2=\"")
          .append(num(x))
          .append("\" y1=\"0\" y2=\"4\" stroke=\"#888\"/>")
          .append("<text x=\"")
          .append(num(x))
          .append("\" y=\"16\" text-anchor=\"middle\">")
          .append(Ticks.label(t))
          .append("s</text>");
    }
    b.append("</g>\n</svg>\n");
    if (binned) {
      b.append("<script type=\"application/json\" id=\"tl-ops\">")
          .append(OpData.json(run.ops(), start, layout))
          .append("</script>\n");
      b.append("<p class=\"note\" id=\"tl-note\">")
          .append(run.ops().size())
          .append(
              " ops: too many to draw one by one, so each lane shows ops binned by invoke time (darker = more ops; a red or amber foot: some failed or had an unknown outcome; hover for counts); zoom in to a window of at most ")
          .append(MAX_BARS)
          .append(" ops and they are drawn one by one")
          .append(
              run.counterexample().isEmpty()
                  ? ""
                  : "; counterexample ops are still drawn one by one")
          .append(".</p>\n");
    }
    return b.toString();
  }

  /**
   * Processes whose every op went to one node other than the one most writes went to (the replica
   * readers), with that node, so their lanes say where they read.
   */
  static Map<Integer, String> replicaProcesses(List<DrawnOp> ops) {
    Map<String, Integer> writes = new TreeMap<>();
    Map<Integer, String> node = new TreeMap<>();
    for (DrawnOp op : ops) {
      if (!op.f().equals("read") && op.node() != null) writes.merge(op.node(), 1, Integer::sum);
      String n = op.node() == null ? "" : op.node();
      node.merge(op.process(), n, (a, b) -> a.equals(b) ? a : "");
    }
    String master =
        writes.entrySet().stream()
            .max(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey)
            .orElse(null);
    Map<Integer, String> out = new TreeMap<>();
    node.forEach(
        (p, n) -> {
          if (master != null && !n.isEmpty() && !n.equals(master)) out.put(p, n);
        });
    return out;
  }

  /** Maps times to the initial (whole-run) view; the script recomputes the same on zoom. */
  private record Frame(long start, double span, double laneH) {
    double ms(long nanos) {
      return (nanos - start) / 1e6;
    }

    double x(double ms) {
      return LEFT + ms / span * WIDTH;
    }

    double w(double a, double b) {
      return Math.max(0.8, (b - a) / span * WIDTH);
    }
  }

  private static void bands(List<NemesisBand> bands, Frame f, int lanes, StringBuilder b) {
    b.append("<g class=\"bands\">\n");
    int k = 1;
    for (NemesisBand band : bands) {
      double a = f.ms(band.start());
      double e = f.ms(band.end());
      String title =
          "F"
              + k
              + ": "
              + band.description()
              + " ("
              + Html.duration((band.end() - band.start()))
              + (band.stopped() ? "" : ", never stopped")
              + ")";
      b.append("<rect class=\"nemesis-band\" data-a=\"")
          .append(num3(a))
          .append("\" data-b=\"")
          .append(num3(e))
          .append("\" x=\"")
          .append(num(f.x(a)))
          .append("\" y=\"")
          .append(TOP - 20)
          .append("\" width=\"")
          .append(num(f.w(a, e)))
          .append("\" height=\"")
          .append(num(lanes * f.laneH() + 20))
          .append("\"><title>")
          .append(esc(title))
          .append("</title></rect>");
      b.append("<text class=\"band-label\" data-m=\"")
          .append(num3(a))
          .append("\" data-e=\"")
          .append(num3(e))
          .append("\" data-y=\"")
          .append(TOP - 8)
          .append("\" transform=\"translate(")
          .append(num(f.x(a) + 3))
          .append(',')
          .append(TOP - 8)
          .append(")\">F")
          .append(k)
          .append(' ')
          .append(esc(shorten(band.description(), 28)))
          .append("</text>\n");
      k++;
    }
    b.append("</g>\n");
  }

  private static void bar(
      DrawnOp op, int lane, Frame f, boolean highlight, boolean lin, StringBuilder b) {
    double a = f.ms(op.invokeTime());
    double e = f.ms(op.completeTime());
    double y = TOP + lane * f.laneH();
    double h = Math.max(2, f.laneH() * 0.5);
    String title =
        "p"
            + op.process()
            + " "
            + op.f()
            + (op.key() == null ? "" : " " + op.key())
            + (op.value().isEmpty() ? "" : " " + op.value())
            + " → "
            + op.type()
            + (op.error() == null ? "" : " (" + op.error() + ")")
            + ", "
            + Html.duration(op.latencyNanos())
            + " [index "
            + op.invokeIndex()
            + (op.completeIndex() >= 0 ? "–" + op.completeIndex() : "")
            + "]"
            + (op.node() == null ? "" : " on " + op.node());
    b.append("<rect class=\"op ")
        .append(op.type())
        .append(highlight ? " cx" : lin ? " lin" : "")
        .append("\" data-index=\"")
        .append(op.invokeIndex())
        .append("\" data-a=\"")
        .append(num3(a))
        .append("\" data-b=\"")
        .append(num3(e))
        .append("\" x=\"")
        .append(num(f.x(a)))
        .append("\" y=\"")
        .append(num(y + (f.laneH() - h) / 2))
        .append("\" width=\"")
        .append(num(f.w(a, e)))
        .append("\" height=\"")
        .append(num(h))
        .append("\"><title>")
        .append(esc(title))
        .append("</title></rect>");
    double my = y + f.laneH() / 2;
    if (highlight) {
      b.append("<circle class=\"cx-halo\" r=\"7\" data-m=\"")
          .append(num3(e))
          .append("\" data-y=\"")
          .append(num(my))
          .append("\" transform=\"translate(")
          .append(num(f.x(e)))
          .append(',')
          .append(num(my))
          .append(")\"/>");
    }
    b.append("<use href=\"#m-")
        .append(op.type())
        .append("\" data-m=\"")
        .append(num3(e))
        .append("\" data-y=\"")
        .append(num(my))
        .append("\" transform=\"translate(")
        .append(num(f.x(e)))
        .append(',')
        .append(num(my))
        .append(")\"/>\n");
  }

  private static void bins(List<DrawnOp> ops, Lanes.Layout layout, Frame f, StringBuilder b) {
    Map<Integer, Integer> lanes = layout.lane();
    int cols = Math.max(50, Math.min(WIDTH, MAX_BIN_ELEMENTS / Math.max(1, layout.count())));
    double colMs = f.span() / cols;
    int[][][] counts = new int[layout.count()][cols][3];
    int max = 1;
    for (DrawnOp op : ops) {
      int col = (int) Math.min(cols - 1, Math.max(0, f.ms(op.invokeTime()) / colMs));
      int t =
          switch (op.type()) {
            case "ok" -> 0;
            case "fail" -> 1;
            default -> 2;
          };
      int[] c = counts[lanes.get(op.process())][col];
      c[t]++;
      max = Math.max(max, c[0] + c[1] + c[2]);
    }
    for (int lane = 0; lane < layout.count(); lane++) {
      double y = TOP + lane * f.laneH();
      for (int col = 0; col < cols; col++) {
        int[] c = counts[lane][col];
        int total = c[0] + c[1] + c[2];
        if (total == 0) continue;
        double a = col * colMs;
        double e = (col + 1) * colMs;
        b.append("<rect class=\"bin ok\" data-a=\"")
            .append(num3(a))
            .append("\" data-b=\"")
            .append(num3(e))
            .append("\" x=\"")
            .append(num(f.x(a)))
            .append("\" y=\"")
            .append(num(y + 1))
            .append("\" width=\"")
            .append(num(f.w(a, e)))
            .append("\" height=\"")
            .append(num(Math.max(1, f.laneH() - 2)))
            .append("\" fill-opacity=\"")
            .append(String.format(Locale.ROOT, "%.2f", 0.2 + 0.6 * total / max))
            .append("\"><title>")
            .append(esc(layout.label(lane)))
            .append(": ")
            .append(total)
            .append(" ops, ")
            .append(c[1])
            .append(" fail, ")
            .append(c[2])
            .append(" info</title></rect>");
        // Failed and unknown ops get a strip at the lane's foot, so a few of them neither vanish
        // nor paint the whole cell.
        if (c[1] + c[2] > 0) {
          double h = Math.max(1.5, (f.laneH() - 2) * 0.35);
          b.append("<rect class=\"bin ")
              .append(c[1] > 0 ? "fail" : "info")
              .append("\" data-a=\"")
              .append(num3(a))
              .append("\" data-b=\"")
              .append(num3(e))
              .append("\" x=\"")
              .append(num(f.x(a)))
              .append("\" y=\"")
              .append(num(y + f.laneH() - 1 - h))
              .append("\" width=\"")
              .append(num(f.w(a, e)))
              .append("\" height=\"")
              .append(num(h))
              .append("\"/>");
        }
      }
      b.append('\n');
    }
  }

  private static String num3(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
