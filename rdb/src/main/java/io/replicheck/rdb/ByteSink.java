package io.replicheck.rdb;

import java.util.Arrays;

/** A growable byte array for building listpacks and intsets before they are written as strings. */
final class ByteSink {
  private byte[] buf;
  private int size;

  ByteSink(int initial) {
    buf = new byte[Math.max(16, initial)];
  }

  int size() {
    return size;
  }

  byte[] array() {
    return buf;
  }

  void reset() {
    size = 0;
  }

  private void ensure(int extra) {
    long need = (long) size + extra;
    if (need > buf.length) {
      if (need > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("blob larger than 2 GB");
      }
      buf =
          Arrays.copyOf(
              buf, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 16L, buf.length * 2L)));
    }
  }

  void put(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  void put(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  void putLe(long v, int bytes) {
    ensure(bytes);
    for (int i = 0; i < bytes; i++) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
  }

  void setLe32(int at, long v) {
    for (int i = 0; i < 4; i++) {
      buf[at + i] = (byte) (v >>> (8 * i));
    }
  }

  void setLe16(int at, int v) {
    buf[at] = (byte) v;
    buf[at + 1] = (byte) (v >>> 8);
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }
}
