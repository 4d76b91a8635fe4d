package io.replicheck.rdb.bench;

import io.replicheck.rdb.DatasetDigest;
import io.replicheck.rdb.RdbEntry;
import io.replicheck.rdb.RdbReader;
import io.replicheck.rdb.RdbValue;
import io.replicheck.rdb.RdbVisitor;
import io.replicheck.rdb.RdbWriteOptions;
import io.replicheck.rdb.RdbWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Writes, reads and digests a synthetic dataset (default 1,000,000 keys, about 100 MB: mostly
 * 100-byte strings, plus lists, hashes and sets) and writes the timings to a results file.
 *
 * <p>Usage: {@code RdbBenchmark RESULTS_FILE [KEYS] [VALUE_BYTES]}. One run, no warm-up loop: it
 * reports the first and a second (warm) pass of each phase.
 */
public final class RdbBenchmark {
  private RdbBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: RdbBenchmark RESULTS_FILE [KEYS] [VALUE_BYTES]");
      System.exit(3);
    }
    Path results = Path.of(args[0]);
    int keys = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int valueBytes = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    Path file = Files.createTempFile("rdb-bench", ".rdb");
    StringBuilder report = new StringBuilder();
    report
        .append("# RdbBenchmark: ")
        .append(keys)
        .append(" keys, ")
        .append(valueBytes)
        .append("-byte string values (1 in 100 keys is a list, hash or set)\n");
    report
        .append("java ")
        .append(System.getProperty("java.version"))
        .append(", ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cpus\n");
    try {
      for (int pass = 1; pass <= 2; pass++) {
        long t0 = System.nanoTime();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
          RdbWriter.writeAll(
              out, RdbWriteOptions.defaults(), Map.of(), () -> dataset(keys, valueBytes));
        }
        long t1 = System.nanoTime();
        long size = Files.size(file);
        long[] count = {0};
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
          RdbReader.read(in, (RdbVisitor) e -> count[0]++);
        }
        long t2 = System.nanoTime();
        DatasetDigest digest = new DatasetDigest();
        RdbReader.read(file, digest);
        String hex = digest.hex();
        long t3 = System.nanoTime();
        if (count[0] != keys) {
          throw new IllegalStateException("read " + count[0] + " keys, wrote " + keys);
        }
        double mb = size / 1e6;
        report.append(
            String.format(
                "pass %d: file %.1f MB; write %.2f s (%.0f MB/s); read %.2f s (%.0f MB/s); "
                    + "read+digest %.2f s; digest %s%n",
                pass,
                mb,
                (t1 - t0) / 1e9,
                mb / ((t1 - t0) / 1e9),
                (t2 - t1) / 1e9,
                mb / ((t2 - t1) / 1e9),
                (t3 - t2) / 1e9,
                hex));
      }
    } finally {
      Files.deleteIfExists(file);
    }
    Files.writeString(results, report.toString(), StandardCharsets.UTF_8);
    System.out.print(report);
  }

  /** Generates the dataset lazily, so the benchmark measures the codec, not a 1M-entry list. */
  static Iterator<RdbEntry> dataset(int keys, int valueBytes) {
    Random r = new Random(1);
    byte[] filler = new byte[valueBytes];
    for (int i = 0; i < valueBytes; i++) {
      filler[i] = (byte) ('a' + r.nextInt(26));
    }
    return new Iterator<RdbEntry>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < keys;
      }

      @Override
      public RdbEntry next() {
        if (i >= keys) {
          throw new NoSuchElementException();
        }
        int k = i++;
        byte[] key = ("key:" + k).getBytes(StandardCharsets.US_ASCII);
        RdbValue v;
        switch (k % 100) {
          case 1 -> v = new RdbValue.ListValue(items("item", 20), null);
          case 2 -> v = new RdbValue.HashValue(items("field", 10), items("value", 10), null);
          case 3 -> v = new RdbValue.SetValue(items("member", 10), null);
          default -> {
            byte[] value = filler.clone();
            // vary the head so values differ; random letters keep LZF from shrinking them much
            byte[] id = Integer.toString(k).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(id, 0, value, 0, Math.min(id.length, value.length));
            v = new RdbValue.Str(value, null);
          }
        }
        return new RdbEntry(
            k % 4 == 0 ? 1 : 0, key, v, k % 10 == 0 ? 4_102_444_800_000L : RdbEntry.NO_EXPIRE);
      }

      private List<byte[]> items(String prefix, int n) {
        List<byte[]> out = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
          out.add((prefix + j).getBytes(StandardCharsets.US_ASCII));
        }
        return out;
      }
    };
  }
}
