package io.replicheck.cli;

import io.replicheck.bench.FullSyncBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code replicheck bench fullsync}: full-sync time on both servers; the logic is
 * FullSyncBenchmark's.
 */
@Command(
    name = "fullsync",
    mixinStandardHelpOptions = true,
    description = {
      "Time for a fresh replica's full sync of N keys of S bytes, for every pair of the reference",
      "server and redis-server; writes JSON and a markdown table next to it."
    })
final class BenchFullSyncCommand implements Callable<Integer> {

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "results file (default: ${DEFAULT-VALUE})")
  Path out = Path.of("store", "bench", "fullsync.json");

  @Option(names = "--keys", description = "keys on the master (default: ${DEFAULT-VALUE})")
  int keys = 1_000_000;

  @Option(
      names = "--value-size",
      paramLabel = "BYTES",
      description = "bytes per value (default: ${DEFAULT-VALUE})")
  int valueSize = 100;

  @Mixin BenchServerTools.ServerOption redisServer = new BenchServerTools.ServerOption();

  @Override
  public Integer call() throws Exception {
    if (keys <= 0) throw new UserError("--keys must be positive, got " + keys);
    if (valueSize <= 0) throw new UserError("--value-size must be positive, got " + valueSize);
    Path server = redisServer.path();
    String command =
        "bin/replicheck bench fullsync --keys "
            + keys
            + " --value-size "
            + valueSize
            + " --out "
            + out;
    FullSyncBenchmark.Result r =
        FullSyncBenchmark.run(server, keys, valueSize, command, out, System.out);
    System.out.println();
    System.out.print(r.markdown());
    System.out.println("\nresults: " + out);
    return 0;
  }
}
