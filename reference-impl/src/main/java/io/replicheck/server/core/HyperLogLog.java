package io.replicheck.server.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * redis 7.0's HyperLogLog (hyperloglog.c) over the bytes of a string value, byte for byte: the
 * 16-byte header ("HYLL", encoding, 3 unused bytes, cached cardinality little-endian with its MSB
 * as the "stale" flag), the dense encoding (16384 registers of 6 bits, LSB first) and the sparse
 * one (opcodes ZERO 00xxxxxx, XZERO 01xxxxxx yyyyyyyy, VAL 1vvvvvxx), edited in place exactly as
 * hllSparseSet does, so that a key written here reads back the same bytes as on redis-server.
 * Sparse values are validated as Debian's 7.0.15 does, which carries the fix of CVE-2025-32023: a
 * run that would pass register 16383 makes the value corrupt wherever it is read.
 *
 * <p>An instance is a mutable working copy of one value; {@link #bytes()} is the value to store.
 */
public final class HyperLogLog {
  public static final int P = 14;
  public static final int Q = 64 - P;
  public static final int REGISTERS = 1 << P;
  static final int P_MASK = REGISTERS - 1;
  static final int BITS = 6;
  static final int REGISTER_MAX = (1 << BITS) - 1;
  public static final int HDR_SIZE = 16;
  public static final int DENSE_SIZE = HDR_SIZE + (REGISTERS * BITS + 7) / 8;
  public static final int DENSE = 0;
  public static final int SPARSE = 1;
  static final int MAX_ENCODING = 1;

  static final int SPARSE_VAL_MAX_VALUE = 32;
  static final int SPARSE_VAL_MAX_LEN = 4;
  static final int SPARSE_ZERO_MAX_LEN = 64;
  static final int SPARSE_XZERO_MAX_LEN = 16384;
  private static final double ALPHA_INF = 0.721347520444481703680;
  private static final long SEED = 0xadc83b19L;

  /** The value; {@code len} bytes are used, the array has room for one more (sds's terminator). */
  private byte[] buf;

  private int len;

  private HyperLogLog(byte[] buf, int len) {
    this.buf = buf;
    this.len = len;
  }

  /** A working copy of an existing value (check it with {@link #isValid} first). */
  public static HyperLogLog of(byte[] value) {
    return new HyperLogLog(Arrays.copyOf(value, value.length + 4), value.length);
  }

  /** createHLLObject: an empty sparse HLL, XZERO:16384. */
  public static HyperLogLog createSparse() {
    byte[] b = new byte[HDR_SIZE + 2 + 4];
    System.arraycopy("HYLL".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 4);
    b[4] = SPARSE;
    int l = REGISTERS - 1;
    b[HDR_SIZE] = (byte) ((l >> 8) | 0x40);
    b[HDR_SIZE + 1] = (byte) (l & 0xff);
    return new HyperLogLog(b, HDR_SIZE + 2);
  }

  /** isHLLObjectOrReply without the type check: the magic, a known encoding, dense's size. */
  public static boolean isValid(byte[] v) {
    if (v.length < HDR_SIZE) {
      return false;
    }
    if (v[0] != 'H' || v[1] != 'Y' || v[2] != 'L' || v[3] != 'L') {
      return false;
    }
    int enc = v[4] & 0xff;
    if (enc > MAX_ENCODING) {
      return false;
    }
    return enc != DENSE || v.length == DENSE_SIZE;
  }

  /** The value to store. */
  public byte[] bytes() {
    return Arrays.copyOf(buf, len);
  }

  public int encoding() {
    return buf[4] & 0xff;
  }

  public void invalidateCache() {
    buf[15] |= (byte) 0x80;
  }

  public boolean cacheValid() {
    return (buf[15] & 0x80) == 0;
  }

  public long cachedCardinality() {
    long card = 0;
    for (int i = 0; i < 8; i++) {
      card |= (buf[8 + i] & 0xffL) << (8 * i);
    }
    return card;
  }

  public void setCachedCardinality(long card) {
    for (int i = 0; i < 8; i++) {
      buf[8 + i] = (byte) (card >>> (8 * i));
    }
  }

  // ---- hashing ----

  /** MurmurHash64A as redis uses it (endian-neutral: 8-byte words read little-endian). */
  public static long murmurHash64A(byte[] key, int off, int length, long seed) {
    final long m = 0xc6a4a7935bd1e995L;
    final int r = 47;
    long h = (seed & 0xffffffffL) ^ (length * m);
    int end = off + (length - (length & 7));
    int i = off;
    while (i != end) {
      long k = 0;
      for (int b = 7; b >= 0; b--) {
        k = (k << 8) | (key[i + b] & 0xffL);
      }
      k *= m;
      k ^= k >>> r;
      k *= m;
      h ^= k;
      h *= m;
      i += 8;
    }
    switch (length & 7) {
      case 7:
        h ^= (key[i + 6] & 0xffL) << 48;
      // fall through
      case 6:
        h ^= (key[i + 5] & 0xffL) << 40;
      // fall through
      case 5:
        h ^= (key[i + 4] & 0xffL) << 32;
      // fall through
      case 4:
        h ^= (key[i + 3] & 0xffL) << 24;
      // fall through
      case 3:
        h ^= (key[i + 2] & 0xffL) << 16;
      // fall through
      case 2:
        h ^= (key[i + 1] & 0xffL) << 8;
      // fall through
      case 1:
        h ^= key[i] & 0xffL;
        h *= m;
        break;
      default:
        break;
    }
    h ^= h >>> r;
    h *= m;
    h ^= h >>> r;
    return h;
  }

  /** hllPatLen: the register index in the low 32 bits of the result, the run length above. */
  static long patLen(byte[] ele) {
    long hash = murmurHash64A(ele, 0, ele.length, SEED);
    long index = hash & P_MASK;
    hash >>>= P;
    hash |= 1L << Q;
    long bit = 1;
    int count = 1;
    while ((hash & bit) == 0) {
      count++;
      bit <<= 1;
    }
    return ((long) count << 32) | index;
  }

  // ---- dense ----

  static int denseGet(byte[] p, int base, int regnum) {
    int b = base + regnum * BITS / 8;
    int fb = regnum * BITS & 7;
    int fb8 = 8 - fb;
    int b0 = p[b] & 0xff;
    int b1 = b + 1 < p.length ? p[b + 1] & 0xff : 0;
    return ((b0 >>> fb) | (b1 << fb8)) & REGISTER_MAX;
  }

  static void denseSetRegister(byte[] p, int base, int regnum, int val) {
    int b = base + regnum * BITS / 8;
    int fb = regnum * BITS & 7;
    int fb8 = 8 - fb;
    p[b] = (byte) ((p[b] & ~(REGISTER_MAX << fb)) | (val << fb));
    if (b + 1 < p.length) {
      p[b + 1] = (byte) ((p[b + 1] & ~(REGISTER_MAX >>> fb8)) | (val >>> fb8));
    }
  }

  private int denseSet(int index, int count) {
    int old = denseGet(buf, HDR_SIZE, index);
    if (count > old) {
      denseSetRegister(buf, HDR_SIZE, index, count);
      return 1;
    }
    return 0;
  }

  /** The value of register {@code index}, whatever the encoding (-1 for a corrupt sparse). */
  public int register(int index) {
    if (encoding() == DENSE) {
      return denseGet(buf, HDR_SIZE, index);
    }
    byte[] raw = new byte[REGISTERS];
    return mergeInto(raw) ? raw[index] : -1;
  }

  // ---- sparse ----

  private static boolean isZero(int op) {
    return (op & 0xc0) == 0;
  }

  private static boolean isXzero(int op) {
    return (op & 0xc0) == 0x40;
  }

  private static boolean isVal(int op) {
    return (op & 0x80) != 0;
  }

  private int u(int i) {
    return buf[i] & 0xff;
  }

  private int zeroLen(int i) {
    return (u(i) & 0x3f) + 1;
  }

  private int xzeroLen(int i) {
    return (((u(i) & 0x3f) << 8) | u(i + 1)) + 1;
  }

  private int valValue(int i) {
    return ((u(i) >> 2) & 0x1f) + 1;
  }

  private int valLen(int i) {
    return (u(i) & 0x3) + 1;
  }

  private static byte valOp(int val, int len) {
    return (byte) (((val - 1) << 2 | (len - 1)) | 0x80);
  }

  /**
   * hllSparseToDense: false if the sparse representation is corrupt (the value is left as it was).
   */
  public boolean toDense() {
    if (encoding() == DENSE) {
      return true;
    }
    byte[] dense = new byte[DENSE_SIZE + 1];
    System.arraycopy(buf, 0, dense, 0, HDR_SIZE);
    dense[4] = DENSE;
    int idx = 0;
    int p = HDR_SIZE;
    while (p < len) {
      int op = u(p);
      int runlen = isZero(op) ? zeroLen(p) : isXzero(op) ? xzeroLen(p) : valLen(p);
      if (runlen + idx > REGISTERS) {
        return false; // an overflowing run (the CVE-2025-32023 check)
      }
      if (isZero(op)) {
        idx += runlen;
        p++;
      } else if (isXzero(op)) {
        idx += runlen;
        p += 2;
      } else {
        int regval = valValue(p);
        while (runlen-- > 0) {
          denseSetRegister(dense, HDR_SIZE, idx, regval);
          idx++;
        }
        p++;
      }
    }
    if (idx != REGISTERS) {
      return false;
    }
    buf = dense;
    len = DENSE_SIZE;
    return true;
  }

  private void ensureRoom(int extra) {
    if (len + extra + 1 > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra + 1));
    }
  }

  /**
   * hllSparseSet: sets register {@code index} to {@code count} if greater, promoting to dense past
   * {@code sparseMaxBytes} or for a value over 32. Returns 1 if changed, 0 if not, -1 if corrupt.
   */
  int sparseSet(int index, int count, long sparseMaxBytes) {
    if (count > SPARSE_VAL_MAX_VALUE) {
      return promote(index, count);
    }
    ensureRoom(3);
    int sparse = HDR_SIZE;
    int p = sparse;
    int end = len;
    long first = 0;
    int prev = -1;
    long span = 0;
    while (p < end) {
      int oplen = 1;
      int op = u(p);
      if (isZero(op)) {
        span = zeroLen(p);
      } else if (isVal(op)) {
        span = valLen(p);
      } else {
        span = xzeroLen(p);
        oplen = 2;
      }
      if (index <= first + span - 1) {
        break;
      }
      prev = p;
      p += oplen;
      first += span;
    }
    if (span == 0 || p >= end) {
      return -1;
    }
    int next = isXzero(u(p)) ? p + 2 : p + 1;
    if (next >= end) {
      next = -1;
    }
    boolean isZero = false;
    boolean isXzero = false;
    boolean isVal = false;
    long runlen;
    int op = u(p);
    if (isZero(op)) {
      isZero = true;
      runlen = zeroLen(p);
    } else if (isXzero(op)) {
      isXzero = true;
      runlen = xzeroLen(p);
    } else {
      isVal = true;
      runlen = valLen(p);
    }
    boolean updated = false;
    if (isVal) {
      int oldcount = valValue(p);
      if (oldcount >= count) {
        return 0;
      }
      if (runlen == 1) {
        buf[p] = valOp(count, 1);
        updated = true;
      }
    }
    if (!updated && isZero && runlen == 1) {
      buf[p] = valOp(count, 1);
      updated = true;
    }
    if (!updated) {
      byte[] seq = new byte[5];
      int n = 0;
      int last = (int) (first + span - 1);
      int l;
      if (isZero || isXzero) {
        if (index != first) {
          l = (int) (index - first);
          if (l > SPARSE_ZERO_MAX_LEN) {
            seq[n++] = (byte) (((l - 1) >> 8) | 0x40);
            seq[n++] = (byte) ((l - 1) & 0xff);
          } else {
            seq[n++] = (byte) (l - 1);
          }
        }
        seq[n++] = valOp(count, 1);
        if (index != last) {
          l = last - index;
          if (l > SPARSE_ZERO_MAX_LEN) {
            seq[n++] = (byte) (((l - 1) >> 8) | 0x40);
            seq[n++] = (byte) ((l - 1) & 0xff);
          } else {
            seq[n++] = (byte) (l - 1);
          }
        }
      } else {
        int curval = valValue(p);
        if (index != first) {
          seq[n++] = valOp(curval, (int) (index - first));
        }
        seq[n++] = valOp(count, 1);
        if (index != last) {
          seq[n++] = valOp(curval, last - index);
        }
      }
      int seqlen = n;
      int oldlen = isXzero ? 2 : 1;
      int deltalen = seqlen - oldlen;
      if (deltalen > 0 && (long) len + deltalen > sparseMaxBytes) {
        return promote(index, count);
      }
      if (deltalen != 0 && next >= 0) {
        System.arraycopy(buf, next, buf, next + deltalen, end - next);
      }
      len += deltalen;
      System.arraycopy(seq, 0, buf, p, seqlen);
      end += deltalen;
      if (deltalen < 0) {
        Arrays.fill(buf, len, Math.min(buf.length, len - deltalen), (byte) 0);
      }
    }
    // Step 4: merge adjacent VAL opcodes of the same value, scanning up to 5 opcodes from prev.
    p = prev >= 0 ? prev : sparse;
    int scanlen = 5;
    while (p < end && scanlen-- > 0) {
      int o = u(p);
      if (isXzero(o)) {
        p += 2;
        continue;
      } else if (isZero(o)) {
        p++;
        continue;
      }
      if (p + 1 < end && isVal(u(p + 1))) {
        int v1 = valValue(p);
        int v2 = valValue(p + 1);
        if (v1 == v2) {
          int l = valLen(p) + valLen(p + 1);
          if (l <= SPARSE_VAL_MAX_LEN) {
            buf[p + 1] = valOp(v1, l);
            System.arraycopy(buf, p + 1, buf, p, end - p - 1);
            len--;
            end--;
            buf[len] = 0;
            continue;
          }
        }
      }
      p++;
    }
    invalidateCache();
    return 1;
  }

  private int promote(int index, int count) {
    if (!toDense()) {
      return -1;
    }
    int r = denseSet(index, count);
    if (r != 1) {
      throw new IllegalStateException("dense set after promotion did not change the register");
    }
    return r;
  }

  /** hllAdd: 1 if a register changed, 0 if not, -1 for a corrupt value. */
  public int add(byte[] ele, long sparseMaxBytes) {
    long pl = patLen(ele);
    int index = (int) pl;
    int count = (int) (pl >>> 32);
    return switch (encoding()) {
      case DENSE -> denseSet(index, count);
      case SPARSE -> sparseSet(index, count, sparseMaxBytes);
      default -> -1;
    };
  }

  /** Sets a register as PFMERGE writes its result (hllDenseSet or hllSparseSet). */
  public int set(int index, int count, long sparseMaxBytes) {
    return encoding() == DENSE ? denseSet(index, count) : sparseSet(index, count, sparseMaxBytes);
  }

  /** hllMerge: max[i] = max(max[i], register i); false for a corrupt sparse value. */
  public boolean mergeInto(byte[] max) {
    if (encoding() == DENSE) {
      for (int i = 0; i < REGISTERS; i++) {
        int v = denseGet(buf, HDR_SIZE, i);
        if (v > max[i]) {
          max[i] = (byte) v;
        }
      }
      return true;
    }
    int p = HDR_SIZE;
    int i = 0;
    while (p < len) {
      int op = u(p);
      int runlen = isZero(op) ? zeroLen(p) : isXzero(op) ? xzeroLen(p) : valLen(p);
      if (runlen + i > REGISTERS) {
        return false; // an overflowing run (the CVE-2025-32023 check)
      }
      if (isZero(op)) {
        i += runlen;
        p++;
      } else if (isXzero(op)) {
        i += runlen;
        p += 2;
      } else {
        int regval = valValue(p);
        while (runlen-- > 0) {
          if (regval > max[i]) {
            max[i] = (byte) regval;
          }
          i++;
        }
        p++;
      }
    }
    return i == REGISTERS;
  }

  /** hllCount of this value; -1 if the sparse representation is invalid. */
  public long count() {
    int[] histo = new int[64];
    if (encoding() == DENSE) {
      for (int j = 0; j < REGISTERS; j++) {
        histo[denseGet(buf, HDR_SIZE, j)]++;
      }
    } else {
      int idx = 0;
      int p = HDR_SIZE;
      while (p < len) {
        int op = u(p);
        int run = isZero(op) ? zeroLen(p) : isXzero(op) ? xzeroLen(p) : valLen(p);
        if (run + idx > REGISTERS) {
          return -1; // an overflowing run (the CVE-2025-32023 check)
        }
        if (isZero(op)) {
          int r = zeroLen(p);
          idx += r;
          histo[0] += r;
          p++;
        } else if (isXzero(op)) {
          int r = xzeroLen(p);
          idx += r;
          histo[0] += r;
          p += 2;
        } else {
          int r = valLen(p);
          idx += r;
          histo[valValue(p)] += r;
          p++;
        }
      }
      if (idx != REGISTERS) {
        return -1;
      }
    }
    return estimate(histo);
  }

  /** hllCount of raw registers (one byte each), as PFCOUNT of several keys computes it. */
  public static long countRaw(byte[] registers) {
    int[] histo = new int[64];
    for (int j = 0; j < REGISTERS; j++) {
      histo[registers[j] & 63]++;
    }
    return estimate(histo);
  }

  /** Ertl's estimator from the register histogram, as redis 7.0 computes it. */
  static long estimate(int[] reghisto) {
    double m = REGISTERS;
    double z = m * tau((m - reghisto[Q + 1]) / m);
    for (int j = Q; j >= 1; --j) {
      z += reghisto[j];
      z *= 0.5;
    }
    z += m * sigma(reghisto[0] / m);
    return Math.round(ALPHA_INF * m * m / z);
  }

  static double sigma(double x) {
    if (x == 1.) {
      return Double.POSITIVE_INFINITY;
    }
    double zPrime;
    double y = 1;
    double z = x;
    do {
      x *= x;
      zPrime = z;
      z += x * y;
      y += y;
    } while (zPrime != z);
    return z;
  }

  static double tau(double x) {
    if (x == 0. || x == 1.) {
      return 0.;
    }
    double zPrime;
    double y = 1.0;
    double z = 1 - x;
    do {
      x = Math.sqrt(x);
      zPrime = z;
      y *= 0.5;
      double d = 1 - x;
      z -= d * d * y;
    } while (zPrime != z);
    return z / 3;
  }

  /** PFDEBUG DECODE's text of a sparse value ("Z:16384", "v:2,1", "z:19" ...). */
  public String decode() {
    StringBuilder sb = new StringBuilder();
    int p = HDR_SIZE;
    while (p < len) {
      int op = u(p);
      if (isZero(op)) {
        sb.append("z:").append(zeroLen(p)).append(' ');
        p++;
      } else if (isXzero(op)) {
        sb.append("Z:").append(xzeroLen(p)).append(' ');
        p += 2;
      } else {
        sb.append("v:").append(valValue(p)).append(',').append(valLen(p)).append(' ');
        p++;
      }
    }
    return sb.toString().trim();
  }

  /**
   * PFSELFTEST's checks: the dense register get/set round trip, then dense and sparse agreeing and
   * within 6 standard errors at 1, 10, ... 10^7 elements. Null when they pass, else redis's error.
   */
  public static String selfTest(java.util.Random rnd, long sparseMax) {
    byte[] regs = new byte[DENSE_SIZE + 1];
    int[] expect = new int[REGISTERS];
    for (int j = 0; j < 1000; j++) {
      for (int i = 0; i < REGISTERS; i++) {
        expect[i] = rnd.nextInt(REGISTER_MAX + 1);
        denseSetRegister(regs, HDR_SIZE, i, expect[i]);
      }
      for (int i = 0; i < REGISTERS; i++) {
        int v = denseGet(regs, HDR_SIZE, i);
        if (v != expect[i]) {
          return "TESTFAILED Register " + i + " should be " + expect[i] + " but is " + v;
        }
      }
    }
    byte[] empty = new byte[DENSE_SIZE];
    System.arraycopy("HYLL".getBytes(StandardCharsets.US_ASCII), 0, empty, 0, 4);
    HyperLogLog d = of(empty);
    HyperLogLog sparse = createSparse();
    double relerr = 1.04 / Math.sqrt(REGISTERS);
    long checkpoint = 1;
    long seed = rnd.nextLong();
    byte[] ele = new byte[8];
    for (long j = 1; j <= 10_000_000L; j++) {
      long e = j ^ seed;
      for (int b = 0; b < 8; b++) {
        ele[b] = (byte) (e >>> (8 * b));
      }
      d.add(ele, sparseMax);
      sparse.add(ele, sparseMax);
      if (j == checkpoint) {
        if (j < sparseMax / 2 && sparse.encoding() != SPARSE) {
          return "TESTFAILED sparse encoding not used";
        }
        long dc = d.count();
        if (dc != sparse.count()) {
          return "TESTFAILED dense/sparse disagree";
        }
        long abserr = Math.abs(checkpoint - dc);
        long maxerr = (long) Math.ceil(relerr * 6 * checkpoint);
        if (j == 10) {
          maxerr = 1;
        }
        if (abserr > maxerr) {
          return "TESTFAILED Too big error. card:" + checkpoint + " abserr:" + abserr;
        }
        checkpoint *= 10;
      }
    }
    return null;
  }
}
