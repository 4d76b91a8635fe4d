package io.replicheck.cli;

import io.replicheck.proxy.bench.ProxyBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

  @Option(
      names = "--redis-server",
      paramLabel = "PATH",
      description = "(default: ${DEFAULT-VALUE})")
  Path redisServer = Path.of("/usr/bin/redis-server");

  @Option(
      names = "--redis-benchmark",
      paramLabel = "PATH",
      description = "(default: ${DEFAULT-VALUE})")
  Path redisBenchmark = Path.of("/usr/bin/redis-benchmark");

  @Override
  public Integer call() throws Exception {
    for (Path tool : new Path[] {redisServer, redisBenchmark}) {
      if (!Files.isExecutable(tool))
        throw new UserError(
            tool
                + " not found or not executable (Debian: apt-get install redis-server redis-tools)");
    }
    if (out.getParent() != null) Files.createDirectories(out.getParent());
    return ProxyBenchmark.run(out, redisServer.toString(), redisBenchmark.toString());
  }
}
