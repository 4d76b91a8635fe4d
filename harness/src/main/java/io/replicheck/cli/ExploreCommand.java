package io.replicheck.cli;

import io.replicheck.cluster.ClusterException;
import io.replicheck.explore.Explorer;
import io.replicheck.explore.Replay;
import io.replicheck.explore.RunnerExecutor;
import io.replicheck.explore.ScheduleGen;
import io.replicheck.explore.ScheduleShrinker;
import io.replicheck.explore.Target;
import io.replicheck.gen.Budget;
import io.replicheck.nemesis.Nemesis;
import io.replicheck.runner.Progress;
import io.replicheck.runner.Runner;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code replicheck explore}: runs generated schedules until one fails, shrinks it and writes its
 * replay. Exit 0 when every schedule was valid, 1 when one failed, 2 when some ended unknown.
 */
@Command(
    name = "explore",
    mixinStandardHelpOptions = true,
    description = {
      "Run generated schedules of writes and faults; shrink the first failure to a replay file.",
      "Exit code: 0 all valid, 1 a schedule failed (its replay path is printed), 2 unknown, 3 error."
    })
final class ExploreCommand implements Callable<Integer> {

  @Option(
      names = "--inject-bug",
      description = "switch on one bug of the reference server's catalogue")
  String injectBug;

  @Option(names = "--runs", description = "at most this many schedules (default: ${DEFAULT-VALUE})")
  int runs = 20;

  @Option(
      names = "--time-budget",
      description = "stop starting schedules after this long, e.g. 10m (default: ${DEFAULT-VALUE})")
  String timeBudget = "10m";

  @Option(
      names = "--seed",
      description = "seed of the first schedule; schedule i uses seed+i (default: current time)")
  Long seed;

  @Option(
      names = "--server",
      description = "a redis-server compatible binary (default: the reference server)")
  Path server;

  @Option(
      names = "--backend",
      description = "process, container or external (default: ${DEFAULT-VALUE})")
  String backend = "process";

  @Option(
      names = "--nodes",
      split = ",",
      description = "with --backend external: host:port of each node, the master first")
  List<String> nodes = new ArrayList<>();

  @Option(names = "--server-arg", description = "an extra redis-server argument for every node")
  List<String> serverArgs = new ArrayList<>();

  @Option(names = "--time", description = "length of each schedule (default: ${DEFAULT-VALUE})")
  String time = "10s";

