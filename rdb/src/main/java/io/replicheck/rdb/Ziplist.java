package io.replicheck.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the ziplist layout (ziplist.c) that RDB versions before 10 used for small lists and hashes
 * and for quicklist nodes: zlbytes, zltail, zllen, entries of prevlen + encoding + data, 0xFF. Only
 * decoding: redis 7.0 no longer writes ziplists.
 */
public final class Ziplist {
  private Ziplist() {}

  /**
   * Decodes a ziplist; integers come back as decimal strings.
   *
   * @throws IllegalArgumentException when the blob is not a well-formed ziplist
   */
  public static List<byte[]> decode(byte[] zl) {
    if (zl.length < 11) {
      throw new IllegalArgumentException("ziplist shorter than its header");
    }
    long total = Listpack.u32(zl, 0);
    if (total != zl.length) {
      throw new IllegalArgumentException(
          "ziplist header says " + total + " bytes, blob has " + zl.length);
    }
    int declared = (zl[8] & 0xff) | (zl[9] & 0xff) << 8;
    int end = zl.length - 1;
    if ((zl[end] & 0xff) != 0xff) {
      throw new IllegalArgumentException("ziplist does not end with 0xFF");
    }
    List<byte[]> out = new ArrayList<>(Math.min(declared, 1024));
    int p = 10;
    while (p < end) {
      // prevlen: 1 byte, or 0xFE + 4 bytes
      int pl = zl[p] & 0xff;
      if (pl == 0xff) {
        throw new IllegalArgumentException("ziplist entry with prevlen 0xFF");
      }
      p += pl == 0xfe ? 5 : 1;
      if (p >= end) {
        throw new IllegalArgumentException("ziplist entry overflows the blob");
      }
      int enc = zl[p] & 0xff;
      byte[] value;
      switch (enc >> 6) {
        case 0 -> {
          int len = enc & 0x3f;
          value = slice(zl, p + 1, len, end);
          p += 1 + len;
        }
        case 1 -> {
          need(p, 2, end);
          int len = ((enc & 0x3f) << 8) | (zl[p + 1] & 0xff);
          value = slice(zl, p + 2, len, end);
          p += 2 + len;
        }
        case 2 -> {
          need(p, 5, end);
          long len =
              (zl[p + 1] & 0xffL) << 24
                  | (zl[p + 2] & 0xffL) << 16
                  | (zl[p + 3] & 0xffL) << 8
                  | (zl[p + 4] & 0xffL);
          if (len > end - p - 5) {
            throw new IllegalArgumentException("ziplist string entry overflows the blob");
          }
          value = slice(zl, p + 5, (int) len, end);
          p += 5 + (int) len;
        }
        default -> {
          int n;
          long v;
          if (enc == 0xc0) {
            n = 2;
          } else if (enc == 0xd0) {
            n = 4;
          } else if (enc == 0xe0) {
            n = 8;
          } else if (enc == 0xf0) {
            n = 3;
          } else if (enc == 0xfe) {
            n = 1;
          } else if (enc >= 0xf1 && enc <= 0xfd) {
            n = 0;
          } else {
            throw new IllegalArgumentException(
                "bad ziplist entry encoding 0x" + Integer.toHexString(enc));
          }
          need(p, 1 + n, end);
          if (n == 0) {
            v = (enc & 0x0f) - 1;
          } else {
            v = 0;
            for (int i = 0; i < n; i++) {
              v |= (zl[p + 1 + i] & 0xffL) << (8 * i);
            }
            int shift = 64 - 8 * n;
            v = (v << shift) >> shift;
          }
          value = Ints.toBytes(v);
          p += 1 + n;
        }
      }
      out.add(value);
    }
    if (declared != 0xffff && declared != out.size()) {
      throw new IllegalArgumentException(
          "ziplist header says " + declared + " entries, found " + out.size());
    }
    return out;
  }

  private static void need(int p, int n, int end) {
    if (p + n > end) {
      throw new IllegalArgumentException("ziplist entry overflows the blob");
    }
  }

  private static byte[] slice(byte[] b, int from, int len, int end) {
    if (from + (long) len > end) {
      throw new IllegalArgumentException("ziplist string entry overflows the blob");
    }
    byte[] v = new byte[len];
    System.arraycopy(b, from, v, 0, len);
    return v;
  }
}
