package io.replicheck.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the zipmap layout (zipmap.c, RDB before version 4 era small hashes): a 1-byte count, then
 * per pair a length, key, a length, a 1-byte free count, value and free padding; 0xFF ends it.
 * Lengths are 1 byte, or 254 followed by 4 bytes little-endian.
 */
public final class Zipmap {
  private Zipmap() {}

  /** Decodes to alternating field, value. */
  public static List<byte[]> decode(byte[] zm) {
    if (zm.length < 2) {
      throw new IllegalArgumentException("zipmap shorter than its header");
    }
    List<byte[]> out = new ArrayList<>();
    int p = 1;
    while (true) {
      if (p >= zm.length) {
        throw new IllegalArgumentException("zipmap not terminated");
      }
      if ((zm[p] & 0xff) == 0xff) {
        break;
      }
      int[] pos = {p};
      int klen = len(zm, pos);
      byte[] key = slice(zm, pos[0], klen);
      pos[0] += klen;
      int vlen = len(zm, pos);
      if (pos[0] >= zm.length) {
        throw new IllegalArgumentException("zipmap entry overflows the blob");
      }
      int free = zm[pos[0]] & 0xff;
      pos[0]++;
      byte[] value = slice(zm, pos[0], vlen);
      pos[0] += vlen;
      if ((long) pos[0] + free > zm.length) {
        throw new IllegalArgumentException("zipmap entry overflows the blob");
      }
      p = pos[0] + free;
      out.add(key);
      out.add(value);
    }
    if (p != zm.length - 1) {
      throw new IllegalArgumentException("zipmap has trailing bytes");
    }
    return out;
  }

  private static int len(byte[] zm, int[] pos) {
    int p = pos[0];
    if (p >= zm.length) {
      throw new IllegalArgumentException("zipmap entry overflows the blob");
    }
    int b = zm[p] & 0xff;
    if (b < 254) {
      pos[0] = p + 1;
      return b;
    }
    if (b == 254 && p + 5 <= zm.length) {
      long l = Listpack.u32(zm, p + 1);
      if (l > zm.length) {
        throw new IllegalArgumentException("zipmap length overflows the blob");
      }
      pos[0] = p + 5;
      return (int) l;
    }
    throw new IllegalArgumentException("bad zipmap length");
  }

  private static byte[] slice(byte[] b, int from, int len) {
    if (from + (long) len > b.length) {
      throw new IllegalArgumentException("zipmap entry overflows the blob");
    }
    byte[] v = new byte[len];
    System.arraycopy(b, from, v, 0, len);
    return v;
  }
}
