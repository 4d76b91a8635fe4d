package io.replicheck.server.core;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/** Number parsing and formatting with redis's rules (util.c string2ll, ld2string). */
public final class Numbers {
  private Numbers() {}

  private static final byte[][] SMALL = new byte[10000][];

  static {
    for (int i = 0; i < SMALL.length; i++) {
      SMALL[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
    }
  }

  public static byte[] toBytes(long v) {
    if (v >= 0 && v < SMALL.length) {
      return SMALL[(int) v];
    }
    return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
  }

  /** string2ll: optional '-', no leading zeros or '+', no spaces, fits a long. */
  public static boolean isCanonicalLong(byte[] b) {
    return parseLongStrict(b, NOT_A_LONG) != NOT_A_LONG || isMinLong(b);
  }

  private static boolean isMinLong(byte[] b) {
    return new String(b, StandardCharsets.US_ASCII).equals("-9223372036854775808");
  }

  /** Sentinel for {@link #parseLongStrict}. */
  public static final long NOT_A_LONG = Long.MIN_VALUE;

  /**
   * string2ll; returns {@code fail} when b is not a canonical long. Long.MIN_VALUE itself can only
   * be told apart from failure with {@link #isCanonicalLong}.
   */
  public static long parseLongStrict(byte[] b, long fail) {
    int n = b.length;
    if (n == 0 || n > 20) {
      return fail;
    }
    if (n == 1 && b[0] == '0') {
      return 0;
    }
    int i = 0;
    boolean neg = false;
    if (b[0] == '-') {
      neg = true;
      i = 1;
      if (n == 1) {
        return fail;
      }
    }
    if (b[i] < '1' || b[i] > '9') {
      return fail;
    }
    long v = 0; // accumulated negatively so Long.MIN_VALUE fits
    for (; i < n; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return fail;
      }
      if (v < (Long.MIN_VALUE + d) / 10) {
        return fail;
      }
      v = v * 10 - d;
    }
    if (neg) {
      return v;
    }
    return v == Long.MIN_VALUE ? fail : -v;
  }

  /** Parses a command argument as redis's getLongLongFromObject; null if not an integer. */
  public static Long parseLong(byte[] b) {
    if (isMinLong(b)) {
      return Long.MIN_VALUE;
    }
    long v = parseLongStrict(b, NOT_A_LONG);
    return v == NOT_A_LONG ? null : v;
  }

  /** strtold-like parse for INCRBYFLOAT and timeouts; null when not a valid finite number. */
  public static Double parseDouble(byte[] b) {
    if (b.length == 0 || b.length > 5000) {
      return null;
    }
    String s = new String(b, StandardCharsets.US_ASCII);
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) <= ' ') {
        return null; // strtold stops at a space or NUL; Java's parseDouble would trim them
      }
    }
    String l = s.toLowerCase();
    if (l.equals("inf") || l.equals("+inf") || l.equals("infinity") || l.equals("+infinity")) {
      return Double.POSITIVE_INFINITY;
    }
    if (l.equals("-inf") || l.equals("-infinity")) {
      return Double.NEGATIVE_INFINITY;
    }
    if (l.contains("nan")
        || l.endsWith("d")
        || l.endsWith("f")
        || l.startsWith("0x")
        || l.contains("_")) {
      return null;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * redis's ld2string in LD_STR_HUMAN mode ("%.17Lf" with trailing zeros removed): used by
   * INCRBYFLOAT and HINCRBYFLOAT replies and stored values.
   */
  public static String formatHuman(BigDecimal v) {
    BigDecimal r = v.setScale(17, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros();
    String s = r.toPlainString();
    if (s.equals("-0")) {
      return "0";
    }
    return s;
  }
}
