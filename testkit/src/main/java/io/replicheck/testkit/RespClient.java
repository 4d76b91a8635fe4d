package io.replicheck.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking, binary-safe RESP2 client for tests. Arguments are {@code byte[]} or anything
 * whose {@code toString()} is the argument. Replies: simple strings as {@code String}, integers as
 * {@code Long}, bulk strings as {@code byte[]} ({@link #call} decodes them to {@code String}),
 * arrays as {@code List}, nil as {@code null}, errors as {@link Error} ({@link #reply}) or a thrown
 * {@link ErrorReply} (every other method).
 */
public final class RespClient implements AutoCloseable {
  /** An error reply, as a value. */
  public record Error(String message) {}

  /** An error reply, thrown; the message is the server's line ("NOREPLICAS ..."). */
  public static final class ErrorReply extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ErrorReply(String message) {
      super(message);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RespClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects to 127.0.0.1:port (5 s to connect, 30 s for each reply). */
  public static RespClient connect(int port) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(30_000);
      return new RespClient(s);
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /** Sends one command and returns its reply as is: bulk strings as bytes, errors as values. */
  public Object reply(Object... args) throws IOException {
    out.write(encode(args));
    out.flush();
    return read();
  }

  /** Like {@link #reply}, but an error reply is thrown as {@link ErrorReply}. */
  public Object ok(Object... args) throws IOException {
    Object r = reply(args);
    if (r instanceof Error e) {
      throw new ErrorReply(e.message());
    }
    return r;
  }

  /** Like {@link #ok}, with bulk strings (also inside arrays) decoded as UTF-8 text. */
  public Object call(Object... args) throws IOException {
    return text(ok(args));
  }

  /** A string reply (simple or bulk) as text, or null for nil. */
  public String str(Object... args) throws IOException {
    Object r = call(args);
    return r == null ? null : r.toString();
  }

  /** An integer reply. */
  public long num(Object... args) throws IOException {
    return (Long) ok(args);
  }

  /** One field of INFO (any section), or null. */
  public String info(String field) throws IOException {
    for (String line : str("INFO", "all").split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1);
      }
    }
    return null;
  }

  /** A reply with its bulk strings decoded as UTF-8, recursively. */
  public static Object text(Object reply) {
    if (reply instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    if (reply instanceof List<?> l) {
      List<Object> t = new ArrayList<>(l.size());
      for (Object o : l) {
        t.add(text(o));
      }
      return t;
    }
    return reply;
  }

  /** An array reply of bulk strings as a list of byte arrays. */
  public static List<byte[]> bytesList(Object reply) {
    List<byte[]> out = new ArrayList<>();
    for (Object o : (List<?>) reply) {
      out.add((byte[]) o);
    }
    return out;
  }

  /** A command as a RESP array of bulk strings. */
  static byte[] encode(Object... args) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (Object a : args) {
      byte[] bytes = a instanceof byte[] x ? x : a.toString().getBytes(StandardCharsets.UTF_8);
      b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      b.writeBytes(bytes);
      b.writeBytes(new byte[] {'\r', '\n'});
    }
    return b.toByteArray();
  }

  private Object read() throws IOException {
    int t = in.read();
    if (t < 0) {
      throw new IOException("connection closed");
    }
    String line = line();
    switch (t) {
      case '+':
        return line;
      case '-':
        return new Error(line);
      case ':':
        return Long.parseLong(line);
      case '$':
        {
          int n = Integer.parseInt(line);
          if (n < 0) {
            return null;
          }
          byte[] d = in.readNBytes(n);
          in.readNBytes(2);
          return d;
        }
      case '*':
        {
          int n = Integer.parseInt(line);
          if (n < 0) {
            return null;
          }
          List<Object> l = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            l.add(read());
          }
          return l;
        }
      default:
        throw new IOException("bad RESP2 type byte " + (char) t);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      b.write(c);
    }
    in.read();
    return b.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
