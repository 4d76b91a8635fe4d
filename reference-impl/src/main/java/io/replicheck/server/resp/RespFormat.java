package io.replicheck.server.resp;

import java.math.BigDecimal;

/** Number formatting as redis prints it. */
public final class RespFormat {
  private RespFormat() {}

  /** redis's {@code %.17g} for RESP3 doubles, with inf/-inf/nan as redis writes them. */
  public static String formatDouble(double d) {
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e17) {
      return Long.toString((long) d);
    }
    String s =
        new BigDecimal(d).round(new java.math.MathContext(17)).stripTrailingZeros().toPlainString();
    return s;
  }
}
