package io.replicheck.explore.scale;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A log whose every line starts with a prefix (which lane said it), whole lines at a time. */
final class PrefixedStream extends OutputStream {
  private final PrintStream out;
  private final String prefix;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  private PrefixedStream(PrintStream out, String prefix) {
    this.out = out;
    this.prefix = prefix;
  }

  static PrintStream of(PrintStream out, String prefix) {
    return new PrintStream(new PrefixedStream(out, prefix), true, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      // one println per line: lines of several lanes interleave, never their characters
      out.println(prefix + text);
    } else {
      line.write(b);
    }
  }

  @Override
  public synchronized void flush() {
    out.flush();
  }
}
