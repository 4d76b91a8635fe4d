package io.replicheck.cli;

import io.replicheck.checker.Verdict;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
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
    description = "Testing and chaos harness for Redis-style master/replica replication.")
public final class Main implements Runnable {

  /** The subcommands' names, in the order help lists them; {@link #subcommand} makes each. */
  static final List<String> SUBCOMMANDS =
      List.of(
          "run", "server", "proxy", "check", "export", "explore", "replay", "shrink", "serve",
          "bench", "bugs", "merge", "help");

  /**
   * A new instance of the subcommand called {@code name}, or null. Made only when invoked (a
   * switch, not constructor references, so no other command's class is even loaded): building every
   * one loads each command's classes and picocli's model of its options, which is most of a short
   * command's start-up (docs/benchmarks.md).
   */
  static Object subcommand(String name) {
    return switch (name) {
      case "run" -> new RunCommand();
      case "server" -> new ServerCommand();
      case "proxy" -> new ProxyCommand();
      case "check" -> new CheckCommand();
      case "export" -> new ExportCommand();
      case "explore" -> new ExploreCommand();
      case "replay" -> new ReplayCommand();
      case "shrink" -> new ShrinkCommand();
      case "serve" -> new ServeCommand();
      case "bench" -> new BenchCommand();
      case "bugs" -> new BugsCommand();
      case "merge" -> new MergeCommand();
      case "help" -> new CommandLine.HelpCommand();
      default -> null;
    };
  }

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

  /**
   * The CLI with every subcommand, or with only {@code only} (a subcommand's name) when it is one
   * other than help: the command line of one subcommand parses the same either way.
   */
  static CommandLine commandLine(String only) {
    CommandLine cli = new CommandLine(new Main());
    Object one = only == null || only.equals("help") ? null : subcommand(only);
    if (one != null) {
      cli.addSubcommand(only, one);
    } else {
      for (String name : SUBCOMMANDS) {
        cli.addSubcommand(name, subcommand(name));
      }
    }
    // descriptions are written as lines of up to 100 characters: wrapped at picocli's 80 they
    // broke mid-sentence
    cli.setUsageHelpWidth(100);
    return cli;
  }

  /** Runs the CLI and returns its exit code; user errors print one line, never a stack trace. */
  public static int execute(String... args) {
    if (args.length > 1 && args[0].equals("check")) {
      // check's start-up without picocli (building its model is most of a small file's time);
      // anything but plain options and files (help, a bad value) goes through picocli below
      CheckCommand fast = CheckCommand.parse(Arrays.copyOfRange(args, 1, args.length));
      if (fast != null) {
        PrintWriter err = new PrintWriter(System.err, true);
        try {
          return fast.call();
        } catch (Exception e) {
          return failed(e, err);
        }
      }
    }
    CommandLine cli = commandLine(args.length > 0 ? args[0] : null);
    cli.setParameterExceptionHandler(
        (e, badArgs) -> {
          e.getCommandLine().getErr().println("replicheck: " + e.getMessage());
          e.getCommandLine()
              .getErr()
              .println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return EXIT_ERROR;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> failed(e, commandLine.getErr()));
    return cli.execute(args);
  }

  /** A command's failure: a user error in one line, anything else as an internal error. */
  private static int failed(Exception e, PrintWriter err) {
    if (e instanceof UserError) {
      err.println("replicheck: " + e.getMessage());
    } else {
      err.println("replicheck: internal error: " + e);
      if (System.getenv("REPLICHECK_DEBUG") != null) {
        e.printStackTrace(err);
      }
    }
    return EXIT_ERROR;
  }
}
