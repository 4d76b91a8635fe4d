package io.replicheck.cli;

import io.replicheck.cluster.ClusterException;
import io.replicheck.explore.Outcome;
import io.replicheck.explore.Replay;
import io.replicheck.explore.ReplayException;
import io.replicheck.explore.RunnerExecutor;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code replicheck replay FILE}: re-runs a replay; exit 1 while the bug is still there. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Re-run the schedule of a replay.json against the server and options it names.",
      "Exit code: 0 valid, 1 invalid (the failure is still there), 2 unknown, 3 error."
    })
final class ReplayCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", description = "a replay.json written by explore or shrink")
  Path file;

  @Option(
      names = "--times",
      description = "run it N times; invalid if any run fails (default: ${DEFAULT-VALUE})")
  int times = 1;

  @Option(names = "--store", description = "where runs are kept (default: ${DEFAULT-VALUE})")
  Path store = Path.of("store");

  @Option(
      names = {"-v", "--verbose"},
      description = "print every phase of the run")
  boolean verbose;

  @Override
  public Integer call() {
    Replay replay = read(file);
    if (times < 1) throw new UserError("--times must be at least 1");
    System.out.printf(
        "replaying %s: %s, seed %d, against %s%n  %s%n",
        file,
        replay.failed().isEmpty() ? "schedule" : "failed " + replay.failed(),
        replay.seed(),
        replay.target().describe(),
        replay.schedule().describe());
    RunnerExecutor exec = ExploreCommand.executor(replay.target(), store, verbose);
    int invalid = 0;
    int reproduced = 0;
    int unknown = 0;
    for (int i = 0; i < times; i++) {
      Outcome o = execute(exec, replay.schedule(), replay.seed());
      System.out.printf(
          "run %d/%d: %s %s(%s) %s%n",
          i + 1,
          times,
          o.verdict(),
          o.failed().isEmpty() ? "" : o.failed() + " ",
          o.summary(),
          o.dir());
      if (o.invalid()) invalid++;
      if (o.reproduces(ids(replay))) reproduced++;
      else if (!o.verdict().equals("valid")) unknown++;
    }
    if (invalid > 0) {
      System.out.printf(
          "%nstill failing: %d/%d runs invalid, %d/%d with %s%n",
          invalid,
          times,
          reproduced,
          times,
          replay.failed().isEmpty() ? "any invariant" : replay.failed());
      return Main.EXIT_INVALID;
    }
    System.out.printf(
        "%n%s in %d/%d runs%n",
        unknown > 0 ? "no failure, some unknown" : "valid: the failure did not reproduce",
        times - invalid,
        times);
    return unknown > 0 ? Main.EXIT_UNKNOWN : Main.EXIT_VALID;
  }

  /**
   * One run; a run that could not be set up (e.g. replication links not up in time on a loaded
   * machine) is tried once more before it is reported as an error.
   */
  static Outcome execute(RunnerExecutor exec, io.replicheck.explore.Schedule schedule, long seed) {
    try {
      return exec.execute(schedule, seed);
    } catch (ClusterException first) {
      System.out.println("  run error: " + first.getMessage() + "; trying once more");
      try {
        return exec.execute(schedule, seed);
      } catch (ClusterException e) {
        throw new UserError(e.getMessage(), e);
      }
    }
  }

  static Replay read(Path file) {
    try {
      return Replay.read(file);
    } catch (ReplayException e) {
      throw new UserError(e.getMessage());
    }
  }

  static Set<String> ids(Replay r) {
    return Set.copyOf(r.failed());
  }
}
