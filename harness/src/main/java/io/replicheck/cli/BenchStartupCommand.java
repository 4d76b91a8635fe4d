package io.replicheck.cli;

import io.replicheck.bench.StartupBenchmark;
import io.replicheck.checker.KnossosCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code replicheck bench startup}: cold starts with and without the class-data sharing archive;
 * the logic is StartupBenchmark's.
 */
@Command(
    name = "startup",
    mixinStandardHelpOptions = true,
    description = {
      "Cold starts, with and without the launcher's class-data sharing archive, interleaved:",
      "bin/replicheck check of one small history and of the Knossos corpus (launcher included),",
      "and the reference server to its first PONG; writes JSON and a markdown table next to it."
    })
final class BenchStartupCommand implements Callable<Integer> {

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "results file (default: ${DEFAULT-VALUE})")
  Path out = Path.of("store", "bench", "startup.json");

  @Option(
      names = "--rounds",
      description = "timed rounds after an untimed one (default: ${DEFAULT-VALUE})")
  int rounds = 10;

  @Override
  public Integer call() throws Exception {
    if (rounds <= 0) throw new UserError("--rounds must be positive, got " + rounds);
    Path corpus =
        KnossosCorpus.locate(Path.of(""))
            .orElseThrow(
                () ->
                    new UserError(
                        "cannot find corpus/knossos above " + Path.of("").toAbsolutePath()));
    Path root = corpus.toAbsolutePath().getParent().getParent();
    if (!Files.isExecutable(root.resolve("bin/replicheck"))) {
      throw new UserError("no bin/replicheck in " + root);
    }
    String cds = System.getProperty("replicheck.cds");
    Path archive = cds == null ? null : Path.of(cds);
    if (archive == null || !Files.isRegularFile(archive)) {
      throw new UserError(
          "no class-data sharing archive: run this through bin/replicheck (REPLICHECK_CDS not off)");
    }
    List<StartupBenchmark.Series> series = StartupBenchmark.run(root, archive, rounds, System.out);
    String md =
        StartupBenchmark.write(
            series, "bin/replicheck bench startup --rounds " + rounds + " --out " + out, out);
    System.out.println();
    System.out.print(md);
    System.out.println("\nresults: " + out);
    return 0;
  }
}
