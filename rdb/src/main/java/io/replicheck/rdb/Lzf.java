package io.replicheck.rdb;

/**
 * LZF as liblzf 3.6 (the copy in redis) compresses and decompresses it. The compressor follows
 * lzf_c.c with redis's settings (HLOG 16, VERY_FAST), so its output matches redis's for the same
 * input, except that redis leaves its hash table uninitialised (INIT_HTAB 0) where we start from an
 * empty one; either output decompresses the same.
 *
 * <p>Format: {@code 000LLLLL} + L+1 literal bytes; {@code LLLooooo oooooooo} a back reference of
 * L+2 bytes (L 1..6) at distance o+1; {@code 111ooooo LLLLLLLL oooooooo} one of L+9 bytes.
 */
public final class Lzf {
  private static final int HLOG = 16;
  private static final int HSIZE = 1 << HLOG;
  private static final int MAX_LIT = 1 << 5;
  private static final int MAX_OFF = 1 << 13;
  private static final int MAX_REF = (1 << 8) + (1 << 3);

  /**
   * The hash table, reused per thread. Each slot holds (generation &lt;&lt; 32 | position + 1); a
   * slot from an earlier call has an older generation and counts as empty. Clearing 64k slots per
   * call instead would dominate the cost of compressing short strings.
   */
  private static final class Table {
    final long[] slots = new long[HSIZE];
    long generation;
  }

  private static final ThreadLocal<Table> HTAB = ThreadLocal.withInitial(Table::new);

  private Lzf() {}

  private static int idx(int h) {
    return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);
  }

  /**
   * Compresses {@code in[0..inLen)} into {@code out}, using at most {@code outLen} bytes.
   *
   * @return the compressed length, or 0 when the result would not fit in {@code outLen}
   */
  public static int compress(byte[] in, int inLen, byte[] out, int outLen) {
    if (inLen == 0 || outLen == 0) {
      return 0;
    }
    Table table = HTAB.get();
    long[] htab = table.slots;
    long gen = ++table.generation << 32;
    int ip = 0;
    int op = 0;
    int inEnd = inLen;
    int outEnd = outLen;
    int lit = 0;
    op++; // start run
    int hval = ((in[ip] & 0xff) << 8) | (inLen > 1 ? in[ip + 1] & 0xff : 0);
    while (ip < inEnd - 2) {
      hval = (hval << 8) | (in[ip + 2] & 0xff);
      int slot = idx(hval);
      long entry = htab[slot];
      int ref = (entry & 0xffffffff00000000L) == gen ? (int) entry - 1 : -1;
      htab[slot] = gen | (ip + 1);
      int off;
      if (ref >= 0
          && (off = ip - ref - 1) < MAX_OFF
          && off >= 0
          && ref > 0 // liblzf requires ref > in_data: offset 0 is never referenced
          && in[ref + 2] == in[ip + 2]
          && in[ref] == in[ip]
          && in[ref + 1] == in[ip + 1]) {
        int len = 2;
        int maxlen = inEnd - ip - len;
        if (maxlen > MAX_REF) {
          maxlen = MAX_REF;
        }
        if (op + 3 + 1 >= outEnd) {
          if (op - (lit == 0 ? 1 : 0) + 3 + 1 >= outEnd) {
            return 0;
          }
        }
        out[op - lit - 1] = (byte) (lit - 1); // stop run
        op -= lit == 0 ? 1 : 0; // undo run if length is zero
        // As liblzf: an unrolled first step of 16 that does not check maxlen, then the bounded
        // loop.
        boolean mismatch = false;
        if (maxlen > 16) {
          for (int k = 0; k < 16; k++) {
            len++;
            if (in[ref + len] != in[ip + len]) {
              mismatch = true;
              break;
            }
          }
        }
        if (!mismatch) {
          do {
            len++;
          } while (len < maxlen && in[ref + len] == in[ip + len]);
        }
        len -= 2; // len is now #octets - 1
        ip++;
        if (len < 7) {
          out[op++] = (byte) ((off >> 8) + (len << 5));
        } else {
          out[op++] = (byte) ((off >> 8) + (7 << 5));
          out[op++] = (byte) (len - 7);
        }
        out[op++] = (byte) off;
        lit = 0;
        op++; // start run
        ip += len + 1;
        if (ip >= inEnd - 2) {
          break;
        }
        // VERY_FAST: hash the two positions before the new ip.
        ip -= 2;
        hval = ((in[ip] & 0xff) << 8) | (in[ip + 1] & 0xff);
        hval = (hval << 8) | (in[ip + 2] & 0xff);
        htab[idx(hval)] = gen | (ip + 1);
        ip++;
        hval = (hval << 8) | (in[ip + 2] & 0xff);
        htab[idx(hval)] = gen | (ip + 1);
        ip++;
      } else {
        if (op >= outEnd) {
          return 0;
        }
        lit++;
        out[op++] = in[ip++];
        if (lit == MAX_LIT) {
          out[op - lit - 1] = (byte) (lit - 1);
          lit = 0;
          op++;
        }
      }
    }
    if (op + 3 > outEnd) {
      return 0;
    }
    while (ip < inEnd) {
      lit++;
      out[op++] = in[ip++];
      if (lit == MAX_LIT) {
        out[op - lit - 1] = (byte) (lit - 1);
        lit = 0;
        op++;
      }
    }
    out[op - lit - 1] = (byte) (lit - 1); // end run
    op -= lit == 0 ? 1 : 0;
    return op;
  }

  /**
   * Decompresses {@code in[off..off+len)} into exactly {@code outLen} bytes.
   *
   * @throws IllegalArgumentException when the data is corrupt or does not produce {@code outLen}
   *     bytes
   */
  public static byte[] decompress(byte[] in, int off, int len, int outLen) {
    byte[] out = new byte[outLen];
    int ip = off;
    int inEnd = off + len;
    int op = 0;
    while (ip < inEnd) {
      int ctrl = in[ip++] & 0xff;
      if (ctrl < (1 << 5)) {
        int n = ctrl + 1;
        if (op + n > outLen) {
          throw new IllegalArgumentException("LZF literal run overflows the output");
        }
        if (ip + n > inEnd) {
          throw new IllegalArgumentException("LZF literal run overflows the input");
        }
        System.arraycopy(in, ip, out, op, n);
        op += n;
        ip += n;
      } else {
        int n = ctrl >> 5;
        int ref = op - ((ctrl & 0x1f) << 8) - 1;
        if (ip >= inEnd) {
          throw new IllegalArgumentException("LZF back reference truncated");
        }
        if (n == 7) {
          n += in[ip++] & 0xff;
          if (ip >= inEnd) {
            throw new IllegalArgumentException("LZF back reference truncated");
          }
        }
        ref -= in[ip++] & 0xff;
        n += 2;
        if (op + n > outLen) {
          throw new IllegalArgumentException("LZF back reference overflows the output");
        }
        if (ref < 0) {
          throw new IllegalArgumentException("LZF back reference before the start");
        }
        // Byte by byte: the source may overlap the destination (runs).
        for (int k = 0; k < n; k++) {
          out[op++] = out[ref++];
        }
      }
    }
    if (op != outLen) {
      throw new IllegalArgumentException(
          "LZF data decompressed to " + op + " bytes, expected " + outLen);
    }
    return out;
  }
}
