package io.replicheck.cli;

import io.replicheck.cluster.ClusterException;
import io.replicheck.explore.Explorer;
import io.replicheck.explore.Outcome;
import io.replicheck.explore.Replay;
import io.replicheck.explore.RunnerExecutor;
import io.replicheck.explore.ScheduleShrinker;
import io.replicheck.gen.Budget;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code replicheck shrink FILE}: shrinks a replay further and writes the smaller one. */
@Command(
    name = "shrink",
    mixinStandardHelpOptions = true,
    description = {
      "Shrink the schedule of a replay.json further (more budget, more repeats) and write a new replay.",
      "Exit code: 1 when the (shrunk) schedule still fails, 0 when it no longer fails, 3 error."
    })
final class ShrinkCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", description = "a replay.json")
  Path file;

  @Mixin ShrinkOptions confirm = new ShrinkOptions();

  @Option(names = "--budget", description = "at most N candidates (default: ${DEFAULT-VALUE})")
  int budget = 60;

  @Option(names = "--time-budget", description = "at most this long (default: ${DEFAULT-VALUE})")
  String timeBudget = "20m";

  @Option(names = "--store", description = "where runs are kept (default: ${DEFAULT-VALUE})")
  Path store = Path.of("store");

  @Option(
      names = {"-v", "--verbose"},
      description = "print every phase of every run")
  boolean verbose;

  @Override
  public Integer call() {
    confirm.validate();
    if (budget < 0) {
      throw new UserError("--budget must be at least 0");
    }
    Replay replay = ReplayCommand.read(file);
    RunnerExecutor exec = ExploreCommand.executor(replay.target(), store, verbose);
    System.out.printf(
        "shrinking %s (%d steps, failed %s)%n",
        file, replay.schedule().steps().size(), replay.failed());
    try {
      Outcome first = null;
      for (int i = 0; i < confirm.repeats && first == null; i++) {
        Outcome o = ReplayCommand.execute(exec, replay.schedule(), replay.seed());
        System.out.printf(
            "  check %d/%d: %s %s%n", i + 1, confirm.repeats, o.verdict(), o.failed());
        if (o.reproduces(ReplayCommand.ids(replay))) first = o;
      }
      if (first == null) {
        System.out.printf(
            "%nthe replay does not fail in %d runs; nothing to shrink%n", confirm.repeats);
        return Main.EXIT_VALID;
      }
      ScheduleShrinker shrinker =
          new ScheduleShrinker(
              exec,
              confirm.repeats,
              Budget.of(budget, RunCommand.duration("--time-budget", timeBudget)),
              (n, s, o) ->
                  System.out.printf(
                      "  candidate %d (%d steps): %s %s%n",
                      n,
                      s.steps().size(),
                      o.verdict(),
                      o.failed().isEmpty()
                          ? (o.verdict().equals("error") ? o.summary() : "")
                          : o.failed()));
      ScheduleShrinker.Result r =
          Explorer.verified(
              shrinker,
              shrinker.shrink(replay.schedule(), replay.seed(), ReplayCommand.ids(replay), first),
              replay.seed(),
              ReplayCommand.ids(replay),
              confirm.verify,
              System.out);
      Path out = r.replayFile(store);
      Replay shrunk = Explorer.replayOf(r, replay.seed(), replay.target(), out);
      shrunk.write(out);
      System.out.printf(
          "%nshrunk from %d to %d steps in %d candidates (%d runs)%s%nreplay: %s%nre-run: %s%n",
          replay.schedule().steps().size(),
          r.shrunk().steps().size(),
          r.candidatesTried(),
          r.runs(),
          r.budgetExhausted() ? ", budget exhausted" : "",
          out,
          shrunk.command());
      return Main.EXIT_INVALID;
    } catch (ClusterException e) {
      throw new UserError(e.getMessage(), e);
    }
  }
}
