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

  /** strtod over the whole text (leading C whitespace skipped); null if it stops early. */
  static Double strtod(byte[] b) {
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
