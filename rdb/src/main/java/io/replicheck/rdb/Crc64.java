package io.replicheck.rdb;

/**
 * Redis's CRC64 (Jones polynomial 0xad93d23594c935a9, reflected in and out, init 0, no final xor),
 * the checksum at the end of an RDB file. {@code crc64(0, "123456789") == 0xe9c6d914c4b8d9caL}.
 */
public final class Crc64 {
  /** The Jones polynomial, bit-reversed for the reflected (LSB-first) table. */
  private static final long POLY_REFLECTED = Long.reverse(0xad93d23594c935a9L);

  private static final long[][] TABLES = buildTables();

  private Crc64() {}

  private static long[][] buildTables() {
    long[][] t = new long[8][256];
    for (int n = 0; n < 256; n++) {
      long crc = n;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
      }
      t[0][n] = crc;
    }
    // Slicing-by-8 tables: process eight bytes per step on long inputs.
    for (int n = 0; n < 256; n++) {
      long crc = t[0][n];
      for (int k = 1; k < 8; k++) {
        crc = t[0][(int) (crc & 0xff)] ^ (crc >>> 8);
        t[k][n] = crc;
      }
    }
    return t;
  }

  /** Continues {@code crc} over {@code len} bytes of {@code b} from {@code off}. */
  public static long update(long crc, byte[] b, int off, int len) {
    long[] t0 = TABLES[0];
    int i = off;
    int end = off + len;
    if (len >= 16) {
      long[] t1 = TABLES[1], t2 = TABLES[2], t3 = TABLES[3];
      long[] t4 = TABLES[4], t5 = TABLES[5], t6 = TABLES[6], t7 = TABLES[7];
      int end8 = end - 7;
      while (i < end8) {
        long x =
            crc
                ^ ((b[i] & 0xffL)
                    | (b[i + 1] & 0xffL) << 8
                    | (b[i + 2] & 0xffL) << 16
                    | (b[i + 3] & 0xffL) << 24
                    | (b[i + 4] & 0xffL) << 32
                    | (b[i + 5] & 0xffL) << 40
                    | (b[i + 6] & 0xffL) << 48
                    | (b[i + 7] & 0xffL) << 56);
        crc =
            t7[(int) (x & 0xff)]
                ^ t6[(int) ((x >>> 8) & 0xff)]
                ^ t5[(int) ((x >>> 16) & 0xff)]
                ^ t4[(int) ((x >>> 24) & 0xff)]
                ^ t3[(int) ((x >>> 32) & 0xff)]
                ^ t2[(int) ((x >>> 40) & 0xff)]
                ^ t1[(int) ((x >>> 48) & 0xff)]
                ^ t0[(int) (x >>> 56)];
        i += 8;
      }
    }
    for (; i < end; i++) {
      crc = t0[(int) ((crc ^ b[i]) & 0xff)] ^ (crc >>> 8);
    }
    return crc;
  }

  /** Continues {@code crc} over one byte. */
  public static long update(long crc, int b) {
    return TABLES[0][(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
  }

  /** The CRC64 of a whole array, starting from 0 as redis does. */
  public static long of(byte[] b) {
    return update(0, b, 0, b.length);
  }
}
