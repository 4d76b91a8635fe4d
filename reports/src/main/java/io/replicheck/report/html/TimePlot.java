package io.replicheck.report.html;

import static io.replicheck.report.html.Html.esc;
import static io.replicheck.report.html.Html.num;

import io.replicheck.report.data.NemesisBand;
import io.replicheck.report.data.RunData;

/**
 * The frame shared by the plots over run time (latency, offsets, lag, staleness), so they follow
 * the timeline's zoom window. Their data sits in a clipped group: lines and fault shades inside a
 * {@code zx} group that the page's script stretches with one transform (lines keep their width by
 * {@code vector-effect}), dots outside it carrying their whole-run position in {@code data-x0} so
 * the script moves them without stretching them; the time axis is redrawn by the script.
 */
final class TimePlot {
  /** Every plot over run time, the timeline included, has its data area here, so times line up. */
  static final int LEFT = 60;

  static final int WIDTH = 1100;

  private TimePlot() {}

  /**
   * Opens the svg: data area {@code left..left+width} by {@code top..top+height}, then 30 px of
   * axis.
   */
  static void open(
      String id,
      String label,
      int left,
      int width,
      int top,
      int height,
      double spanMs,
      StringBuilder b) {
    b.append("<svg id=\"")
        .append(id)
        .append("\" class=\"plot zoomable\" viewBox=\"0 0 ")
        .append(left + width + 10)
        .append(' ')
        .append(top + height + 30)
        .append("\" data-left=\"")
        .append(left)
        .append("\" data-width=\"")
        .append(width)
        .append("\" data-span=\"")
        .append(String.format(java.util.Locale.ROOT, "%.3f", spanMs))
        .append("\" role=\"img\" aria-label=\"")
        .append(esc(label))
        .append("\">\n<defs><clipPath id=\"clip-")
        .append(id)
        .append("\"><rect x=\"")
        .append(left)
        .append("\" y=\"0\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(top + height)
        .append("\"/></clipPath></defs>\n");
  }

  /** Starts the clipped data area and, inside it, the stretched group. */
  static void beginData(String id, StringBuilder b) {
    b.append("<g clip-path=\"url(#clip-").append(id).append(")\"><g class=\"zx\">\n");
  }

  /** Ends the stretched group; what follows (dots) is still clipped but moved one by one. */
  static void endStretched(StringBuilder b) {
    b.append("</g>\n");
  }

  static void endData(StringBuilder b) {
    b.append("</g>\n");
  }

  /** Faults shaded over the data area's height, in whole-run coordinates. */
  static void shades(
      RunData run, int left, int width, int top, int height, double spanMs, StringBuilder b) {
    long start = run.startTime();
    for (NemesisBand band : run.bands()) {
      double a = left + (band.start() - start) / 1e6 / spanMs * width;
      double w = Math.max(1, (band.end() - band.start()) / 1e6 / spanMs * width);
      b.append("<rect class=\"fault-shade\" x=\"")
          .append(num(a))
          .append("\" y=\"")
          .append(top)
          .append("\" width=\"")
          .append(num(w))
          .append("\" height=\"")
          .append(height)
          .append("\"><title>")
          .append(esc(band.description()))
          .append("</title></rect>");
    }
  }

  /** The time axis in seconds along {@code y}; the script replaces its labels on zoom. */
  static void axis(double spanMs, double y, int left, int width, StringBuilder b) {
    b.append("<g class=\"x-axis\" data-y=\"")
        .append(num(y))
        .append("\"><line class=\"axis-line\" x1=\"")
        .append(left)
        .append("\" x2=\"")
        .append(left + width)
        .append("\" y1=\"")
        .append(num(y))
        .append("\" y2=\"")
        .append(num(y))
        .append("\"/>");
    for (double t : Ticks.nice(0, spanMs / 1000, 10)) {
      double x = left + t * 1000 / spanMs * width;
      b.append("<text x=\"")
          .append(num(x))
          .append("\" y=\"")
          .append(num(y + 16))
          .append("\" text-anchor=\"middle\">")
          .append(Ticks.label(t))
          .append("s</text>");
    }
    b.append("</g>");
  }
}
