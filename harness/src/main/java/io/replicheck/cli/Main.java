package io.replicheck.cli;

import io.replicheck.checker.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one launcher, {@code bin/replicheck}: every subcommand of the harness.
 *
 * <p>Exit codes follow the verdict: 0 valid, 1 invalid, 2 unknown, 3 error.
 */
@Command(
    name = "replicheck",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Testing and chaos harness for Redis-style master/replica replication.",
    subcommands = {
      RunCommand.class,
      ServerCommand.class,
      ProxyCommand.class,
      CheckCommand.class,
      ExportCommand.class,
      ExploreCommand.class,
      ReplayCommand.class,
      ShrinkCommand.class,
      ServeCommand.class,
      BenchCommand.class,
      BugsCommand.class,
      MergeCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class Main implements Runnable {

  // The codes are Verdict's (models), the one place they are defined.
  public static final int EXIT_VALID = Verdict.VALID.exitCode();
  public static final int EXIT_INVALID = Verdict.INVALID.exitCode();
  public static final int EXIT_UNKNOWN = Verdict.UNKNOWN.exitCode();
  public static final int EXIT_ERROR = Verdict.EXIT_ERROR;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code; user errors print one line, never a stack trace. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setParameterExceptionHandler(
        (e, badArgs) -> {
          e.getCommandLine().getErr().println("replicheck: " + e.getMessage());
          e.getCommandLine()
              .getErr()
              .println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return EXIT_ERROR;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof UserError) {
            commandLine.getErr().println("replicheck: " + e.getMessage());
          } else {
            commandLine.getErr().println("replicheck: internal error: " + e);
            if (System.getenv("REPLICHECK_DEBUG") != null) {
              e.printStackTrace(commandLine.getErr());
            }
          }
          return EXIT_ERROR;
        });
    return cli.execute(args);
  }
}
