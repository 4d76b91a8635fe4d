package io.replicheck.server.replication;

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

/** A minimal blocking RESP2 client for interop tests: replies as String, Long, List or error. */
final class RespClient implements AutoCloseable {
  /** An error reply. */
  static final class ErrorReply extends RuntimeException {
    ErrorReply(String m) {
      super(m);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RespClient(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(20_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  Object call(String... args) throws IOException {
    out.write(RespCommands.encode(args));
    out.flush();
    Object r = read();
    if (r instanceof ErrorReply e) {
      throw e;
    }
    return r;
  }

  String str(String... args) throws IOException {
    Object r = call(args);
    return r == null ? null : r.toString();
  }

  long num(String... args) throws IOException {
    return (Long) call(args);
  }

  /** One field of INFO (any section), or null. */
  String info(String field) throws IOException {
    for (String line : str("INFO", "all").split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1);
      }
    }
    return null;
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
        return new ErrorReply(line);
      case ':':
        return Long.parseLong(line);
      case '$':
        {
          int n = Integer.parseInt(line);
          if (n < 0) {
            return null;
          }
          byte[] b = in.readNBytes(n);
          in.readNBytes(2);
          return new String(b, StandardCharsets.UTF_8);
        }
      case '*':
        {
          int n = Integer.parseInt(line);
          if (n < 0) {
            return null;
          }
          List<Object> l = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            Object o = read();
            l.add(o);
          }
          return l;
        }
      case '=':
        {
          // RESP3 verbatim is not used in RESP2; handled for completeness.
          int n = Integer.parseInt(line);
          byte[] b = in.readNBytes(n);
          in.readNBytes(2);
          return new String(b, 4, b.length - 4, StandardCharsets.UTF_8);
        }
      default:
        throw new IOException("unexpected reply type " + (char) t);
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
