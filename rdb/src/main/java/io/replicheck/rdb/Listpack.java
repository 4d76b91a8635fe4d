package io.replicheck.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * The listpack layout (redis 7.0 listpack.c): a 4-byte total length and a 2-byte element count
 * (65535 = unknown), entries of encoding + data + reverse-encoded entry length, and 0xFF. Integers
 * (canonical decimal strings) are stored in the smallest integer encoding.
 */
public final class Listpack {
  static final int HEADER_SIZE = 6;
  private static final int EOF = 0xff;
  private static final int NUMELE_UNKNOWN = 65535;

  private Listpack() {}

  /** Builds listpacks entry by entry; {@link #bytes()} then yields the finished blob. */
  static final class Builder {
    private final ByteSink sink;
    private int count;
    private final long[] parsed = new long[1];

    Builder(int initial) {
      sink = new ByteSink(initial);
      reset();
    }

    void reset() {
      sink.reset();
      sink.putLe(0, 4);
      sink.putLe(0, 2);
      count = 0;
    }

    /** The size the listpack has now, with its terminator (redis's lpBytes). */
    long bytes() {
      return sink.size() + 1L;
    }

    int count() {
      return count;
    }

    void append(byte[] s) {
      int start = sink.size();
      if (Ints.parse(s, 0, s.length, parsed)) {
        appendInt(parsed[0]);
      } else {
        int len = s.length;
        if (len < 64) {
          sink.put(0x80 | len);
        } else if (len < 4096) {
          sink.put(0xe0 | (len >> 8));
          sink.put(len & 0xff);
        } else {
          sink.put(0xf0);
          sink.putLe(len, 4);
        }
        sink.put(s, 0, len);
      }
      appendBacklen(sink.size() - start);
      count++;
    }

    private void appendInt(long v) {
      if (v >= 0 && v <= 127) {
        sink.put((int) v);
      } else if (v >= -4096 && v <= 4095) {
        long u = v < 0 ? (1 << 13) + v : v;
        sink.put((int) ((u >> 8) | 0xc0));
        sink.put((int) (u & 0xff));
      } else if (v >= -32768 && v <= 32767) {
        sink.put(0xf1);
        sink.putLe(v, 2);
      } else if (v >= -8388608 && v <= 8388607) {
        sink.put(0xf2);
        sink.putLe(v, 3);
      } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
        sink.put(0xf3);
        sink.putLe(v, 4);
      } else {
        sink.put(0xf4);
        sink.putLe(v, 8);
      }
    }

    private void appendBacklen(long l) {
      if (l <= 127) {
        sink.put((int) l);
      } else if (l < 16383) {
        sink.put((int) (l >> 7));
        sink.put((int) ((l & 127) | 128));
      } else if (l < 2097151) {
        sink.put((int) (l >> 14));
        sink.put((int) (((l >> 7) & 127) | 128));
        sink.put((int) ((l & 127) | 128));
      } else if (l < 268435455) {
        sink.put((int) (l >> 21));
        sink.put((int) (((l >> 14) & 127) | 128));
        sink.put((int) (((l >> 7) & 127) | 128));
        sink.put((int) ((l & 127) | 128));
      } else {
        sink.put((int) (l >> 28));
        sink.put((int) (((l >> 21) & 127) | 128));
        sink.put((int) (((l >> 14) & 127) | 128));
        sink.put((int) (((l >> 7) & 127) | 128));
        sink.put((int) ((l & 127) | 128));
      }
    }

