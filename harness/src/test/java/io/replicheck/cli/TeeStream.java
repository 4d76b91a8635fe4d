package io.replicheck.cli;

import java.io.IOException;
import java.io.OutputStream;

/** Writes to two streams: CLI tests keep progress visible on the real stdout and keep a copy. */
final class TeeStream extends OutputStream {
  private final OutputStream a;
  private final OutputStream b;

  TeeStream(OutputStream a, OutputStream b) {
    this.a = a;
    this.b = b;
  }

  @Override
  public void write(int x) throws IOException {
    a.write(x);
    b.write(x);
  }

  @Override
  public void write(byte[] buf, int off, int len) throws IOException {
    a.write(buf, off, len);
    b.write(buf, off, len);
  }
}
