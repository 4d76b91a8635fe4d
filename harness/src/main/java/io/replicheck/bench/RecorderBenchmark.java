package io.replicheck.bench;

import io.replicheck.runner.HistoryRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The recording path alone: {@code clients} threads record ops (an invoke and an ok each, as a
 * list-append client does: appends, and every fourth op a read of a 50-value list) into a {@link
 * HistoryRecorder} as fast as it takes them, for a while, then close it (the writer drains and
 * finishes the gzip file). What a run could record if the servers and the network cost nothing.
 */
final class RecorderBenchmark {
  private RecorderBenchmark() {}

  /** Ops per second recorded and written, close included. */
  static double opsPerSecond(int clients, Duration time) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("replicheck-recorder-bench-");
    try {
      HistoryRecorder h = new HistoryRecorder(dir, null);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong ops = new AtomicLong();
      List<Long> read = new ArrayList<>();
      for (long v = 0; v < 50; v++) read.add(v);
      List<Long> list = List.copyOf(read);
      List<Thread> threads = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int c = 0; c < clients; c++) {
        int process = c;
        Thread t =
            new Thread(
                () -> {
                  long n = 0;
                  while (!stop.get()) {
                    String key = "l" + (n % 5);
                    if (n % 4 == 3) {
                      h.record(process, "invoke", "read", key, null, "n1", null);
                      h.record(process, "ok", "read", key, list, "n1", null);
                    } else {
                      h.record(process, "invoke", "append", key, n, "n1", null);
                      h.record(process, "ok", "append", key, n, "n1", null);
                    }
                    n++;
                  }
                  ops.addAndGet(n);
                });
        threads.add(t);
        t.start();
      }
      Thread.sleep(time.toMillis());
      stop.set(true);
      for (Thread t : threads) t.join();
      h.close();
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (h.failure() != null) throw new IOException(h.failure());
      return ops.get() / seconds;
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }
}
