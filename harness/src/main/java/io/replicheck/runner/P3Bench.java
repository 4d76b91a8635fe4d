package io.replicheck.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.replicheck.checker.ScalingBench;
import io.replicheck.checker.SyntheticHistory;
import io.replicheck.history.Event;
import io.replicheck.history.History;
import io.replicheck.history.JsonlFormat;
import io.replicheck.history.JsonlWriter;
import io.replicheck.invariant.InvariantResult;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code replicheck bench checker --p3}: P3 as a run does it, from a history file: a synthetic
 * linearizable history ({@link SyntheticHistory}) written as a run writes it ({@code
 * history.jsonl.gz}, gzip level 1), then {@link CheckerLinearizability} on that file (split by key
 * on disk, key files read back and checked), timed per phase. Time per op is the figure a long
 * run's P3 waits on.
 */
public final class P3Bench {

  /**
   * One model at one length.
   *
   * @param model the model
   * @param ops client ops in the history
   * @param keys keys it spreads over
   * @param fileBytes the gzipped history's size
   * @param verdict P3's verdict (valid by construction)
   * @param splitMillis the split pass (read, Jepsen's rules, key files written)
   * @param checkMillis reading the key files back and checking them
   * @param totalMillis P3 in all, wall clock
   * @param cpuMillis the process's CPU time during P3 (every thread)
   * @param microsPerOp totalMillis per op
   * @param parts key files
   * @param threads threads that checked key files
   */
  public record Row(
      String model,
      int ops,
      int keys,
      long fileBytes,
      String verdict,
      double splitMillis,
      double checkMillis,
      double totalMillis,
      double cpuMillis,
      double microsPerOp,
      int parts,
      int threads,
      String detail) {}

  private P3Bench() {}

  /** Runs every model at every size; {@code progress} gets a line per row. */
  public static List<Row> run(
      List<String> models,
      List<Integer> sizes,
      int keys,
      int clients,
      double infoRate,
      Duration timeLimit,
      PrintStream progress)
      throws IOException {
    List<Row> rows = new ArrayList<>();
    Path dir = Files.createTempDirectory("replicheck-p3bench-");
    try {
      for (String m : models) {
        for (int n : sizes) {
          int k = ScalingBench.keysFor(m, n, keys);
          Path file = dir.resolve(m + "-" + n + "-" + JsonlFormat.RUN_FILE);
          List<Integer> processes = write(m, n, k, clients, infoRate, file);
          CheckerLinearizability p3 = new CheckerLinearizability(timeLimit);
          long cpu0 = processCpuNanos();
          long t0 = System.nanoTime();
          CheckerLinearizability.Timed t = p3.checkTimed(file, processes, m);
          long nanos = System.nanoTime() - t0;
          long cpu = processCpuNanos() - cpu0;
          InvariantResult r = t.result();
          Row row =
              new Row(
                  m,
                  n,
                  k,
                  Files.size(file),
                  r.verdict().wireName(),
                  t.splitNanos() / 1e6,
                  t.checkNanos() / 1e6,
                  nanos / 1e6,
                  cpu / 1e6,
                  nanos / 1e3 / n,
                  t.parts(),
                  t.threads(),
                  r.reason());
          rows.add(row);
          progress.printf(
              "%-13s %,9d ops %,6d keys: %s, split %,.0f ms, check %,.0f ms, P3 %,.0f ms"
                  + " (%.2f µs/op, CPU %,.0f ms)%n",
              m,
              n,
              k,
              row.verdict(),
              row.splitMillis(),
              row.checkMillis(),
              row.totalMillis(),
              row.microsPerOp(),
              row.cpuMillis());
          Files.delete(file);
        }
      }
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
    return rows;
  }

  /** Writes the history as a run does; returns its client processes. */
  private static List<Integer> write(
      String model, int ops, int keys, int clients, double infoRate, Path file) throws IOException {
    History h =
        SyntheticHistory.generate(
            new SyntheticHistory.Spec(model, ops, keys, clients, infoRate, 42L));
    TreeSet<Integer> processes = new TreeSet<>();
    try (JsonlWriter w = JsonlWriter.gzip(file)) {
      for (Event e : h.events()) {
        w.write(e);
        if (!e.isNemesis()) processes.add(((Long) e.process()).intValue());
      }
    }
    return new ArrayList<>(processes);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The results file: the rows, the settings and the load average. */
  public static void writeJson(
      List<Row> rows, int clients, double infoRate, double loadBefore, Path out)
      throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("bench", "p3");
    doc.put("date", Instant.now().toString());
    doc.put("cores", Runtime.getRuntime().availableProcessors());
    doc.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    doc.put("loadAverageBefore", loadBefore);
    doc.put(
        "loadAverageAfter", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    doc.put("clients", clients);
    doc.put("infoRate", infoRate);
    doc.put("rows", rows);
    if (out.getParent() != null) Files.createDirectories(out.getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), doc);
  }
}
