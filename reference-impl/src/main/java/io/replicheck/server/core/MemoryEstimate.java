package io.replicheck.server.core;

import io.replicheck.rdb.Encoding;

/**
 * A deterministic estimate of the bytes a key takes (MEMORY USAGE, INFO memory's used_memory and
 * maxmemory): fixed overheads modelled on redis's structures (dict entry, key sds, robj, container
 * headers) plus the element bytes. It does not measure the JVM heap: two servers holding the same
 * data report the same figure, so eviction decisions are reproducible.
 */
public final class MemoryEstimate {
  /** What redis 7.0.15 reports as used_memory_startup: the baseline with no data. */
  public static final long STARTUP = 875_944;

  private static final long KEY_OVERHEAD = 48; // dictEntry 24 + robj 16 + sds header 8
  private static final long CONTAINER = 64;

  private MemoryEstimate() {}

  /** The estimate for key holding o, rounded up to 8 bytes as an allocator would. */
  public static long of(byte[] key, RObject o) {
    long n = KEY_OVERHEAD + key.length + value(o);
    return (n + 7) & ~7L;
  }

  /** The value's part of the estimate (MEMORY USAGE SAMPLES does not change it: all counted). */
  static long value(RObject o) {
    if (o instanceof RString s) {
      return s.encoding() == Encoding.INT ? 0 : 8 + s.bytes().length;
    }
    if (o instanceof RList l) {
      long n = CONTAINER;
      for (int i = 0; i < l.size(); i++) {
        n += 12 + l.get(i).length;
      }
      return n;
    }
    if (o instanceof RSet s) {
      long[] n = {CONTAINER};
      s.forEach(m -> n[0] += 16 + m.length);
      return n[0];
    }
    if (o instanceof RHash h) {
      long[] n = {CONTAINER};
      h.forEach((f, v) -> n[0] += 24 + f.length + v.length);
      return n[0];
    }
    if (o instanceof RZSet z) {
      long n = CONTAINER;
      for (int i = 0; i < z.size(); i++) {
        n += 24 + z.member(i).length;
      }
      return n;
    }
    return CONTAINER; // types added later count as an empty container until they say more
  }
}
