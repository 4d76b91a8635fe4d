package io.replicheck.rdb;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Doubles as redis 7.0 prints and parses them: C's {@code %.17g} (replies, DEBUG DIGEST of sorted
 * sets, listpack scores) and the 8-byte binary form of ZSET_2.
 */
public final class Doubles {
  private Doubles() {}

  private static final MathContext SEVENTEEN = new MathContext(17, RoundingMode.HALF_EVEN);

  /**
   * C's {@code printf("%.17g", d)} as glibc prints it: 17 significant digits from the exact binary
   * value (round half even), trailing zeros removed, exponent form below 1e-4 and from 1e17 on;
   * {@code inf}, {@code -inf}, {@code nan}, {@code -0}.
   */
  public static String formatG17(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    BigDecimal r = new BigDecimal(d).round(SEVENTEEN).stripTrailingZeros();
    int exp = r.precision() - r.scale() - 1;
    if (exp >= -4 && exp < 17) {
      return r.toPlainString();
    }
    String digits = r.unscaledValue().abs().toString();
    StringBuilder b = new StringBuilder();
    if (r.signum() < 0) {
      b.append('-');
    }
    b.append(digits.charAt(0));
    if (digits.length() > 1) {
      b.append('.').append(digits, 1, digits.length());
    }
    b.append('e').append(exp < 0 ? '-' : '+');
    int a = Math.abs(exp);
    if (a < 10) {
      b.append('0');
    }
    return b.append(a).toString();
  }

  /**
   * A listpack score as text (redis 7.0's d2string via zzlInsertAt): what {@link #formatG17} gives,
   * except that a zero is written "0" (the listpack stores it as the integer 0).
   */
  public static String listpackScore(double d) {
    if (d == 0) {
      return "0";
    }
    return formatG17(d);
  }

  /**
   * strtod as redis uses it for scores read back from text (listpacks, ZSET type 3): decimal or
   * "inf"/"-inf"/"nan" forms; null if it is not a number.
   */
  public static Double parse(byte[] s) {
    String t = new String(s, java.nio.charset.StandardCharsets.US_ASCII).trim();
    String l = t.toLowerCase(java.util.Locale.ROOT);
    switch (l) {
      case "inf", "+inf", "infinity", "+infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf", "-infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "nan", "-nan", "+nan" -> {
        return Double.NaN;
      }
      default -> {}
    }
    if (l.isEmpty() || l.endsWith("d") || l.endsWith("f") || l.contains("x") || l.contains("_")) {
      return null;
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
