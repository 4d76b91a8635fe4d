package io.replicheck.cli;

import io.replicheck.checker.CorpusBench;
import io.replicheck.checker.KnossosCorpus;
import io.replicheck.checker.ScalingBench;
import io.replicheck.checker.SearchBudget;
import io.replicheck.history.HistoryFormatException;
import io.replicheck.model.Models;
import io.replicheck.runner.P3Bench;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code replicheck bench checker}: times the checker on the whole Knossos corpus; the logic is
 * CorpusBench's.
 */
@Command(
    name = "checker",
    mixinStandardHelpOptions = true,
    description = {
      "Check every history of the Knossos corpus, write per-file times and the total as JSON,",
      "print a markdown table. Exit code 1 when any verdict differs from Knossos's.",
      "With --scaling: time against history length for every model instead, on synthetic",
      "linearizable histories in one warm JVM; exit code 1 when any is not found valid."
    })
final class BenchCheckerCommand implements Callable<Integer> {

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "results file (default: store/bench/checker.json)")
  Path out;

  @Option(
      names = "--scaling",
      description =
          "time against history length per model (default results file: store/bench/checker-scaling.json)")
  boolean scaling;

  @Option(
      names = "--p3",
      description =
          "P3 from a run's history file instead: synthetic histories written as history.jsonl.gz,"
              + " split by key on disk and checked, timed per op (default results file:"
              + " store/bench/checker-p3.json; default --sizes 1000000, --models register,list-append)")
  boolean p3;

  @Option(
      names = "--sizes",
      split = ",",
      paramLabel = "N",
      description = "--scaling, --p3: history lengths in ops (default: 1000,10000,100000,1000000)")
  List<Integer> sizes;

  @Option(
      names = "--models",
      split = ",",
      paramLabel = "MODEL",
      description =
          "--scaling, --p3: models (default: every registered one; --p3: register,list-append)")
  List<String> models;

  @Option(
      names = "--keys",
      description =
          "--scaling, --p3: keys (default: ${DEFAULT-VALUE}; lists, sets and strings: 100 ops per key)")
  int keys = 100;

  @Option(
      names = "--clients",
      description = "--scaling, --p3: concurrent clients (default: ${DEFAULT-VALUE})")
  int clients = 20;

  @Option(
      names = "--info-rate",
      paramLabel = "P",
      description = "--scaling, --p3: share of ops ending in info (default: ${DEFAULT-VALUE})")
  double infoRate = 0.01;

  @Option(
      names = "--time-limit",
      paramLabel = "S",
      description =
          "--scaling, --p3: seconds per check before the verdict is unknown, which skips that model's"
              + " longer histories (default: ${DEFAULT-VALUE})")
  double timeLimit = 60;

  @Option(
      names = "--corpus",
      paramLabel = "DIR",
      description =
          "the corpus folder (default: corpus/knossos of the repository, found above the working directory)")
  Path corpus;

  @Option(
      names = "--warmup",
      description = "untimed passes before the timed one (default: ${DEFAULT-VALUE})")
  int warmup = 2;

  @Override
  public Integer call() {
    if (scaling && p3) throw new UserError("--scaling and --p3 are different benches: pick one");
    if (p3) {
      return p3();
    }
    if (scaling) {
      return scaling();
    }
    if (out == null) {
      out = Path.of("store", "bench", "checker.json");
    }
    Path dir =
        corpus != null
            ? corpus
            : KnossosCorpus.locate(Path.of(""))
                .orElseThrow(
                    () ->
                        new UserError(
                            "cannot find corpus/knossos above "
                                + Path.of("").toAbsolutePath()
                                + "; pass --corpus DIR"));
    try {
      CorpusBench.Result r = CorpusBench.run(dir, Math.max(0, warmup), SearchBudget.defaults());
      CorpusBench.writeJson(r, dir, out);
      CorpusBench.printTable(r, System.out);
      System.out.println();
      System.out.println("results: " + out);
      return r.mismatches() == 0 ? 0 : 1;
    } catch (HistoryFormatException e) {
      throw new UserError(e.getMessage());
    } catch (IOException | IllegalStateException e) {
      throw new UserError("bench checker: " + e.getMessage());
    }
  }

  private int p3() {
    List<String> names = models == null ? List.of("register", "list-append") : models;
    List<Integer> lengths = sizes == null ? List.of(1_000_000) : sizes;
    validate(names, lengths);
    Path file = out != null ? out : Path.of("store", "bench", "checker-p3.json");
    double load =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    try {
      List<P3Bench.Row> rows =
          P3Bench.run(
              names,
              lengths,
              keys,
              clients,
              infoRate,
              Duration.ofNanos((long) (timeLimit * 1e9)),
              System.out);
      P3Bench.writeJson(rows, clients, infoRate, load, file);
      System.out.println();
      System.out.println("results: " + file);
      return rows.stream().anyMatch(r -> r.verdict().equals("invalid")) ? 1 : 0;
    } catch (IOException e) {
      throw new UserError("bench checker: " + e.getMessage());
    }
  }

  private void validate(List<String> names, List<Integer> lengths) {
    try {
      for (String m : names) {
        Models.kind(m);
      }
      if (lengths.isEmpty() || lengths.stream().anyMatch(n -> n < 1)) {
        throw new IllegalArgumentException("--sizes must be positive numbers of ops");
      }
      if (keys < 1 || clients < 1 || !(infoRate >= 0 && infoRate <= 1) || !(timeLimit > 0)) {
        throw new IllegalArgumentException(
            "--keys, --clients and --time-limit must be positive and --info-rate between 0 and"
                + " 1");
      }
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  private int scaling() {
    List<String> names = models == null ? Models.NAMES : models;
    if (sizes == null) sizes = List.of(1_000, 10_000, 100_000, 1_000_000);
    try {
      for (String m : names) {
        Models.kind(m);
      }
      if (sizes.isEmpty() || sizes.stream().anyMatch(n -> n < 1)) {
        throw new IllegalArgumentException("--sizes must be positive numbers of ops");
      }
      if (keys < 1 || clients < 1 || !(infoRate >= 0 && infoRate <= 1) || !(timeLimit > 0)) {
        throw new IllegalArgumentException(
            "--keys, --clients and --time-limit must be positive and --info-rate between 0 and"
                + " 1");
      }
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    Path file = out != null ? out : Path.of("store", "bench", "checker-scaling.json");
    ScalingBench.Result r =
        ScalingBench.run(
            names,
            sizes,
            keys,
            clients,
            infoRate,
            SearchBudget.defaults().withTimeLimit(Duration.ofNanos((long) (timeLimit * 1e9))),
            System.out);
    try {
      ScalingBench.writeJson(r, file);
    } catch (IOException e) {
      throw new UserError("bench checker: " + e.getMessage());
    }
    System.out.println();
    ScalingBench.printTable(r, System.out);
    System.out.println();
    System.out.println("results: " + file);
    return r.mismatches() == 0 ? 0 : 1;
  }
}