    /** Terminates the listpack and fills in the header; the builder must be reset before reuse. */
    ByteSink finish() {
      sink.put(EOF);
      sink.setLe32(0, sink.size());
      sink.setLe16(4, count < NUMELE_UNKNOWN ? count : NUMELE_UNKNOWN);
      return sink;
    }
  }

  /**
   * The bytes one element takes in a listpack (encoding, data, back-length), as lpAppend stores it.
   */
  public static int elementSize(byte[] s) {
    long[] parsed = new long[1];
    if (Ints.parse(s, 0, s.length, parsed)) {
      return intElementSize(parsed[0]);
    }
    int len = s.length;
    int l = len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len;
    return l + backlenSize(l);
  }

  /** The bytes an integer element takes in a listpack. */
  public static int intElementSize(long v) {
    int l;
    if (v >= 0 && v <= 127) {
      l = 1;
    } else if (v >= -4096 && v <= 4095) {
      l = 2;
    } else if (v >= -32768 && v <= 32767) {
      l = 3;
    } else if (v >= -8388608 && v <= 8388607) {
      l = 4;
    } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      l = 5;
    } else {
      l = 9;
    }
    return l + backlenSize(l);
  }

  /** Encodes {@code elements} as one listpack. */
  public static byte[] encode(List<byte[]> elements) {
    Builder b = new Builder(64);
    for (byte[] e : elements) {
      b.append(e);
    }
    return b.finish().toByteArray();
  }

  private static int backlenSize(long l) {
    if (l <= 127) {
      return 1;
    } else if (l < 16383) {
      return 2;
    } else if (l < 2097151) {
      return 3;
    } else if (l < 268435455) {
      return 4;
    }
    return 5;
  }

  /**
   * Decodes a listpack; integers come back as their decimal strings.
   *
   * @throws IllegalArgumentException when the blob is not a well-formed listpack
   */
  public static List<byte[]> decode(byte[] lp) {
    if (lp.length < HEADER_SIZE + 1) {
      throw new IllegalArgumentException("listpack shorter than its header");
    }
    long total = u32(lp, 0);
    if (total != lp.length) {
      throw new IllegalArgumentException(
          "listpack header says " + total + " bytes, blob has " + lp.length);
    }
    int declared = (lp[4] & 0xff) | (lp[5] & 0xff) << 8;
    List<byte[]> out = new ArrayList<>(Math.min(declared, 1024));
    int p = HEADER_SIZE;
    int end = lp.length - 1;
    if ((lp[end] & 0xff) != EOF) {
      throw new IllegalArgumentException("listpack does not end with 0xFF");
    }
    while (p < end) {
      int b = lp[p] & 0xff;
      int start = p;
      byte[] value;
      if ((b & 0x80) == 0) {
        value = Ints.toBytes(b);
        p += 1;
      } else if ((b & 0xc0) == 0x80) {
        int len = b & 0x3f;
        value = slice(lp, p + 1, len, end);
        p += 1 + len;
      } else if ((b & 0xe0) == 0xc0) {
        need(lp, p, 2, end);
        int u = ((b & 0x1f) << 8) | (lp[p + 1] & 0xff);
        value = Ints.toBytes(u >= (1 << 12) ? u - (1 << 13) : u);
        p += 2;
      } else if ((b & 0xf0) == 0xe0) {
        need(lp, p, 2, end);
        int len = ((b & 0x0f) << 8) | (lp[p + 1] & 0xff);
        value = slice(lp, p + 2, len, end);
        p += 2 + len;
      } else if (b == 0xf0) {
        need(lp, p, 5, end);
        long len = u32(lp, p + 1);
        if (len > end - p - 5) {
          throw new IllegalArgumentException("listpack string entry overflows the blob");
        }
        value = slice(lp, p + 5, (int) len, end);
        p += 5 + (int) len;
      } else if (b >= 0xf1 && b <= 0xf4) {
        int n = b == 0xf1 ? 2 : b == 0xf2 ? 3 : b == 0xf3 ? 4 : 8;
        need(lp, p, 1 + n, end);
        long v = 0;
        for (int i = 0; i < n; i++) {
          v |= (lp[p + 1 + i] & 0xffL) << (8 * i);
        }
        int shift = 64 - 8 * n;
        v = (v << shift) >> shift; // sign-extend
        value = Ints.toBytes(v);
        p += 1 + n;
      } else {
        throw new IllegalArgumentException(
            "bad listpack entry encoding 0x" + Integer.toHexString(b));
      }
      int entryLen = p - start;
      int bl = backlenSize(entryLen);
      if (p + bl > end) {
        throw new IllegalArgumentException("listpack entry back-length overflows the blob");
      }
      p += bl;
      out.add(value);
    }
    if (declared != NUMELE_UNKNOWN && declared != out.size()) {
      throw new IllegalArgumentException(
          "listpack header says " + declared + " entries, found " + out.size());
    }
    return out;
  }

  private static void need(byte[] lp, int p, int n, int end) {
    if (p + n > end) {
      throw new IllegalArgumentException("listpack entry overflows the blob");
    }
  }

  private static byte[] slice(byte[] lp, int from, int len, int end) {
    if (len < 0 || from + (long) len > end) {
      throw new IllegalArgumentException("listpack string entry overflows the blob");
    }
    byte[] v = new byte[len];
    System.arraycopy(lp, from, v, 0, len);
    return v;
  }

  static long u32(byte[] b, int p) {
    return (b[p] & 0xffL)
        | (b[p + 1] & 0xffL) << 8
        | (b[p + 2] & 0xffL) << 16
        | (b[p + 3] & 0xffL) << 24;
  }
}
