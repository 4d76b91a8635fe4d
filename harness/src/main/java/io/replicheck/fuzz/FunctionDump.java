package io.replicheck.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a FUNCTION DUMP payload into its libraries: a run of RDB_OPCODE_FUNCTION2 (245) records,
 * each an RDB string (the library's code, plain or LZF-compressed), then the 2-byte RDB version and
 * the CRC64. Redis writes the records in its library dict's order, so the fuzzer compares them as a
 * set.
 */
final class FunctionDump {
  private FunctionDump() {}

  private static final int OPCODE_FUNCTION2 = 245;

  /** Each record's bytes as escaped text, or null when the payload is not such a run. */
  static List<String> records(byte[] p) {
    List<String> out = new ArrayList<>();
    int at = 0;
    int end = p.length - 10;
    while (at < end) {
      if ((p[at] & 0xff) != OPCODE_FUNCTION2) {
        return null;
      }
      int start = at;
      at = skipString(p, at + 1, end);
      if (at < 0) {
        return null;
      }
      out.add(DifferentialFuzzer.escape(Arrays.copyOfRange(p, start, at)));
    }
    return at == end ? out : null;
  }

  /** The offset after the RDB string at {@code at}, or -1 when it does not fit. */
  private static int skipString(byte[] p, int at, int end) {
    if (at >= end) {
      return -1;
    }
    int b = p[at] & 0xff;
    if ((b >> 6) == 3) {
      int kind = b & 0x3f;
      if (kind <= 2) {
        return at + 1 + (1 << kind);
      }
      if (kind != 3) {
        return -1;
      }
      long[] clen = length(p, at + 1, end); // LZF: compressed length, uncompressed length, data
      if (clen == null) {
        return -1;
      }
      long[] ulen = length(p, (int) clen[1], end);
      if (ulen == null) {
        return -1;
      }
      long next = ulen[1] + clen[0];
      return next <= end ? (int) next : -1;
    }
    long[] len = length(p, at, end);
    if (len == null) {
      return -1;
    }
    long next = len[1] + len[0];
    return next <= end ? (int) next : -1;
  }

  /** An RDB length at {@code at}: {value, offset after it}, or null. */
  private static long[] length(byte[] p, int at, int end) {
    if (at >= end) {
      return null;
    }
    int b = p[at] & 0xff;
    switch (b >> 6) {
      case 0:
        return new long[] {b & 0x3f, at + 1};
      case 1:
        return at + 1 < end ? new long[] {((b & 0x3f) << 8) | (p[at + 1] & 0xff), at + 2} : null;
      case 2:
        {
          int n = b == 0x80 ? 4 : b == 0x81 ? 8 : -1;
          if (n < 0 || at + n >= end) {
            return null;
          }
          long v = 0;
          for (int i = 1; i <= n; i++) {
            v = (v << 8) | (p[at + i] & 0xff);
          }
          return v < 0 ? null : new long[] {v, at + 1 + n};
        }
      default:
        return null;
    }
  }
}
