package io.replicheck.server.replication;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Encodes commands as the RESP multibulk frames of the replication stream. */
public final class RespCommands {
  private RespCommands() {}

  /** {@code *N\r\n$len\r\narg\r\n...} for {@code argv}. */
  public static byte[] encode(List<byte[]> argv) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 + argv.size() * 16);
    writeAscii(out, "*" + argv.size() + "\r\n");
    for (byte[] a : argv) {
      writeAscii(out, "$" + a.length + "\r\n");
      out.write(a, 0, a.length);
      writeAscii(out, "\r\n");
    }
    return out.toByteArray();
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

  private static void writeAscii(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    out.write(b, 0, b.length);
  }
}
