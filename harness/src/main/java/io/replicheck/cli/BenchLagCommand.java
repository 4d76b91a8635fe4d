package io.replicheck.cli;

import io.replicheck.bench.LagBenchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replicheck bench lag}: replica lag under a write load; the logic is LagBenchmark's. */
@Command(
    name = "lag",
    mixinStandardHelpOptions = true,
    description = {
      "A master's SET throughput and its replicas' lag (median and max, bytes) while",
      "redis-benchmark writes to it, with 1 and 2 replicas (--replicas), for redis -> redis and",
      "reference -> reference, both set up at once and measured in turn for --rounds rounds",
      "(median throughput, CPU per SET); writes JSON and a markdown table next to it."
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
      names = "--warmup",
      paramLabel = "N",
      description =
          "SETs sent to each setup before the rounds, for the JIT (default: ${DEFAULT-VALUE})")
  int warmup = 200_000;

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
      names = "--replicas",
      split = ",",
      paramLabel = "N[,N...]",
      description =
          "replica counts to measure, each against redis and the reference server"
              + " (default: ${DEFAULT-VALUE})")
  List<Integer> replicas = List.of(1, 2);

  @Option(
      names = "--rounds",
      description =
          "rounds per setup, the two servers alternating; medians kept (default: ${DEFAULT-VALUE})")
  int rounds = 3;

  @Mixin BenchServerTools.ServerOption redisServer = new BenchServerTools.ServerOption();

  @Mixin BenchServerTools.BenchmarkOption redisBenchmark = new BenchServerTools.BenchmarkOption();

  @Override
  public Integer call() throws Exception {
    if (requests <= 0) throw new UserError("--requests must be positive, got " + requests);
    if (warmup < 0) throw new UserError("--warmup must not be negative, got " + warmup);
    if (clients <= 0) throw new UserError("--clients must be positive, got " + clients);
    if (rounds <= 0) throw new UserError("--rounds must be positive, got " + rounds);
    if (valueSize <= 0) throw new UserError("--value-size must be positive, got " + valueSize);
    for (int n : replicas) {
      if (n <= 0 || n > 8) throw new UserError("--replicas takes counts from 1 to 8, got " + n);
    }
    Path server = redisServer.path();
    Path benchmark = redisBenchmark.path();
    String command =
        "bin/replicheck bench lag --requests "
            + requests
            + " --warmup "
            + warmup
            + " --clients "
            + clients
            + " --value-size "
            + valueSize
            + " --replicas "
            + replicas.stream()
                .map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(","))
            + " --rounds "
            + rounds
            + " --out "
            + out;
    LagBenchmark.Result r =
        LagBenchmark.run(
            server,
            benchmark,
            requests,
            warmup,
            clients,
            valueSize,
            replicas,
            rounds,
            command,
            out,
            System.out);
    System.out.println();
    System.out.print(r.markdown());
    System.out.println("\nresults: " + out);
    return 0;
  }
}
