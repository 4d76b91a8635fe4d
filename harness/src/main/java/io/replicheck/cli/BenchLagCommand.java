package io.replicheck.cli;

import io.replicheck.bench.LagBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code replicheck bench lag}: replica lag under a write load; the logic is LagBenchmark's. */
@Command(
    name = "lag",
    mixinStandardHelpOptions = true,
    description = {
      "Replica lag (median and max, bytes) while redis-benchmark writes to the master, for",
      "redis -> redis and reference -> reference; writes JSON and a markdown table next to it."
    })
final class BenchLagCommand implements Callable<Integer> {

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "results file (default: ${DEFAULT-VALUE})")
  Path out = Path.of("store", "bench", "lag.json");

  @Option(
      names = "--requests",
      description = "SETs redis-benchmark sends (default: ${DEFAULT-VALUE})")
  int requests = 400_000;

  @Option(
      names = "--clients",
      description = "redis-benchmark connections (default: ${DEFAULT-VALUE})")
  int clients = 50;

  @Option(
      names = "--value-size",
      paramLabel = "BYTES",
      description = "bytes per value (default: ${DEFAULT-VALUE})")
  int valueSize = 100;

  @Option(
      names = "--redis-server",
      paramLabel = "PATH",
      description = "(default: redis-server on PATH)")
  Path redisServer;

  @Option(
      names = "--redis-benchmark",
      paramLabel = "PATH",
      description = "(default: redis-benchmark on PATH)")
  Path redisBenchmark;

  @Override
  public Integer call() throws Exception {
    if (requests <= 0) throw new UserError("--requests must be positive, got " + requests);
    if (clients <= 0) throw new UserError("--clients must be positive, got " + clients);
    if (valueSize <= 0) throw new UserError("--value-size must be positive, got " + valueSize);
    Path server = BenchServerTools.tool(redisServer, "redis-server", "redis-server");
    Path benchmark = BenchServerTools.tool(redisBenchmark, "redis-benchmark", "redis-tools");
    String command =
        "bin/replicheck bench lag --requests "
            + requests
            + " --clients "
            + clients
            + " --value-size "
            + valueSize
            + " --out "
            + out;
    LagBenchmark.Result r =
        LagBenchmark.run(server, benchmark, requests, clients, valueSize, command, out, System.out);
    System.out.println();
    System.out.print(r.markdown());
    System.out.println("\nresults: " + out);
    return 0;
  }
}
