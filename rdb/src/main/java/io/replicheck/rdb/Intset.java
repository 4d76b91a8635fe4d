package io.replicheck.rdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The intset layout (intset.c): a 4-byte element width (2, 4 or 8), a 4-byte count, then the values
 * sorted ascending, little-endian, all of that width.
 */
public final class Intset {
  private Intset() {}

  /**
   * Encodes members that are all canonical integers, in the smallest width that holds them all.
   *
   * @throws IllegalArgumentException when a member is not a canonical integer
   */
  public static byte[] encode(List<byte[]> members) {
    long[] values = new long[members.size()];
    long[] parsed = new long[1];
    int width = 2;
    for (int i = 0; i < values.length; i++) {
      byte[] m = members.get(i);
      if (!Ints.parse(m, 0, m.length, parsed)) {
        throw new IllegalArgumentException("intset member is not an integer");
      }
      long v = parsed[0];
      values[i] = v;
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        width = 8;
      } else if ((v < Short.MIN_VALUE || v > Short.MAX_VALUE) && width < 4) {
        width = 4;
      }
    }
    Arrays.sort(values);
    ByteSink sink = new ByteSink(8 + values.length * width);
    sink.putLe(width, 4);
    sink.putLe(values.length, 4);
    for (long v : values) {
      sink.putLe(v, width);
    }
    return sink.toByteArray();
  }

  /**
   * Decodes an intset into decimal strings, in stored (ascending) order.
   *
   * @throws IllegalArgumentException when the blob is not a well-formed intset
   */
  public static List<byte[]> decode(byte[] blob) {
    if (blob.length < 8) {
      throw new IllegalArgumentException("intset shorter than its header");
    }
    long width = Listpack.u32(blob, 0);
    long count = Listpack.u32(blob, 4);
    if (width != 2 && width != 4 && width != 8) {
      throw new IllegalArgumentException("bad intset encoding " + width);
    }
    if (8 + count * width != blob.length) {
      throw new IllegalArgumentException(
          "intset of " + count + " x " + width + " bytes does not match blob of " + blob.length);
    }
    List<byte[]> out = new ArrayList<>((int) count);
    int w = (int) width;
    long prev = 0;
    for (int i = 0; i < count; i++) {
      int p = 8 + i * w;
      long v = 0;
      for (int k = 0; k < w; k++) {
        v |= (blob[p + k] & 0xffL) << (8 * k);
      }
      int shift = 64 - 8 * w;
      v = (v << shift) >> shift;
      if (i > 0 && v <= prev) {
        throw new IllegalArgumentException("intset not sorted or has duplicates");
      }
      prev = v;
      out.add(Ints.toBytes(v));
    }
    return out;
  }
}
