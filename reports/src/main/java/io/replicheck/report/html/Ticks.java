package io.replicheck.report.html;

import java.util.ArrayList;
import java.util.List;

/** "Nice" axis ticks (1, 2, 5 times a power of ten), as plotting libraries choose them. */
public final class Ticks {
  private Ticks() {}

  public static List<Double> nice(double min, double max, int wanted) {
    List<Double> out = new ArrayList<>();
    if (!(max > min)) {
      out.add(min);
      return out;
    }
    double raw = (max - min) / Math.max(1, wanted);
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step =
        raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
    for (double t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) out.add(t);
    return out;
  }

  /** A large count for an axis: 950, 12k, 2.5M, 1.2G (bytes of offset, say). */
  public static String compact(double v) {
    double a = Math.abs(v);
    if (a < 10_000) return label(v);
    if (a < 1e6) return label(Math.round(v / 100) / 10.0) + "k";
    if (a < 1e9) return label(Math.round(v / 1e5) / 10.0) + "M";
    return label(Math.round(v / 1e8) / 10.0) + "G";
  }

  /** A tick label without trailing zeros. */
  public static String label(double v) {
    if (Math.abs(v - Math.rint(v)) < 1e-9) return Long.toString(Math.round(v));
    String s = String.format(java.util.Locale.ROOT, "%.3f", v);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
