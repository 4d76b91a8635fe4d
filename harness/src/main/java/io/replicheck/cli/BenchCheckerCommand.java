package io.replicheck.cli;

import io.replicheck.checker.CorpusBench;
import io.replicheck.checker.KnossosCorpus;
import io.replicheck.checker.SearchBudget;
import io.replicheck.history.HistoryFormatException;
import java.io.IOException;
import java.nio.file.Path;
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
      "print a markdown table. Exit code 1 when any verdict differs from Knossos's."
    })
final class BenchCheckerCommand implements Callable<Integer> {

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "results file (default: ${DEFAULT-VALUE})")
  Path out = Path.of("store", "bench", "checker.json");

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
}
