package io.replicheck.server.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Encodes replies into one growing ByteBuf per connection; the network layer takes the buffer and
 * flushes it once per read batch ({@link #take()}), so pipelined replies go out in one write.
 */
public final class ByteBufReplySink implements ReplySink {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[][] SMALL = new byte[1024][];

  static {
    for (int i = 0; i < SMALL.length; i++) {
      SMALL[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
    }
  }

  private final ByteBufAllocator alloc;
  private ByteBuf buf;
  private int protocol = 2;
  private final byte[] digits = new byte[20];

  public ByteBufReplySink(ByteBufAllocator alloc) {
    this.alloc = alloc;
  }

  public void setProtocol(int protocol) {
    this.protocol = protocol;
  }

  @Override
  public int protocol() {
    return protocol;
  }

  /** The replies encoded since the last call, or null if none. */
  public ByteBuf take() {
    ByteBuf b = buf;
    buf = null;
    return b;
  }

  public boolean hasPending() {
    return buf != null && buf.isReadable();
  }

  /** Releases what was not taken (connection closed). */
  public void release() {
    if (buf != null) {
      buf.release();
      buf = null;
    }
  }

  private ByteBuf out() {
    if (buf == null) {
      buf = alloc.ioBuffer(256);
    }
    return buf;
  }

  private void writeLong(ByteBuf b, long v) {
    if (v >= 0 && v < SMALL.length) {
      b.writeBytes(SMALL[(int) v]);
      return;
    }
    if (v == Long.MIN_VALUE) {
      b.writeCharSequence("-9223372036854775808", StandardCharsets.US_ASCII);
      return;
    }
    if (v < 0) {
      b.writeByte('-');
      v = -v;
    }
    int i = digits.length;
    do {
      digits[--i] = (byte) ('0' + (v % 10));
      v /= 10;
    } while (v != 0);
    b.writeBytes(digits, i, digits.length - i);
  }

  private void header(char type, long n) {
    ByteBuf b = out();
    b.writeByte(type);
    writeLong(b, n);
    b.writeBytes(CRLF);
  }

  @Override
  public void simple(String s) {
    line('+', s);
  }

  /** One line of RESP: its type byte, the text, CRLF. */
  private void line(char type, String s) {
    ByteBuf b = out();
    b.writeByte(type);
    b.writeCharSequence(s, StandardCharsets.UTF_8);
    b.writeBytes(CRLF);
  }

  @Override
  public void error(String text) {
    ByteBuf b = out();
    b.writeByte('-');
    // Errors are one line: redis (addReplyErrorFormat) trims CR/LF at both ends, then replaces
    // the newlines left with spaces.
    b.writeCharSequence(oneLineError(text), StandardCharsets.UTF_8);
    b.writeBytes(CRLF);
  }

  @Override
  public void integer(long v) {
    header(':', v);
  }

  @Override
  public void bulk(byte[] v) {
    ByteBuf b = out();
    b.ensureWritable(v.length + 16);
    b.writeByte('$');
    writeLong(b, v.length);
    b.writeBytes(CRLF);
    b.writeBytes(v);
    b.writeBytes(CRLF);
  }

  @Override
  public void nullBulk() {
    if (protocol == 3) {
      out().writeBytes(NULL3);
    } else {
      out().writeBytes(NULL_BULK);
    }
  }

  @Override
  public void nullArray() {
    if (protocol == 3) {
      out().writeBytes(NULL3);
    } else {
      out().writeBytes(NULL_ARRAY);
    }
  }

  private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);

  @Override
  public void arrayHeader(int n) {
    header('*', n);
  }

  @Override
  public void pushHeader(int n) {
    header(protocol == 3 ? '>' : '*', n);
  }

  /** Bytes encoded and not yet taken by the network layer. */
  public int pendingBytes() {
    ByteBuf b = buf;
    return b == null ? 0 : b.readableBytes();
  }

  @Override
  public void mapHeader(int n) {
    if (protocol == 3) {
      header('%', n);
    } else {
      header('*', 2L * n);
    }
  }

  @Override
  public void setHeader(int n) {
    header(protocol == 3 ? '~' : '*', n);
  }

  @Override
  public void doubleValue(double d) {
    String s = RespFormat.formatDouble(d);
    if (protocol == 3) {
      line(',', s);
    } else {
      bulk(s);
    }
  }

  @Override
  public void bool(boolean v) {
    if (protocol == 3) {
      out().writeCharSequence(v ? "#t\r\n" : "#f\r\n", StandardCharsets.US_ASCII);
    } else {
      integer(v ? 1 : 0);
    }
  }

  @Override
  public void verbatim(String text) {
    if (protocol == 3) {
      byte[] t = text.getBytes(StandardCharsets.UTF_8);
      header('=', t.length + 4L);
      ByteBuf b = out();
      b.writeCharSequence("txt:", StandardCharsets.US_ASCII);
      b.writeBytes(t);
      b.writeBytes(CRLF);
    } else {
      bulk(text);
    }
  }

  @Override
  public void bigNumber(String digits) {
    if (protocol == 3) {
      line('(', digits);
    } else {
      bulk(digits);
    }
  }

  /** An error text as addReplyErrorFormat sends it: sdstrim(s, "\r\n"), then CR/LF to spaces. */
  static String oneLineError(String text) {
    int from = 0;
    int to = text.length();
    while (from < to && (text.charAt(from) == '\r' || text.charAt(from) == '\n')) {
      from++;
    }
    while (to > from && (text.charAt(to - 1) == '\r' || text.charAt(to - 1) == '\n')) {
      to--;
    }
    return text.substring(from, to).replace('\r', ' ').replace('\n', ' ');
  }
}
