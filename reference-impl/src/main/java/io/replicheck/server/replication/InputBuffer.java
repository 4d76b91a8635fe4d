package io.replicheck.server.replication;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Bytes received and not yet consumed, with line and fixed-length reads. */
final class InputBuffer {
  /** Longest line accepted (replies and headers are short; redis uses PROTO_INLINE_MAX_SIZE). */
  static final int MAX_LINE = 64 * 1024;

  private byte[] buf = new byte[4096];
  private int start;
  private int end;

  void append(byte[] bytes, int off, int len) {
    if (end + len > buf.length) {
      int live = end - start;
      if (live + len <= buf.length / 2) {
        System.arraycopy(buf, start, buf, 0, live);
      } else {
        byte[] n = new byte[Math.max(buf.length * 2, live + len)];
        System.arraycopy(buf, start, n, 0, live);
        buf = n;
      }
      start = 0;
      end = live;
    }
    System.arraycopy(bytes, off, buf, end, len);
    end += len;
  }

  int available() {
    return end - start;
  }

  byte peek(int i) {
    return buf[start + i];
  }

  /** Index (relative to the start) of the first {@code \n}, or -1. */
  int indexOfNewline(int from) {
    for (int i = start + from; i < end; i++) {
      if (buf[i] == '\n') {
        return i - start;
      }
    }
    return -1;
  }

  /**
   * Takes a line without its {@code \r\n} or {@code \n}, or returns null when no full line is there
   * yet.
   *
   * @throws ReplicationProtocolException when the line is longer than {@link #MAX_LINE}
   */
  String readLine() {
    int nl = indexOfNewline(0);
    if (nl < 0) {
      if (available() > MAX_LINE) {
        throw new ReplicationProtocolException("line too long (more than " + MAX_LINE + " bytes)");
      }
      return null;
    }
    int len = nl > 0 && buf[start + nl - 1] == '\r' ? nl - 1 : nl;
    String s = new String(buf, start, len, StandardCharsets.UTF_8);
    start += nl + 1;
    return s;
  }

  /** Takes {@code n} bytes; {@code n <= available()}. */
  byte[] take(int n) {
    byte[] out = Arrays.copyOfRange(buf, start, start + n);
    start += n;
    return out;
  }

  /** Drops {@code n} bytes; {@code n <= available()}. */
  void skip(int n) {
    start += n;
    if (start == end) {
      start = 0;
      end = 0;
    }
  }

  /**
   * The backing array: the unconsumed bytes are {@code array()[start() .. start() + available())}.
   */
  byte[] array() {
    return buf;
  }

  int start() {
    return start;
  }

  /** Takes everything. */
  byte[] takeAll() {
    return take(available());
  }

  /** Copies {@code n} bytes from relative index {@code from} without consuming them. */
  byte[] copy(int from, int n) {
    return Arrays.copyOfRange(buf, start + from, start + from + n);
  }
}
