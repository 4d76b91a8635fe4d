package io.replicheck.cli;

import picocli.CommandLine.Command;

/**
 * {@code replicheck bench ...}: the benchmarks, each writing a results file (never timed tests).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks: each writes a JSON results file and prints a markdown table.",
    subcommands = {
      BenchCheckerCommand.class,
      BenchProxyCommand.class,
      BenchHarnessCommand.class,
      BugCatalogueCommand.class,
      BenchServerCommand.class,
      BenchFullSyncCommand.class,
      BenchLagCommand.class,
      BenchStartupCommand.class,
      BenchDiffCommand.class
    })
final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
