package io.replicheck.server.replication;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Splits the replication stream into commands, counting the bytes of each, since a replica's offset
 * is the number of stream bytes it has applied. Accepts RESP multibulk frames and bare newlines
 * (keepalives, which count as bytes but carry no command). Frames may arrive split at any byte.
 */
public final class ReplicationStreamParser {
  /** Limits, as redis's client-query-buffer and proto-max-bulk-len defaults. */
  static final int MAX_ARGS = 1024 * 1024;

  static final long MAX_BULK = 512L * 1024 * 1024;

  /** One unit of the stream: a command (argv empty for a bare newline) and its raw bytes. */
  public record Frame(List<byte[]> argv, byte[] raw) {
    public boolean isKeepalive() {
      return argv.isEmpty();
    }
  }

  private final InputBuffer in = new InputBuffer();

  /** Adds received bytes. */
  public void feed(byte[] bytes, int off, int len) {
    in.append(bytes, off, len);
  }

  public void feed(byte[] bytes) {
    feed(bytes, 0, bytes.length);
  }

  /** Bytes received but not yet part of a whole frame. */
  public int buffered() {
    return in.available();
  }

  /**
   * The next whole frame, or null when more bytes are needed. Copies the frame's bytes; the
   * replica's stream uses {@link #nextArgv} and {@link #consumeFrame} instead.
   *
   * @throws ReplicationProtocolException on bytes that are not a RESP command
   */
  public Frame next() {
    byte[][] argv = nextArgv();
    if (argv == null) {
      return null;
    }
    byte[] raw = in.copy(0, frameLength);
    consumeFrame();
    return new Frame(argv.length == 0 ? List.of() : Arrays.asList(argv), raw);
  }

  /** Length in bytes of the frame {@link #nextArgv} last returned, until it is consumed. */
  private int frameLength = -1;

  /**
   * Parses the next whole frame without consuming it: its arguments (none for a bare newline), or
   * null when more bytes are needed. Its bytes stay in the buffer ({@link #frameLength}, {@link
   * #frameBytes}) until {@link #consumeFrame}; each argument is copied once, from the buffer.
   *
   * @throws ReplicationProtocolException on bytes that are not a RESP command
   * @throws IllegalStateException when the previous frame was not consumed
   */
  public byte[][] nextArgv() {
    if (frameLength >= 0) {
      throw new IllegalStateException("the previous frame was not consumed");
    }
    if (in.available() == 0) {
      return null;
    }
    byte first = in.peek(0);
    if (first == '\n') {
      frameLength = 1;
      return NO_ARGS;
    }
    if (first == '\r') {
      if (in.available() < 2) {
        return null;
      }
      if (in.peek(1) != '\n') {
        throw new ReplicationProtocolException("Protocol error: expected '\\n' after '\\r'");
      }
      frameLength = 2;
      return NO_ARGS;
    }
    if (first != '*') {
      throw new ReplicationProtocolException(
          "Protocol error: expected '*', got '" + printable(first) + "'");
    }
    int pos = 0;
    int nl = in.indexOfNewline(pos);
    if (nl < 0) {
      tooLong();
      return null;
    }
    long count = parseNumber(pos + 1, nl, "multibulk length");
    if (count < 0 || count > MAX_ARGS) {
      throw new ReplicationProtocolException("Protocol error: invalid multibulk length");
    }
    pos = nl + 1;
    byte[][] argv = count == 0 ? NO_ARGS : new byte[(int) count][];
    for (int i = 0; i < count; i++) {
      if (pos >= in.available()) {
        return null;
      }
      if (in.peek(pos) != '$') {
        throw new ReplicationProtocolException(
            "Protocol error: expected '$', got '" + printable(in.peek(pos)) + "'");
      }
      nl = in.indexOfNewline(pos);
      if (nl < 0) {
        tooLong();
        return null;
      }
      long len = parseNumber(pos + 1, nl, "bulk length");
      if (len < 0 || len > MAX_BULK) {
        throw new ReplicationProtocolException("Protocol error: invalid bulk length");
      }
      pos = nl + 1;
      if ((long) pos + len + 2 > in.available()) {
        return null;
      }
      argv[i] = in.copy(pos, (int) len);
      pos += (int) len;
      if (in.peek(pos) != '\r' || in.peek(pos + 1) != '\n') {
        throw new ReplicationProtocolException("Protocol error: bulk not followed by CRLF");
      }
      pos += 2;
    }
    frameLength = pos;
    return argv;
  }

  /** Length in bytes of the frame {@link #nextArgv} returned. */
  public int frameLength() {
    if (frameLength < 0) {
      throw new IllegalStateException("no frame parsed");
    }
    return frameLength;
  }

  /** Hands the parsed frame's bytes to {@code to} (valid only during the call). */
  public void frameBytes(RangeConsumer to) {
    to.accept(in.array(), in.start(), frameLength());
  }

  /** Drops the frame {@link #nextArgv} returned from the buffer. */
  public void consumeFrame() {
    in.skip(frameLength());
    frameLength = -1;
  }

  /** Takes a range of an array. */
  @FunctionalInterface
  public interface RangeConsumer {
    void accept(byte[] bytes, int off, int len);
  }

  private static final byte[][] NO_ARGS = new byte[0][];

  private void tooLong() {
    if (in.available() > InputBuffer.MAX_LINE && in.indexOfNewline(0) < 0) {
      throw new ReplicationProtocolException("Protocol error: too big count line");
    }
  }

  /**
   * Parses the digits between relative {@code from} and the newline at {@code nl}: plain digits
   * without a String; anything else as Long.parseLong does.
   */
  private long parseNumber(int from, int nl, String what) {
    int to = nl > from && in.peek(nl - 1) == '\r' ? nl - 1 : nl;
    if (to > from && to - from <= 18) {
      long v = 0;
      int i = from;
      for (; i < to; i++) {
        byte b = in.peek(i);
        if (b < '0' || b > '9') {
          break;
        }
        v = v * 10 + (b - '0');
      }
      if (i == to) {
        return v;
      }
    }
    String s = new String(in.copy(from, to - from), StandardCharsets.US_ASCII);
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new ReplicationProtocolException("Protocol error: invalid " + what + " '" + s + "'");
    }
  }

  private static String printable(byte b) {
    return b >= 32 && b < 127 ? String.valueOf((char) b) : String.format("\\x%02x", b);
  }
}
