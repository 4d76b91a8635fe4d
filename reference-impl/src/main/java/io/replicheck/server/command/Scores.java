package io.replicheck.server.command;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Score arguments as t_zset.c reads them: C's strtod, with the checks redis adds on top. */
final class Scores {
  private Scores() {}

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final Pattern HEX =
      Pattern.compile(
          "([+-]?)0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?[0-9]+)?");
  private static final Pattern INF = Pattern.compile("[+-]?(?i)(inf|infinity)");
  private static final Pattern NAN = Pattern.compile("[+-]?(?i)nan(\\([0-9a-zA-Z_]*\\))?");

  /** Powers of ten a double holds exactly (10^22 is the last). */
  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  /**
   * The plain decimals clients send most ({@code 12}, {@code -3.25}: a sign, at most 15 digits, at
   * most one dot, no exponent), without Strings or regular expressions; NaN for anything else.
   * Exact: the digits make an integer below 2^53 and the divisor a power of ten a double holds
   * exactly, so the one division rounds correctly, as strtod does (Clinger's fast path).
   */
  private static double simpleDecimal(byte[] b) {
    int i = 0;
    boolean negative = false;
    if (b.length > 0 && (b[0] == '-' || b[0] == '+')) {
      negative = b[0] == '-';
      i = 1;
    }
    long v = 0;
    int digits = 0;
    int fraction = -1; // digits after the dot, once one is seen
    for (; i < b.length; i++) {
      int c = b[i];
      if (c >= '0' && c <= '9') {
        if (++digits > 15) {
          return Double.NaN;
        }
        v = v * 10 + (c - '0');
        if (fraction >= 0) {
          fraction++;
        }
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        return Double.NaN;
      }
    }
    if (digits == 0) {
      return Double.NaN;
    }
    double d = fraction > 0 ? v / POW10[fraction] : v;
    return negative ? -d : d;
  }

  /** strtod over the whole text (leading C whitespace skipped); null if it stops early. */
  static Double strtod(byte[] b) {
    double fast = simpleDecimal(b);
    if (!Double.isNaN(fast)) {
      return fast;
    }
    String s = new String(b, StandardCharsets.ISO_8859_1);
    int i = 0;
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    String t = s.substring(i);
    if (t.isEmpty()) {
      return i == 0 ? 0.0 : null; // nothing converted: the end pointer stays at the start
    }
    if (INF.matcher(t).matches()) {
      return t.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (NAN.matcher(t).matches()) {
      return Double.NaN;
    }
    if (DECIMAL.matcher(t).matches()) {
      return Double.parseDouble(t);
    }
    var h = HEX.matcher(t);
    if (h.matches()) {
      String exp = h.group(3) == null ? "p0" : h.group(3);
      return Double.parseDouble(h.group(1) + "0x" + h.group(2) + exp);
    }
    return null;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
  }

  /**
   * getDoubleFromObject: the whole argument a number, no leading space, not NaN, no overflow to
   * infinity or underflow to zero; null otherwise.
   */
  static Double parse(byte[] b) {
    if (b.length == 0 || isSpace((char) (b[0] & 0xff))) {
      return null;
    }
    double fast = simpleDecimal(b);
    if (!Double.isNaN(fast)) {
      return fast; // finite, and zero only when every digit is
    }
    Double d = strtod(b);
    if (d == null || d.isNaN()) {
      return null;
    }
    String s = new String(b, StandardCharsets.ISO_8859_1);
    if (d.isInfinite() && !INF.matcher(s).matches()) {
      return null; // ERANGE overflow
    }
    if (d == 0 && hasNonZeroMantissa(s)) {
      return null; // ERANGE underflow to zero
    }
    return d;
  }

  private static boolean hasNonZeroMantissa(String s) {
    boolean hex = s.toLowerCase(java.util.Locale.ROOT).contains("0x");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!hex && (c == 'e' || c == 'E')) {
        return false;
      }
      if (hex && (c == 'p' || c == 'P')) {
        return false;
      }
      if (c >= '1' && c <= '9') {
        return true;
      }
      if (hex && i > 1 && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return true;
      }
    }
    return false;
  }
}
