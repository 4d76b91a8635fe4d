package io.replicheck.checker;

import io.replicheck.history.History;
import io.replicheck.history.HistoryFormat;
import io.replicheck.history.HistoryFormatException;
import io.replicheck.model.Models;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code replicheck bench checker}: reads and checks every Knossos corpus file, timing each (parse
 * plus check, after warm-up passes; the first pass's total is kept as the cold figure), writes the
 * figures as JSON and prints a markdown table.
 */
public final class CorpusBench {

  /**
   * One file's figures.
   *
   * @param name {@code model/good|bad/file.edn}
   * @param verdict what the checker said
   * @param expected what Knossos says
   * @param ops client ops
   * @param states memoized configurations
   * @param millis parse plus check, in the timed pass
   */
  public record Row(
      String name,
      String model,
      Verdict expected,
      Verdict verdict,
      int ops,
      long states,
      double millis) {
    public boolean matches() {
      return verdict == expected;
    }
  }

  /** The whole run. */
  public record Result(List<Row> rows, double totalMillis, int warmups, double coldTotalMillis) {
    public long mismatches() {
      return rows.stream().filter(r -> !r.matches()).count();
    }

    public Row slowest() {
      return rows.stream().max(Comparator.comparingDouble(Row::millis)).orElseThrow();
    }
  }

  private CorpusBench() {}

  /** Checks the corpus {@code warmups + 1} times; the last pass is the one reported. */
  public static Result run(Path corpus, int warmups, SearchBudget budget)
      throws HistoryFormatException {
    List<KnossosCorpus.Case> cases = KnossosCorpus.cases(corpus);
    List<Row> rows = null;
    double total = 0;
    double cold = 0;
    for (int pass = 0; pass <= warmups; pass++) {
      rows = new ArrayList<>();
      long passStart = System.nanoTime();
      for (KnossosCorpus.Case c : cases) {
        long t0 = System.nanoTime();
        History h = HistoryFormat.readFile(c.file(), HistoryFormat.EDN);
        CheckResult r = LinearizabilityChecker.check(Models.byName(c.model()), h, budget);
        double ms = (System.nanoTime() - t0) / 1e6;
        rows.add(
            new Row(
                c.name(),
                c.model(),
                c.expected(),
                r.verdict(),
                h.ops().size(),
                r.stats().statesExplored(),
                ms));
      }
      total = (System.nanoTime() - passStart) / 1e6;
      if (pass == 0) {
        cold = total;
      }
    }
    return new Result(rows, total, warmups, cold);
  }

  /** Writes the figures, with the JVM's cores and heap, as JSON. */
  public static void writeJson(Result r, Path corpus, Path out) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("benchmark", "checker-corpus");
    doc.put("date", Instant.now().toString());
    doc.put("corpus", corpus.toString());
    Map<String, Object> jvm = new LinkedHashMap<>();
    jvm.put("version", System.getProperty("java.version"));
    jvm.put("availableProcessors", Runtime.getRuntime().availableProcessors());
    jvm.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    doc.put("jvm", jvm);
    doc.put("warmupPasses", r.warmups());
    doc.put("files", r.rows().size());
    doc.put("mismatches", r.mismatches());
    doc.put("totalMillis", round(r.totalMillis()));
    doc.put("coldTotalMillis", round(r.coldTotalMillis()));
    doc.put("maxFileMillis", round(r.slowest().millis()));
    doc.put("slowestFile", r.slowest().name());
    List<Object> rows = new ArrayList<>();
    for (Row row : r.rows()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", row.name());
      m.put("model", row.model());
      m.put("expected", row.expected().wireName());
      m.put("verdict", row.verdict().wireName());
      m.put("ops", row.ops());
      m.put("statesExplored", row.states());
      m.put("millis", round(row.millis()));
      rows.add(m);
    }
    doc.put("results", rows);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, CheckTool.toJson(doc) + "\n", StandardCharsets.UTF_8);
  }

  /** A markdown table: a summary, then every file, slowest first. */
  public static void printTable(Result r, PrintStream out) {
    out.printf(
        "Knossos corpus: %d files, %d mismatches, total %.0f ms (first pass, cold JVM: %.0f ms), slowest %s %.1f ms"
            + " (%d warm-up passes, %d cores, max heap %d MiB)%n%n",
        r.rows().size(),
        r.mismatches(),
        r.totalMillis(),
        r.coldTotalMillis(),
        r.slowest().name(),
        r.slowest().millis(),
        r.warmups(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    out.println("| file | model | expected | verdict | ops | states | ms |");
    out.println("|---|---|---|---|---:|---:|---:|");
    List<Row> sorted = new ArrayList<>(r.rows());
    sorted.sort(Comparator.comparingDouble(Row::millis).reversed());
    for (Row row : sorted) {
      out.printf(
          "| %s | %s | %s | %s%s | %d | %d | %.1f |%n",
          row.name(),
          row.model(),
          row.expected().wireName(),
          row.verdict().wireName(),
          row.matches() ? "" : " **MISMATCH**",
          row.ops(),
          row.states(),
          row.millis());
    }
  }

  private static double round(double ms) {
    return Math.round(ms * 100) / 100.0;
  }
}
