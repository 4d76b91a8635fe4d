package io.replicheck.cli;

import io.replicheck.bench.ServerBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code replicheck bench server}: the reference server vs redis-server; the logic is
 * ServerBenchmark's.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "redis-benchmark SET/GET at -P 1 and -P 16, and ZADD, XADD, EVALSHA and PUBLISH at -P 1,",
      "against the reference server and redis-server in one run, alternating for --rounds rounds",
      "(medians kept); writes JSON and a markdown table next to it."
    })
final class BenchServerCommand implements Callable<Integer> {

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "results file (default: ${DEFAULT-VALUE})")
  Path out = Path.of("store", "bench", "server.json");

  @Option(names = "--requests", description = "requests per test (default: ${DEFAULT-VALUE})")
  int requests = 200_000;

  @Option(
      names = "--clients",
      description = "redis-benchmark connections (default: ${DEFAULT-VALUE})")
  int clients = 50;

  @Option(
      names = "--rounds",
      description =
          "rounds per measurement, the servers alternating; medians kept (default: ${DEFAULT-VALUE})")
  int rounds = 3;

  @Mixin BenchServerTools.ServerOption redisServer = new BenchServerTools.ServerOption();

  @Mixin BenchServerTools.BenchmarkOption redisBenchmark = new BenchServerTools.BenchmarkOption();

  @Override
  public Integer call() throws Exception {
    if (requests <= 0) throw new UserError("--requests must be positive, got " + requests);
    if (clients <= 0) throw new UserError("--clients must be positive, got " + clients);
    if (rounds <= 0) throw new UserError("--rounds must be positive, got " + rounds);
    Path server = redisServer.path();
    Path benchmark = redisBenchmark.path();
    String command =
        "bin/replicheck bench server --requests "
            + requests
            + " --clients "
            + clients
            + " --rounds "
            + rounds
            + " --out "
            + out;
    ServerBenchmark.Result r =
        ServerBenchmark.run(server, benchmark, requests, clients, rounds, command, out, System.out);
    System.out.println();
    System.out.print(r.markdown());
    System.out.println("\nresults: " + out);
    return 0;
  }
}
