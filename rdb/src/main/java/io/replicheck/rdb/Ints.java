package io.replicheck.rdb;

import java.nio.charset.StandardCharsets;

/**
 * Redis's notion of "a string that is an integer": the canonical decimal form of a signed 64-bit
 * value (string2ll: no sign but '-', no leading zeros, no "-0", at most 20 characters).
 */
public final class Ints {
  private Ints() {}

  /** Whether {@code s} is the canonical decimal form of a long. */
  public static boolean isCanonical(byte[] s) {
    return parse(s, 0, s.length, null);
  }

  /**
   * Parses the canonical decimal form of a long from {@code s[off..off+len)}.
   *
   * @param out if not null and the parse succeeds, {@code out[0]} receives the value
   * @return whether the bytes are a canonical long
   */
  public static boolean parse(byte[] s, int off, int len, long[] out) {
    if (len == 0 || len > 20) {
      return false;
    }
    int p = off;
    int end = off + len;
    if (len == 1 && s[p] == '0') {
      if (out != null) {
        out[0] = 0;
      }
      return true;
    }
    boolean negative = false;
    if (s[p] == '-') {
      negative = true;
      p++;
      if (p == end) {
        return false;
      }
    }
    if (s[p] < '1' || s[p] > '9') {
      return false;
    }
    // Accumulate as a negative number so that Long.MIN_VALUE fits.
    long v = 0;
    for (; p < end; p++) {
      int d = s[p] - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      if (v < Long.MIN_VALUE / 10) {
        return false;
      }
      long times10 = v * 10;
      if (times10 < Long.MIN_VALUE + d) {
        return false;
      }
      v = times10 - d;
    }
    if (!negative) {
      if (v == Long.MIN_VALUE) {
        return false;
      }
      v = -v;
    }
    if (out != null) {
      out[0] = v;
    }
    return true;
  }

  /** The decimal bytes of {@code v}, as ll2string writes them. */
  public static byte[] toBytes(long v) {
    return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
  }
}