  @Option(
      names = "--workload",
      split = ",",
      completionCandidates = PartNames.WorkloadNames.class,
      description =
          "workloads to draw from, of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  List<String> workloads = new ArrayList<>(ScheduleGen.DEFAULT_WORKLOADS);

  @Option(
      names = "--weights",
      completionCandidates = PartNames.DefaultWeights.class,
      description =
          "nemesis weights, e.g. partition=3,kill=1 (others 0; default: ${COMPLETION-CANDIDATES})")
  String weights;

  @Option(
      names = "--max-db",
      description = "the db clients use is drawn from 0..N (default: ${DEFAULT-VALUE})")
  int maxDb = 1;

  @Option(
      names = "--max-clients",
      description = "clients drawn from 1..N (default: ${DEFAULT-VALUE})")
  int maxClients = 4;

  @Option(
      names = "--replicas",
      description = "replicas drawn from 1..N (default: ${DEFAULT-VALUE})")
  int replicas = 2;

  @Option(names = "--topology", description = "star or chain (default: ${DEFAULT-VALUE})")
  String topology = "star";

  @Option(names = "--max-keys", description = "keys drawn from 1..N (default: ${DEFAULT-VALUE})")
  int maxKeys = 5;

  @Option(
      names = "--max-value-size",
      description = "bulk value sizes drawn from 1..N bytes (default: ${DEFAULT-VALUE})")
  int maxValueSize = 1000;

  @Option(
      names = "--max-faults",
      description = "at most N faults per schedule (default: ${DEFAULT-VALUE})")
  int maxFaults = 4;

  @Option(
      names = "--repeats",
      description =
          "runs of each shrink candidate at most; two failing ones (one if 1) make it count as failing (default: ${DEFAULT-VALUE})")
  int repeats = 3;

  @Option(
      names = "--verify",
      description =
          "replay the shrunk schedule N times before writing it; if one passes, fall back to a larger schedule of the shrink (default: ${DEFAULT-VALUE}, off)")
  int verify = 0;

  @Option(
      names = "--shrink-budget",
      description = "at most N shrink candidates (default: ${DEFAULT-VALUE})")
  int shrinkBudget = 40;

  @Option(
      names = "--shrink-time",
      description = "at most this long shrinking (default: ${DEFAULT-VALUE})")
  String shrinkTime = "15m";

  @Option(names = "--store", description = "where runs are kept (default: ${DEFAULT-VALUE})")
  Path store = Path.of("store");

  @Option(
      names = "--no-config-draws",
      description = "start every node with the harness's arguments only (no drawn configuration)")
  boolean noConfigDraws;

  @Option(
      names = "--no-data-shapes",
      description = "no drawn data shapes (no preload, the op windows' rates, --max-value-size)")
  boolean noDataShapes;

  @Option(
      names = {"-v", "--verbose"},
      description = "print every phase of every run")
  boolean verbose;

  @Override
  public Integer call() {
    ScheduleGen gen = generator();
    Target target = target(server, injectBug, backend, serverArgs, nodes);
    java.time.Duration budget = RunCommand.positive("--time-budget", timeBudget);
    java.time.Duration shrinking = RunCommand.positive("--shrink-time", shrinkTime);
    if (shrinkBudget < 1) throw new UserError("--shrink-budget must be at least 1");
    long first = seed == null ? System.currentTimeMillis() : seed;
    PrintStream out = System.out;
    // issue 14: node configurations (from what the server accepts) and data shapes are drawn
    io.replicheck.explore.config.ConfigSpace space =
        noConfigDraws ? null : new io.replicheck.explore.ConfigDraws().spaceFor(target, store, out);
    gen = gen.drawing(space, !noDataShapes);
    Runner runner = runner(verbose);
    RunnerExecutor exec = new RunnerExecutor(runner, target, store);
    ScheduleShrinker shrinker =
        new ScheduleShrinker(
            exec,
            repeats,
            Budget.of(shrinkBudget, shrinking),
            (n, s, o) ->
                out.printf(
                    "  shrink candidate %d (%d steps): %s %s%n",
                    n,
                    s.steps().size(),
                    o.verdict(),
                    o.failed().isEmpty()
                        ? (o.verdict().equals("error") ? o.summary() : "")
                        : o.failed()));
    out.printf(
        "exploring %s: up to %d schedules of %s, seeds %d.., time budget %s%n",
        target.describe(), runs, time, first, timeBudget);
    Signals.install(runner::abort);
    Explorer.Result r;
    try {
      r =
          new Explorer(gen, exec, shrinker, target, store, out, System::nanoTime)
              .verifying(verify)
              .stoppingWhen(() -> Signals.received() != null)
              .explore(first, runs, budget);
    } catch (ClusterException e) {
      if (Signals.received() != null) {
        out.printf("%nstopped: %s%n", Signals.received());
        return Main.EXIT_UNKNOWN;
      }
      throw new UserError(e.getMessage(), e);
    }
    if (r.failed()) {
      Replay replay = r.replay();
      out.printf(
          "%nFAILED: schedule of seed %d broke %s; shrunk from %d to %d steps (%d candidates, %d runs)%n",
          r.firstFailureSeed(),
          replay.failed(),
          replay.shrink().originalSteps(),
          replay.schedule().steps().size(),
          replay.shrink().candidatesTried(),
          replay.shrink().runs());
      out.printf("replay: %s%nre-run: %s%n", r.replayFile(), replay.command());
      return Main.EXIT_INVALID;
    }
    out.printf(
        "%n%d schedules: %d valid, %d unknown, none invalid%n",
        r.schedules(), r.valid(), r.unknown());
    return r.unknown() > 0 ? Main.EXIT_UNKNOWN : Main.EXIT_VALID;
  }

  ScheduleGen generator() {
    try {
      Map<String, Integer> w =
          weights == null ? ScheduleGen.DEFAULT_WEIGHTS : ScheduleGen.parseWeights(weights);
      if (backend.equals("external")) {
        // nodes someone else runs take network faults only
        Map<String, Integer> network = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : w.entrySet()) {
          boolean process = Nemesis.named(e.getKey()).needsProcessControl();
          if (process && weights != null && e.getValue() > 0) {
            throw new UserError(
                "nemesis "
                    + e.getKey()
                    + " needs process control; external nodes take network faults only");
          }
          if (!process) network.put(e.getKey(), e.getValue());
        }
        w = network;
      }
      ScheduleGen.Options o =
          new ScheduleGen.Options(
              workloads,
              w,
              RunCommand.positive("--time", time).toMillis(),
              maxClients,
              backend.equals("external") ? Math.max(1, nodes.size() - 1) : replicas,
              topology,
              maxKeys,
              maxValueSize,
              maxFaults,
              1000,
              4000,
              50,
              maxDb);
      if (!List.of("star", "chain").contains(topology))
        throw new UserError("--topology must be star or chain");
      if (runs < 1) throw new UserError("--runs must be at least 1");
      if (verify < 0 || repeats < 1)
        throw new UserError("--verify must be at least 0 and --repeats at least 1");
      return new ScheduleGen(o);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** What schedules run against; checks the server path and backend up front. */
  static Target target(
      Path server, String injectBug, String backend, List<String> serverArgs, List<String> nodes) {
    if (!List.of("process", "container", "external").contains(backend)) {
      throw new UserError("--backend must be process, container or external");
    }
    if (backend.equals("external")) {
      if (nodes.size() < 2)
        throw new UserError(
            "--backend external needs --nodes with a master and at least one replica");
      if (server != null || injectBug != null)
        throw new UserError("--backend external takes no --server or --inject-bug");
      return new Target(null, null, backend, serverArgs, 2000, true, nodes);
    }
    if (!nodes.isEmpty()) throw new UserError("--nodes needs --backend external");
    if (injectBug != null) {
      List<String> known =
          io.replicheck.explore.BugCatalogue.catalogue().stream().map(b -> b.name()).toList();
      if (!known.contains(injectBug))
        throw new UserError("unknown bug '" + injectBug + "' (" + String.join(", ", known) + ")");
    }
    if (server != null && !Files.isExecutable(server)) {
      throw new UserError("server binary " + server + " does not exist or is not executable");
    }
    if (server != null && injectBug != null)
      throw new UserError("--inject-bug works only with the reference server (no --server)");
    return new Target(
        server == null ? null : server.toString(), injectBug, backend, serverArgs, 2000, true);
  }

  static RunnerExecutor executor(Target target, Path store, boolean verbose) {
    return new RunnerExecutor(runner(verbose), target, store);
  }

  private static Runner runner(boolean verbose) {
    return new Runner(
        Services::startProxy,
        Services.linearizability(),
        verbose ? Progress.to(System.out) : Progress.silent());
  }
}
