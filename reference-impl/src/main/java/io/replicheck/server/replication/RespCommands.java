package io.replicheck.server.replication;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes commands as the RESP multibulk frames of the replication stream: straight into one array
 * of the frame's exact size (the master encodes every propagated write once, on the hot path).
 */
public final class RespCommands {
  /** Frames of {@code SELECT n} for the usual dbs, made once. */
  private static final byte[][] SELECTS = new byte[16][];

  static {
    for (int db = 0; db < SELECTS.length; db++) {
      SELECTS[db] = encode("SELECT", Integer.toString(db));
    }
  }

  private RespCommands() {}

  /** {@code *N\r\n$len\r\narg\r\n...} for {@code argv}. */
  public static byte[] encode(List<byte[]> argv) {
    return encode(argv.toArray(new byte[0][]));
  }

  /** {@code *N\r\n$len\r\narg\r\n...} for {@code argv}. */
  public static byte[] encode(byte[][] argv) {
    byte[] out = new byte[encodedLength(argv)];
    encode(argv, out);
    return out;
  }

  /** The length of {@code argv}'s frame. */
  static int encodedLength(byte[][] argv) {
    int size = 3 + digits(argv.length);
    for (byte[] a : argv) {
      size += 5 + digits(a.length) + a.length;
    }
    return size;
  }

  /**
   * Encodes {@code argv}'s frame at the start of {@code out}, which holds at least {@link
   * #encodedLength} bytes; returns that length.
   */
  static int encode(byte[][] argv, byte[] out) {
    int pos = header(out, 0, (byte) '*', argv.length);
    for (byte[] a : argv) {
      pos = header(out, pos, (byte) '$', a.length);
      System.arraycopy(a, 0, out, pos, a.length);
      pos += a.length;
      out[pos++] = '\r';
      out[pos++] = '\n';
    }
    return pos;
  }

  /** The frame of {@code SELECT db}; callers must not change it. */
  static byte[] select(int db) {
    return db >= 0 && db < SELECTS.length ? SELECTS[db] : encode("SELECT", Integer.toString(db));
  }

  /** Encodes a command given as strings. */
  public static byte[] encode(String... argv) {
    return encode(args(argv));
  }

  /** Strings as UTF-8 argument bytes. */
  public static List<byte[]> args(String... argv) {
    List<byte[]> l = new ArrayList<>(argv.length);
    for (String s : argv) {
      l.add(s.getBytes(StandardCharsets.UTF_8));
    }
    return l;
  }

  /** Writes {@code type n \r\n} at {@code pos}; returns the position after it. */
  private static int header(byte[] out, int pos, byte type, int n) {
    out[pos++] = type;
    int d = digits(n);
    for (int i = pos + d - 1; i >= pos; i--) {
      out[i] = (byte) ('0' + n % 10);
      n /= 10;
    }
    pos += d;
    out[pos++] = '\r';
    out[pos++] = '\n';
    return pos;
  }

  /** Decimal digits of a non-negative int. */
  private static int digits(int n) {
    int d = 1;
    while (n >= 10) {
      n /= 10;
      d++;
    }
    return d;
  }
}
