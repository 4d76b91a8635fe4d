package io.replicheck.server.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A socket client for byte-exact protocol tests; every read has a timeout. */
final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;

  RawClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5000);
    in = socket.getInputStream();
  }

  void send(String s) throws IOException {
    send(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  void send(byte[] b) throws IOException {
    socket.getOutputStream().write(b);
    socket.getOutputStream().flush();
  }

  /** Reads exactly n bytes (or fewer if the connection closes). */
  String read(int n) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (out.size() < n) {
      int r = in.read(buf, 0, Math.min(buf.length, n - out.size()));
      if (r < 0) {
        break;
      }
      out.write(buf, 0, r);
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** Reads one line including CRLF. */
  String line() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int prev = -1;
    while (true) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      out.write(c);
      if (prev == '\r' && c == '\n') {
        break;
      }
      prev = c;
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** True if the server closed the connection (EOF within the timeout). */
  boolean closedByServer() throws IOException {
    try {
      while (true) {
        int c = in.read();
        if (c < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** Reads whatever arrives until EOF or the timeout, at most max bytes. */
  int drain(int max) {
    int total = 0;
    byte[] buf = new byte[8192];
    try {
      socket.setSoTimeout(200);
      while (total < max) {
        int r = in.read(buf);
        if (r < 0) {
          break;
        }
        total += r;
      }
    } catch (IOException e) {
      // timeout or reset: done
    }
    return total;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
