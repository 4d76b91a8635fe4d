package io.replicheck.cli;

import io.replicheck.bench.DiffBenchmark;
import io.replicheck.fuzz.CommandFamilies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code replicheck bench diff}: the differential fuzzer against redis-server; exit 1 on a
 * difference.
 */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Seeded random command sequences sent to the reference server and to redis-server side",
      "by side; replies, error texts and each sequence's DEBUG DIGEST must agree. Writes the",
      "commands covered, sequences run and every unexplained difference; exits 1 if any."
    })
final class BenchDiffCommand implements Callable<Integer> {
  @Option(names = "--sequences", description = "sequences to run (default: ${DEFAULT-VALUE})")
  int sequences = 1000;

  @Option(names = "--commands", description = "commands per sequence (default: ${DEFAULT-VALUE})")
  int commands = 40;

  @Option(names = "--seed", description = "first seed (default: ${DEFAULT-VALUE})")
  long seed = 1;

  @Option(
      names = "--families",
      split = ",",
      description = "command families (default: all: ${DEFAULT-VALUE})")
  List<String> families = CommandFamilies.NAMES;

  @Option(
      names = "--parallel",
      description =
          "server pairs (a reference server and a redis-server each) run side by side"
              + " (default: ${DEFAULT-VALUE})")
  int parallel = 1;

  @Option(
      names = "--max-differences",
      description = "stop after this many differences (default: ${DEFAULT-VALUE})")
  int maxDifferences = 50;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "results file (default: ${DEFAULT-VALUE})")
  Path out = Path.of("store", "bench", "diff.json");

  @Mixin BenchServerTools.ServerOption redisServer = new BenchServerTools.ServerOption();

  @Override
  public Integer call() throws Exception {
    if (sequences <= 0) throw new UserError("--sequences must be positive, got " + sequences);
    if (commands <= 0) throw new UserError("--commands must be positive, got " + commands);
    if (parallel <= 0 || parallel > 64) {
      throw new UserError("--parallel must be between 1 and 64, got " + parallel);
    }
    if (maxDifferences <= 0) {
      throw new UserError("--max-differences must be positive, got " + maxDifferences);
    }
    List<io.replicheck.fuzz.CommandFamily> fams;
    try {
      fams = CommandFamilies.of(families);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    Path server = redisServer.path();
    String command =
        "bin/replicheck bench diff --sequences "
            + sequences
            + " --commands "
            + commands
            + " --seed "
            + seed
            + " --parallel "
            + parallel
            + " --families "
            + String.join(",", families);
    Path dir = Files.createTempDirectory("replicheck-diff");
    DiffBenchmark.Result r =
        DiffBenchmark.run(
            server,
            dir,
            fams,
            seed,
            sequences,
            commands,
            maxDifferences,
            parallel,
            command,
            out,
            System.out);
    System.out.print(r.markdown());
    System.out.println("results: " + out);
    return r.differences().isEmpty() ? 0 : 1;
  }
}
