package io.replicheck.server.resp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Incremental request parser with redis's rules (networking.c processMultibulkBuffer and
 * processInlineBuffer): multibulk {@code *N $len data} frames and inline commands split like {@code
 * sdssplitargs}. It consumes bytes from a {@link ByteBuf} only when a whole element is there, and
 * allocates an argument only once all its bytes have arrived, so a peer announcing a huge length
 * costs nothing until it actually sends the data (the cumulation buffer holds what arrived).
 * Limits: inline requests and length lines up to 64kb, argument counts up to INT_MAX (redis 7.0's
 * check), bulk lengths up to {@code proto-max-bulk-len}. What a request may hold in all is the
 * caller's to cap: {@link #pendingFrameBytes} says what the frame in progress holds.
 *
 * <p>Not thread-safe; one parser per connection.
 */
public final class RespParser {
  /** PROTO_INLINE_MAX_SIZE. */
  public static final int INLINE_MAX = 64 * 1024;

  /** The largest argument count accepted (redis 7.0: {@code ll > INT_MAX} is an error). */
  public static final int MULTIBULK_MAX = Integer.MAX_VALUE;

  /** Heap an argument costs beyond its bytes (array header and reference), for the estimate. */
  static final int ARG_OVERHEAD = 24;

  private long maxBulkLen = 512L * 1024 * 1024;
  private boolean authRequired;

  // State of a multibulk frame in progress.
  private int remaining = -1; // arguments still to read; -1 = not inside a multibulk frame
  private byte[][] argv;
  private int argc;
  private long frameBytes;

  public void setMaxBulkLen(long maxBulkLen) {
    this.maxBulkLen = maxBulkLen;
  }

  /**
   * While set, frames are limited as redis limits unauthenticated clients (10 args, 16kb bulks).
   */
  public void setAuthRequired(boolean authRequired) {
    this.authRequired = authRequired;
  }

  /** Bytes of the last command returned by {@link #parse} (frame size on the wire). */
  public long lastFrameBytes() {
    return lastFrameBytes;
  }

  private long lastFrameBytes;

  /**
   * What the request being read already holds (its parsed arguments and their overhead), 0 between
   * requests. With the unparsed bytes of the buffer this is the client's pending request, which
   * {@code client-query-buffer-limit} caps.
   */
  public long pendingFrameBytes() {
    return remaining < 0 ? 0 : frameBytes + (long) argc * ARG_OVERHEAD;
  }

  /**
   * Parses one command. Returns its arguments (possibly empty for a blank inline line or {@code
   * *0}: callers skip those), or {@code null} when more bytes are needed.
   */
  public byte[][] parse(ByteBuf in) throws RespProtocolException {
    if (remaining < 0) {
      if (!in.isReadable()) {
        return null;
      }
      if (in.getByte(in.readerIndex()) != '*') {
        return parseInline(in);
      }
      int start = in.readerIndex();
      int eol = in.indexOf(start, in.writerIndex(), (byte) '\r');
      if (eol < 0 || eol + 1 >= in.writerIndex()) {
        if (in.readableBytes() > INLINE_MAX) {
          throw new RespProtocolException("too big mbulk count string");
        }
        return null;
      }
      long n = parseLong(in, start + 1, eol);
      if (n == Long.MIN_VALUE || n > MULTIBULK_MAX) {
        throw new RespProtocolException("invalid multibulk length");
      }
      if (n > 10 && authRequired) {
        throw new RespProtocolException("unauthenticated multibulk length");
      }
      in.readerIndex(eol + 2);
      frameBytes = eol + 2 - start;
      if (n <= 0) {
        lastFrameBytes = frameBytes;
        return EMPTY;
      }
      remaining = (int) n;
      argv = new byte[(int) Math.min(n, 1024)][];
      argc = 0;
    }
    while (remaining > 0) {
      int start = in.readerIndex();
      int eol = in.indexOf(start, in.writerIndex(), (byte) '\r');
      if (eol < 0 || eol + 1 >= in.writerIndex()) {
        if (in.readableBytes() > INLINE_MAX) {
          throw new RespProtocolException("too big bulk count string");
        }
        return null;
      }
      byte first = in.getByte(start);
      if (first != '$') {
        throw new RespProtocolException("expected '$', got '" + (char) (first & 0xff) + "'");
      }
      long len = parseLong(in, start + 1, eol);
      if (len == Long.MIN_VALUE || len < 0 || len > maxBulkLen) {
        throw new RespProtocolException("invalid bulk length");
      }
      if (len > 16384 && authRequired) {
        throw new RespProtocolException("unauthenticated bulk length");
      }
      long need = (long) (eol + 2 - start) + len + 2;
      if (in.readableBytes() < need) {
        return null; // the element is not complete yet: consume nothing, allocate nothing
      }
      byte[] arg = new byte[(int) len];
      in.getBytes(eol + 2, arg);
      in.readerIndex((int) (start + need));
      frameBytes += need;
      if (argc == argv.length) {
        argv = Arrays.copyOf(argv, (int) Math.min((long) argv.length * 2, argc + (long) remaining));
      }
      argv[argc++] = arg;
      remaining--;
    }
    byte[][] result = argc == argv.length ? argv : Arrays.copyOf(argv, argc);
    argv = null;
    remaining = -1;
    lastFrameBytes = frameBytes;
    return result;
  }

