package io.replicheck.cli;

import io.replicheck.proxy.bench.ProxyBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replicheck bench proxy}: the chaos proxy's overhead; the logic is ProxyBenchmark's. */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    description = {
      "redis-benchmark SET/GET -P 16 directly and through the chaos proxy (no toxics), and the",
      "added round-trip latency; writes JSON and prints a markdown table."
    })
final class BenchProxyCommand implements Callable<Integer> {

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "results file (default: ${DEFAULT-VALUE})")
  Path out = Path.of("store", "bench", "proxy.json");

  @Mixin BenchServerTools.ServerOption redisServer = new BenchServerTools.ServerOption();

  @Mixin BenchServerTools.BenchmarkOption redisBenchmark = new BenchServerTools.BenchmarkOption();

  @Override
  public Integer call() throws Exception {
    Path server = redisServer.path();
    Path benchmark = redisBenchmark.path();
    if (out.getParent() != null) Files.createDirectories(out.getParent());
    return ProxyBenchmark.run(out, server.toString(), benchmark.toString());
  }
}
