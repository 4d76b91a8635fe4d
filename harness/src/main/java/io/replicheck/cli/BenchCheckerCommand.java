package io.replicheck.cli;

import io.replicheck.checker.CorpusBench;
import io.replicheck.checker.KnossosCorpus;
import io.replicheck.checker.ScalingBench;
import io.replicheck.checker.SearchBudget;
import io.replicheck.history.HistoryFormatException;
import io.replicheck.model.Models;
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
      names = "--sizes",
      split = ",",
      paramLabel = "N",
      description = "--scaling: history lengths in ops (default: ${DEFAULT-VALUE})")
  List<Integer> sizes = List.of(1_000, 10_000, 100_000, 1_000_000);

  @Option(
      names = "--models",
      split = ",",
      paramLabel = "MODEL",
      description = "--scaling: models (default: every registered one)")
  List<String> models;

  @Option(
      names = "--keys",
      description =
          "--scaling: keys (default: ${DEFAULT-VALUE}; lists, sets and strings: 100 ops per key)")
  int keys = 100;

  @Option(
      names = "--clients",
      description = "--scaling: concurrent clients (default: ${DEFAULT-VALUE})")
  int clients = 20;

  @Option(
      names = "--info-rate",
      paramLabel = "P",
      description = "--scaling: share of ops ending in info (default: ${DEFAULT-VALUE})")
  double infoRate = 0.01;

  @Option(
      names = "--time-limit",
      paramLabel = "S",
      description =
          "--scaling: seconds per check before the verdict is unknown, which skips that model's"
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

  private int scaling() {
    List<String> names = models == null ? Models.NAMES : models;
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