  private static final byte[][] EMPTY = new byte[0][];

  private byte[][] parseInline(ByteBuf in) throws RespProtocolException {
    int start = in.readerIndex();
    int nl = in.indexOf(start, in.writerIndex(), (byte) '\n');
    if (nl < 0) {
      if (in.readableBytes() > INLINE_MAX) {
        throw new RespProtocolException("too big inline request");
      }
      return null;
    }
    int end = nl;
    if (end > start && in.getByte(end - 1) == '\r') {
      end--;
    }
    byte[] line = new byte[end - start];
    in.getBytes(start, line);
    in.readerIndex(nl + 1);
    lastFrameBytes = nl + 1 - start;
    List<byte[]> args = splitArgs(line);
    if (args == null) {
      throw new RespProtocolException("unbalanced quotes in request");
    }
    return args.toArray(new byte[0][]);
  }

  /** Parses a decimal integer from [from, to); Long.MIN_VALUE when malformed. */
  private static long parseLong(ByteBuf in, int from, int to) {
    if (from >= to || to - from > 20) {
      return Long.MIN_VALUE;
    }
    boolean neg = false;
    int i = from;
    if (in.getByte(i) == '-') {
      neg = true;
      i++;
      if (i == to) {
        return Long.MIN_VALUE;
      }
    }
    long v = 0;
    for (; i < to; i++) {
      int d = in.getByte(i) - '0';
      if (d < 0 || d > 9) {
        return Long.MIN_VALUE;
      }
      if (v > (Long.MAX_VALUE - d) / 10) {
        return Long.MIN_VALUE;
      }
      v = v * 10 + d;
    }
    return neg ? -v : v;
  }

  /**
   * redis's {@code sdscatrepr}: {@code s} double-quoted, with C escapes and \xHH for other bytes
   * outside printable ASCII; what {@link #splitArgs} reads back as the same bytes.
   */
  public static void repr(StringBuilder b, byte[] s) {
    b.append('"');
    for (byte x : s) {
      int ch = x & 0xff;
      switch (ch) {
        case '\\' -> b.append("\\\\");
        case '"' -> b.append("\\\"");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case 7 -> b.append("\\a");
        case '\b' -> b.append("\\b");
        default -> {
          if (ch >= 0x20 && ch < 0x7f) {
            b.append((char) ch);
          } else {
            b.append(String.format("\\x%02x", ch));
          }
        }
      }
    }
    b.append('"');
  }

  /** {@link #repr(StringBuilder, byte[])} of a string's UTF-8 bytes. */
  public static String repr(String s) {
    StringBuilder b = new StringBuilder();
    repr(b, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return b.toString();
  }

  /**
   * redis's {@code sdssplitargs}: whitespace separated, "double quoted" with C escapes and \xHH,
   * 'single quoted' with \' only; a closing quote must be followed by a space or the end. Returns
   * null on unbalanced quotes.
   */
  public static List<byte[]> splitArgs(byte[] line) {
    List<byte[]> out = new ArrayList<>();
    int p = 0;
    int n = line.length;
    java.io.ByteArrayOutputStream cur = new java.io.ByteArrayOutputStream();
    while (true) {
      while (p < n && isSpace(line[p])) {
        p++;
      }
      if (p >= n) {
        return out;
      }
      boolean inq = false;
      boolean insq = false;
      boolean done = false;
      cur.reset();
      while (!done) {
        if (inq) {
          if (p >= n) {
            return null;
          }
          byte c = line[p];
          if (c == '\\'
              && p + 3 < n
              && line[p + 1] == 'x'
              && isHex(line[p + 2])
              && isHex(line[p + 3])) {
            cur.write(hex(line[p + 2]) * 16 + hex(line[p + 3]));
            p += 3;
          } else if (c == '\\' && p + 1 < n) {
            p++;
            byte e = line[p];
            switch (e) {
              case 'n' -> cur.write('\n');
              case 'r' -> cur.write('\r');
              case 't' -> cur.write('\t');
              case 'b' -> cur.write('\b');
              case 'a' -> cur.write(7);
              default -> cur.write(e);
            }
          } else if (c == '"') {
            if (p + 1 < n && !isSpace(line[p + 1])) {
              return null;
            }
            done = true;
          } else {
            cur.write(c);
          }
        } else if (insq) {
          if (p >= n) {
            return null;
          }
          byte c = line[p];
          if (c == '\\' && p + 1 < n && line[p + 1] == '\'') {
            p++;
            cur.write('\'');
          } else if (c == '\'') {
            if (p + 1 < n && !isSpace(line[p + 1])) {
              return null;
            }
            done = true;
          } else {
            cur.write(c);
          }
        } else {
          if (p >= n) {
            done = true;
            break;
          }
          byte c = line[p];
          switch (c) {
            case ' ', '\n', '\r', '\t', 0 -> done = true;
            case '"' -> inq = true;
            case '\'' -> insq = true;
            default -> cur.write(c);
          }
        }
        if (p < n) {
          p++;
        }
      }
      out.add(cur.toByteArray());
    }
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == 0x0b || b == '\f';
  }

  private static boolean isHex(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    return b - 'A' + 10;
  }
}
