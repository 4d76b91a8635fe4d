package io.replicheck.checker;

import io.replicheck.history.History;
import io.replicheck.model.Models;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code replicheck bench checker --scaling}: the checker's time against history length for every
 * model, on synthetic linearizable histories ({@link SyntheticHistory}) checked in one warm JVM. An
 * invalid verdict is a mismatch (a bug); an unknown one (the search's budget ran out) ends that
 * model's longer lengths.
 */
public final class ScalingBench {

  /** Models whose values grow with the history (reads return every append): see keysFor. */
  private static final Set<String> GROWING_VALUES = Set.of("list-append", "set", "key-value");

  /** Ops per key at least for {@link #GROWING_VALUES} models. */
  static final int OPS_PER_GROWING_KEY = 100;

  /**
   * One model at one length.
   *
   * @param model the model's name
   * @param ops client ops in the history
   * @param keys keys it spreads over
   * @param verdict the checker's verdict (valid by construction)
   * @param states configurations memoized
   * @param generateMillis making the history
   * @param checkMillis checking it: the median of {@code repeats} checks, wall clock
   * @param checkCpuMillis the checking thread's CPU time in that check: on a loaded machine the
   *     wall clock measures the other processes too
   * @param repeats how many checks the median is of
   */
  public record Row(
      String model,
      int ops,
      int keys,
      Verdict verdict,
      long states,
      double generateMillis,
      double checkMillis,
      double checkCpuMillis,
      int repeats) {}

  /** What was run and its rows. */
  public record Result(
      List<String> models,
      List<Integer> sizes,
      int keys,
      int clients,
      double infoRate,
      List<Row> rows) {
    /** Histories found invalid: each is linearizable by construction, so each is a bug. */
    public long mismatches() {
      return rows.stream().filter(r -> r.verdict() == Verdict.INVALID).count();
    }
  }

  private static final java.lang.management.ThreadMXBean CPU =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private ScalingBench() {}

  /**
   * The keys a history of {@code ops} ops of {@code model} spreads over: {@code keys}, or for
   * models whose reads return every value written so far (lists, sets, appended strings) enough
   * keys for about {@value #OPS_PER_GROWING_KEY} ops each, so a million-op history stays in memory;
   * multi-register, which cannot be split by key, {@value #MULTI_REGISTERS} registers.
   */
  public static int keysFor(String model, int ops, int keys) {
    String name = Models.kind(model).name();
    if (name.equals("multi-register")) {
      // one history over every register (transactions span them): Knossos's x and y
      return Math.min(keys, MULTI_REGISTERS);
    }
    return GROWING_VALUES.contains(name) ? Math.max(keys, ops / OPS_PER_GROWING_KEY) : keys;
  }

  /** Registers of a multi-register history, as Knossos's (x and y). */
  static final int MULTI_REGISTERS = 2;

  /**
   * Runs every model at every size (ascending), after an untimed warm-up check of each model at the
   * smallest size; {@code progress} gets a line per row.
   */
  public static Result run(
      List<String> models,
      List<Integer> sizes,
      int keys,
      int clients,
      double infoRate,
      SearchBudget budget,
      PrintStream progress) {
    List<Integer> sorted = sizes.stream().sorted().toList();
    for (String m : models) {
      History h =
          SyntheticHistory.generate(
              spec(m, Math.min(10_000, sorted.get(0)), keys, clients, infoRate));
      LinearizabilityChecker.check(
          Models.byName(m), h, budget.withTimeLimit(java.time.Duration.ofSeconds(2)));
    }
    List<Row> rows = new ArrayList<>();
    for (String m : models) {
      boolean givenUp = false;
      for (int n : sorted) {
        if (givenUp) {
          progress.printf("%-15s %,10d ops: skipped (unknown at a shorter length)%n", m, n);
          continue;
        }
        SyntheticHistory.Spec spec = spec(m, n, keys, clients, infoRate);
        long t0 = System.nanoTime();
        History h = SyntheticHistory.generate(spec);
        double gen = (System.nanoTime() - t0) / 1e6;
        int repeats = (int) Math.max(1, Math.min(5, 100_000L / n));
        List<double[]> times = new ArrayList<>();
        CheckResult r = null;
        for (int i = 0; i < repeats; i++) {
          long cpu0 = CPU.getCurrentThreadCpuTime();
          long c0 = System.nanoTime();
          r = LinearizabilityChecker.check(Models.byName(m), h, budget);
          times.add(
              new double[] {
                (System.nanoTime() - c0) / 1e6, (CPU.getCurrentThreadCpuTime() - cpu0) / 1e6
              });
        }
        times.sort((a, b) -> Double.compare(a[0], b[0]));
        double[] median = times.get(times.size() / 2);
        Row row =
            new Row(
                m,
                h.ops().size(),
                spec.keys(),
                r.verdict(),
                r.stats().statesExplored(),
                gen,
                median[0],
                median[1],
                repeats);
        rows.add(row);
        givenUp = row.verdict() == Verdict.UNKNOWN;
        progress.printf(
            "%-15s %,10d ops %,7d keys  %-7s %,12.1f ms check (%,.1f ms CPU)  (%,.0f ms to"
                + " generate)%n",
            m,
            row.ops(),
            row.keys(),
            row.verdict().wireName(),
            row.checkMillis(),
            row.checkCpuMillis(),
            row.generateMillis());
        h = null; // let the history go before the next, larger one
      }
    }
    return new Result(models, sorted, keys, clients, infoRate, rows);
  }

  private static SyntheticHistory.Spec spec(
      String model, int n, int keys, int clients, double infoRate) {
    return new SyntheticHistory.Spec(
        model, n, keysFor(model, n, keys), clients, infoRate, 0x5ca1ab1eL + n);
  }

  /** Writes the figures, with the JVM's cores and heap, as JSON. */
  public static void writeJson(Result r, Path out) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("benchmark", "checker-scaling");
    doc.put("date", Instant.now().toString());
    Map<String, Object> jvm = new LinkedHashMap<>();
    jvm.put("version", System.getProperty("java.version"));
    jvm.put("availableProcessors", Runtime.getRuntime().availableProcessors());
    jvm.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    doc.put("jvm", jvm);
    doc.put(
        "loadAverage",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    doc.put("keys", r.keys());
    doc.put("opsPerKeyForGrowingValues", OPS_PER_GROWING_KEY);
    doc.put("clients", r.clients());
    doc.put("infoRate", r.infoRate());
    doc.put("mismatches", r.mismatches());
    List<Object> rows = new ArrayList<>();
    for (Row row : r.rows()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model", row.model());
      m.put("ops", row.ops());
      m.put("keys", row.keys());
      m.put("verdict", row.verdict().wireName());
      m.put("statesExplored", row.states());
      m.put("generateMillis", round(row.generateMillis()));
      m.put("checkMillis", round(row.checkMillis()));
      m.put("checkCpuMillis", round(row.checkCpuMillis()));
      m.put("repeats", row.repeats());
      rows.add(m);
    }
    doc.put("results", rows);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, CheckTool.toJson(doc) + "\n", StandardCharsets.UTF_8);
  }

  /** A markdown table: a row per model, a column per length, check milliseconds in the cells. */
  public static void printTable(Result r, PrintStream out) {
    out.printf(
        "Checker scaling: %d clients, %.1f%% info ops, %d keys (lists, sets, strings: %d ops per"
            + " key), %d mismatches (%d cores, max heap %d MiB)%n%n",
        r.clients(),
        r.infoRate() * 100,
        r.keys(),
        OPS_PER_GROWING_KEY,
        r.mismatches(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    StringBuilder head = new StringBuilder("| model |");
    StringBuilder rule = new StringBuilder("|---|");
    for (int n : r.sizes()) {
      head.append(String.format(" %,d ops |", n));
      rule.append("---:|");
    }
    out.println(head);
    out.println(rule);
    for (String m : r.models()) {
      StringBuilder line = new StringBuilder("| " + m + " |");
      for (int n : r.sizes()) {
        Row row =
            r.rows().stream()
                .filter(x -> x.model().equals(m) && x.ops() == n)
                .findFirst()
                .orElse(null);
        line.append(
            row == null
                ? " - |"
                : String.format(
                    " %,.1f ms (%,.1f CPU)%s |",
                    row.checkMillis(),
                    row.checkCpuMillis(),
                    row.verdict() == Verdict.VALID ? "" : " **" + row.verdict().wireName() + "**"));
      }
      out.println(line);
    }
  }

  private static double round(double ms) {
    return Math.round(ms * 100) / 100.0;
  }
}
