package io.replicheck.server.replication;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
   * The next whole frame, or null when more bytes are needed.
   *
   * @throws ReplicationProtocolException on bytes that are not a RESP command
   */
  public Frame next() {
    if (in.available() == 0) {
      return null;
    }
    byte first = in.peek(0);
    if (first == '\n') {
      return new Frame(List.of(), in.take(1));
    }
    if (first == '\r') {
      if (in.available() < 2) {
        return null;
      }
      if (in.peek(1) != '\n') {
        throw new ReplicationProtocolException("Protocol error: expected '\\n' after '\\r'");
      }
      return new Frame(List.of(), in.take(2));
    }
    if (first != '*') {
      throw new ReplicationProtocolException(
          "Protocol error: expected '*', got '" + printable(first) + "'");
    }
    int pos = 0;
    int nl = in.indexOfNewline(pos);
    if (nl < 0) {
      return tooLongOrNull();
    }
    long count = parseNumber(pos + 1, nl, "multibulk length");
    if (count < 0 || count > MAX_ARGS) {
      throw new ReplicationProtocolException("Protocol error: invalid multibulk length");
    }
    pos = nl + 1;
    List<byte[]> argv = new ArrayList<>((int) count);
    for (long i = 0; i < count; i++) {
      if (pos >= in.available()) {
        return null;
      }
      if (in.peek(pos) != '$') {
        throw new ReplicationProtocolException(
            "Protocol error: expected '$', got '" + printable(in.peek(pos)) + "'");
      }
      nl = in.indexOfNewline(pos);
      if (nl < 0) {
        return tooLongOrNull();
      }
      long len = parseNumber(pos + 1, nl, "bulk length");
      if (len < 0 || len > MAX_BULK) {
        throw new ReplicationProtocolException("Protocol error: invalid bulk length");
      }
      pos = nl + 1;
      if ((long) pos + len + 2 > in.available()) {
        return null;
      }
      argv.add(in.copy(pos, (int) len));
      pos += (int) len;
      if (in.peek(pos) != '\r' || in.peek(pos + 1) != '\n') {
        throw new ReplicationProtocolException("Protocol error: bulk not followed by CRLF");
      }
      pos += 2;
    }
    return new Frame(argv, in.take(pos));
  }

  private Frame tooLongOrNull() {
    if (in.available() > InputBuffer.MAX_LINE && in.indexOfNewline(0) < 0) {
      throw new ReplicationProtocolException("Protocol error: too big count line");
    }
    return null;
  }

  /** Parses the digits between relative {@code from} and the newline at {@code nl}. */
  private long parseNumber(int from, int nl, String what) {
    int to = nl > from && in.peek(nl - 1) == '\r' ? nl - 1 : nl;
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
