package io.replicheck.cli;

import io.replicheck.cluster.ClusterException;
import io.replicheck.explore.RunnerExecutor;
import io.replicheck.explore.ScheduleGen;
import io.replicheck.explore.Target;
import io.replicheck.explore.scale.Executed;
import io.replicheck.explore.scale.ExploreSummary;
import io.replicheck.explore.scale.MatrixExplorer;
import io.replicheck.explore.scale.ServerMatrix;
import io.replicheck.explore.scale.Shard;
import io.replicheck.runner.Runner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The multi-server path of {@code replicheck explore} (--server given more than once): the same
 * schedules on every server, compared in matrix.html.
 */
final class ExploreMatrix {

  private ExploreMatrix() {}

  /** The same schedules on every server; matrix.html/json and the summary in {@code dir}. */
  static int run(
      ExploreCommand c,
      ScheduleGen gen,
      List<String> names,
      List<Target> targets,
      List<Runner> runners,
      Shard part,
      ExploreSummary.Plan plan,
      Path dir,
      java.time.Duration budget) {
    PrintStream out = System.out;
    long first = plan.firstSeed();
    long started = System.nanoTime();
    Map<String, RunnerExecutor> execs = new java.util.concurrent.ConcurrentHashMap<>();
    out.printf(
        "exploring %d servers with the same schedules: %s of %s, seeds %d..%s%s, time budget %s%n",
        names.size(),
        c.runs == null ? "as many as fit" : "up to " + c.runs,
        c.time,
        first,
        part.split() ? ", shard " + part : "",
        runners.size() > 1 ? ", " + runners.size() + " at once" : "",
        c.timeBudget);
    List<Executed> done;
    try {
      done =
          new MatrixExplorer(
                  gen,
                  names,
                  runners.size(),
                  part,
                  (lane, server) ->
                      execs.computeIfAbsent(
                          lane + " " + server,
                          k ->
                              new RunnerExecutor(
                                  runners.get(lane), targets.get(names.indexOf(server)), c.store)),
                  out,
                  System::nanoTime)
              .stoppingWhen(() -> Signals.received() != null)
              .explore(first, c.runs == null ? Integer.MAX_VALUE : c.runs, budget);
    } catch (ClusterException e) {
      if (Signals.received() != null) {
        out.printf("%nstopped: %s%n", Signals.received());
        return Main.EXIT_UNKNOWN;
      }
      throw new UserError(e.getMessage(), e);
    }
    runners.forEach(Runner::awaitReports); // the matrix and the summary link every run's report
    ServerMatrix m =
        ServerMatrix.build(
            names,
            done.stream()
                .map(x -> ServerMatrix.read(x.server(), x.seed(), c.store, x.outcome().dir()))
                .toList());
    m.write(dir, c.store);
    ExploreSummary.write(
        dir,
        ExploreSummary.of(plan, done, (System.nanoTime() - started) / 1e9, null, c.store, dir));
    out.printf("%n%s%n", m.table());
    out.printf(
        "matrix: %s%nsummary: %s%n", dir.resolve("matrix.html"), dir.resolve(ExploreSummary.FILE));
    long invalid = done.stream().filter(x -> x.outcome().invalid()).count();
    long valid = done.stream().filter(x -> x.outcome().verdict().equals("valid")).count();
    out.printf(
        "%d runs of %d schedules on %d servers: %d valid, %d invalid, %d unknown%n",
        done.size(),
        done.stream().mapToLong(Executed::seed).distinct().count(),
        names.size(),
        valid,
        invalid,
        done.size() - valid - invalid);
    if (invalid > 0) return Main.EXIT_INVALID;
    return valid < done.size() ? Main.EXIT_UNKNOWN : Main.EXIT_VALID;
  }
}
