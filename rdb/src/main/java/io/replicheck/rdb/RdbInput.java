package io.replicheck.rdb;

import java.io.IOException;
import java.io.InputStream;

/**
 * The reader's view of the stream: counts the offset, keeps the running CRC64, reads exactly what
 * is asked (never ahead, so a replication stream can continue after the RDB), and allocates big
 * strings in bounded chunks so a corrupt length fails on the missing bytes, not on memory.
 */
final class RdbInput {
  /** Strings larger than this are read chunk by chunk. */
  private static final int CHUNK = 1 << 20;

  /** Java arrays cannot be larger; redis strings can be up to 512 MB by default anyway. */
  static final long MAX_STRING = Integer.MAX_VALUE - 16;

  private final InputStream in;

  /** The total length when known (a file, a $length bulk), else -1. */
  private final long limit;

  private long offset;
  private long crc;

  RdbInput(InputStream in, long limit) {
    this.in = in;
    this.limit = limit;
  }

  /** Bytes left before the known end, or Long.MAX_VALUE when the length is unknown. */
  long remaining() {
    return limit < 0 ? Long.MAX_VALUE : limit - offset;
  }

  long offset() {
    return offset;
  }

  long crc() {
    return crc;
  }

  RdbFormatException error(String message) {
    return new RdbFormatException(message, offset);
  }

  private void checkLimit(long n) throws RdbFormatException {
    if (n > remaining()) {
      throw error("the RDB runs past its declared length of " + limit + " bytes");
    }
  }

  int readByte() throws IOException {
    checkLimit(1);
    int b = in.read();
    if (b < 0) {
      throw error("unexpected end of stream");
    }
    crc = Crc64.update(crc, b);
    offset++;
    return b;
  }

  /** Reads exactly {@code n} bytes (n already bounded by the caller). */
  byte[] readBytes(long n) throws IOException {
    if (n < 0 || n > MAX_STRING) {
      throw error("length " + n + " out of range");
    }
    if (n > remaining()) {
      throw error("length " + n + " exceeds the " + remaining() + " bytes left");
    }
    int len = (int) n;
    if (len <= CHUNK) {
      byte[] b = new byte[len];
      readFully(b, 0, len);
      return b;
    }
    // Grow as data actually arrives, so a lying length cannot allocate gigabytes up front.
    byte[] b = new byte[CHUNK];
    int have = 0;
    while (have < len) {
      if (have == b.length) {
        b = java.util.Arrays.copyOf(b, (int) Math.min(len, b.length * 2L));
      }
      int want = Math.min(b.length - have, len - have);
      readFully(b, have, want);
      have += want;
    }
    return b;
  }

  void readFully(byte[] b, int off, int len) throws IOException {
    checkLimit(len);
    int done = 0;
    while (done < len) {
      int n = in.read(b, off + done, len - done);
      if (n < 0) {
        offset += done;
        throw error("unexpected end of stream (wanted " + (len - done) + " more bytes)");
      }
      done += n;
    }
    crc = Crc64.update(crc, b, off, len);
    offset += len;
  }

  long readLe(int bytes) throws IOException {
    byte[] b = new byte[bytes];
    readFully(b, 0, bytes);
    long v = 0;
    for (int i = 0; i < bytes; i++) {
      v |= (b[i] & 0xffL) << (8 * i);
    }
    return v;
  }

  long readBe(int bytes) throws IOException {
    long v = 0;
    for (int i = 0; i < bytes; i++) {
      v = (v << 8) | readByte();
    }
    return v;
  }

  /** Reads the 8 checksum bytes without adding them to the running CRC. */
  long readChecksum() throws IOException {
    checkLimit(8);
    byte[] b = new byte[8];
    int done = 0;
    while (done < 8) {
      int n = in.read(b, done, 8 - done);
      if (n < 0) {
        offset += done;
        throw error("unexpected end of stream in the checksum");
      }
      done += n;
    }
    offset += 8;
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= (b[i] & 0xffL) << (8 * i);
    }
    return v;
  }
}
