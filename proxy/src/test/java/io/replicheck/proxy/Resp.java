package io.replicheck.proxy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal RESP2 client for the interop tests: one command, one reply, as text. */
final class Resp implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  Resp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream());
  }

  /**
   * Sends a command; returns the reply (bulk and simple strings as text, integers as digits, nil as
   * null).
   */
  String call(String... args) throws IOException {
    StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      b.append('$')
          .append(a.getBytes(StandardCharsets.UTF_8).length)
          .append("\r\n")
          .append(a)
          .append("\r\n");
    }
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    return reply();
  }

  private String reply() throws IOException {
    String line = line();
    switch (line.charAt(0)) {
      case '+':
      case ':':
        return line.substring(1);
      case '-':
        throw new IOException("redis error: " + line.substring(1));
      case '$':
        int n = Integer.parseInt(line.substring(1));
        if (n < 0) return null;
        byte[] data = in.readNBytes(n + 2);
        return new String(data, 0, n, StandardCharsets.UTF_8);
      default:
        throw new IOException("unexpected reply: " + line);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) throw new IOException("connection closed");
      if (c != '\r') b.write(c);
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
