package io.replicheck.cli;

import io.replicheck.bench.HarnessBenchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code replicheck bench harness}: the scale figure; the logic is HarnessBenchmark's. */
@Command(
    name = "harness",
    mixinStandardHelpOptions = true,
    description = {
      "Ops/s the harness records and checks with 5, 20 and 100 clients (no faults), and",
      "plain redis-benchmark SET against the same server for comparison."
    })
final class BenchHarnessCommand implements Callable<Integer> {

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "results file (default: ${DEFAULT-VALUE})")
  Path out = Path.of("store", "bench", "harness.json");

  @Option(names = "--time", description = "length of each run (default: ${DEFAULT-VALUE})")
  String time = "60s";

  @Option(names = "--clients", split = ",", description = "client counts (default: 5,20,100)")
  List<Integer> clients = List.of(5, 20, 100);

  @Option(names = "--workload", description = "workload of the runs (default: ${DEFAULT-VALUE})")
  String workload = "register";

  @Option(
      names = "--server",
      paramLabel = "PATH",
      description = "a redis-server compatible binary (default: the reference server)")
  Path server;

  @Override
  public Integer call() throws Exception {
    HarnessBenchmark.Result r =
        HarnessBenchmark.run(
            server,
            workload,
            RunCommand.duration("--time", time),
            clients,
            Services::startProxy,
            Services.linearizability(),
            System.out);
    r.write(out);
    System.out.println();
    System.out.print(r.markdown());
    System.out.println("\nresults: " + out);
    return 0;
  }
}
