package io.replicheck.server.persist;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes an RDB load consumes and calls back each time the count crosses a multiple of
 * the interval, as redis's rdbLoadProgressCallback does every {@code
 * loading-process-events-interval-bytes} (a replica sends its master a keepalive newline then).
 */
public final class LoadProgressInputStream extends FilterInputStream {
  private final long interval;
  private final Runnable progress;
  private long consumed;

  public LoadProgressInputStream(InputStream in, long interval, Runnable progress) {
    super(in);
    this.interval = Math.max(1, interval);
    this.progress = progress;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      advance(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    if (skipped > 0) {
      advance(skipped);
    }
    return skipped;
  }

  private void advance(long n) {
    long before = consumed / interval;
    consumed += n;
    if (consumed / interval != before) {
      progress.run();
    }
  }
}
