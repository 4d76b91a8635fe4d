package io.replicheck.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/** Socket helpers for the tests. */
final class Net {
  private Net() {}

  static int port(String listen) {
    return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
  }

  static Socket connect(String listen) throws IOException {
    Socket s = new Socket("127.0.0.1", port(listen));
    s.setSoTimeout(10_000);
    s.setTcpNoDelay(true);
    return s;
  }

  /** Reads exactly n bytes or fails. */
  static byte[] readExactly(Socket s, int n) throws IOException {
    byte[] b = s.getInputStream().readNBytes(n);
    if (b.length != n)
      throw new IOException("stream ended after " + b.length + " of " + n + " bytes");
    return b;
  }

  /** Reads until end of stream; returns how many bytes came. */
  static int drain(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    byte[] buf = new byte[65536];
    int total = 0;
    int n;
    while ((n = in.read(buf)) >= 0) total += n;
    return total;
  }

  static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000L;
  }
}
