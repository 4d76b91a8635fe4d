package io.replicheck.cli;

import io.replicheck.cluster.ClusterException;
import io.replicheck.cluster.ServerBinary;
import io.replicheck.explore.Explorer;
import io.replicheck.explore.Replay;
import io.replicheck.explore.RunnerExecutor;
import io.replicheck.explore.ScheduleGen;
import io.replicheck.explore.ScheduleShrinker;
import io.replicheck.explore.Target;
import io.replicheck.explore.coverage.Corpus;
import io.replicheck.explore.scale.ExploreSummary;
import io.replicheck.explore.scale.ParallelExplorer;
import io.replicheck.explore.scale.Shard;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code replicheck explore}: runs schedules, guided by coverage, until the time budget is spent or
 * one fails; shrinks the failure and writes its replay. Exit 0 when every schedule was valid, 1
 * when one failed, 2 when some ended unknown.
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

  @Option(
      names = "--runs",
      description = "at most this many schedules (default: as many as the time budget allows)")
  Integer runs;

  @Option(
      names = "--time-budget",
      description =
          "run schedules until this long has passed, e.g. 10m; none starts after it (default: ${DEFAULT-VALUE})")
  String timeBudget = "10m";

  @Option(
      names = "--seed",
      description = "seed of the first schedule; schedule i uses seed+i (default: current time)")
  Long seed;

  @Option(
      names = "--server",
      description =
          "a redis-server compatible binary, or 'reference' (default: the reference server);"
              + " given more than once, the same schedules run on each and matrix.html compares them")
  List<String> servers = new ArrayList<>();

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
      description =
          "the most replicas: a star draws 1..N, a chain 2..N, a mix 3..N (default: ${DEFAULT-VALUE})")
  int replicas = 3;

  @Option(
      names = "--topology",
      description =
          "pin every schedule to star, chain, mix, tree:U2,U3,... or sentinel[:N,...] (Sentinel's"
              + " own faults replace those that do not apply; needs redis-sentinel) (default: each"
              + " schedule draws among star, chain and mix)")
  String topology;

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

  @Mixin ShrinkOptions confirm = new ShrinkOptions();

  @Mixin DrawOptions draws = new DrawOptions();

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

  // --- going past one machine (explore/scale, docs/scaling.md) ---

  @Option(
      names = "--parallel",
      description =
          "run N schedules at once on this machine; more than its cores slows each run"
              + " (default: ${DEFAULT-VALUE})")
  int parallel = 1;

  @Option(
      names = "--shard",
      description =
          "run only schedules k with k mod n == i, e.g. 0/4 (also from REPLICHECK_SHARD=i/n);"
              + " needs --seed")
  String shard;

  @Option(
      names = "--shards",
      description = "split into N shards, this one's index from JOB_COMPLETION_INDEX (Kubernetes)")
  Integer shards;

  /** Environment the shard is read from; tests give their own. */
  Map<String, String> env = System.getenv();

  @Option(
      names = {"-v", "--verbose"},
      description = "print every phase of every run")
  boolean verbose;

  @Override
  public Integer call() {
    ScheduleGen gen = generator();
    Shard part = shard();
    int lanes = lanes();
    List<String> names = servers.isEmpty() ? List.of("reference") : List.copyOf(servers);
    if (names.size() > 1 && backend.equals("external"))
      throw new UserError("several --server need --backend process or container");
    List<Target> targets = new ArrayList<>();
    for (String name : names)
      targets.add(target(serverPath(name), injectBug, backend, serverArgs, nodes));
    RunCommand.positive("--time-budget", timeBudget);
    RunCommand.positive("--shrink-time", shrinkTime);
    if (shrinkBudget < 1) throw new UserError("--shrink-budget must be at least 1");
    List<Runner> runners = new ArrayList<>();
    // each lane's run returns once its verdict is written and its nodes are stopped; its report is
    // drawn while the next schedule drives, and every drawing ends before this command returns
    for (int i = 0; i < lanes; i++) runners.add(runner(verbose).drawingReportsBehind());
    try {
      return explore(gen, part, lanes, names, targets, runners);
    } finally {
      runners.forEach(Runner::awaitReports);
    }
  }

  private Integer explore(
      ScheduleGen gen,
      Shard part,
      int lanes,
      List<String> names,
      List<Target> targets,
      List<Runner> runners) {
    java.time.Duration budget = RunCommand.positive("--time-budget", timeBudget);
    java.time.Duration shrinking = RunCommand.positive("--shrink-time", shrinkTime);
    long first = seed == null ? System.currentTimeMillis() : seed;
    int cap = runs == null ? Integer.MAX_VALUE : runs;
    PrintStream out = System.out;
    Path exploreDir =
        ExploreSummary.createDir(
            store, part.split() ? "shard-" + part.index() + "-of-" + part.count() : null);
    ExploreSummary.Plan plan =
        new ExploreSummary.Plan(names, first, part, lanes, cap, budget.toSeconds());
    Signals.install(reason -> runners.forEach(r -> r.abort(reason)));
    long started = System.nanoTime();
    if (names.size() > 1) {
      // the same drawn configurations and data shapes on every server (guidance is per server's
      // corpus, so the matrix's schedules are fresh draws)
      ScheduleGen drawn = draws.drawing(gen, draws.commonSpace(targets, store, out));
      return ExploreMatrix.run(
          this, drawn, names, targets, runners, part, plan, exploreDir, budget);
    }
    Target target = targets.get(0);
    // issue 14: node configurations (from what the server accepts) and data shapes are drawn
    io.replicheck.explore.config.ConfigSpace space = draws.space(target, store, out);
    ScheduleGen drawn = draws.drawing(gen, space);
    List<RunnerExecutor> execs = new ArrayList<>();
    for (Runner r : runners) execs.add(new RunnerExecutor(r, target, store));
    Corpus corpus = ExploreGuidance.corpus(store, target);
    out.printf(
        "exploring %s: schedules of %s, seeds %d..%s%s, until the time budget of %s%s is spent%s%n"
            + "corpus: %s (%d features, %d entries); page: %s%n",
        target.describe(),
        time,
        first,
        part.split() ? ", shard " + part : "",
        lanes > 1 ? ", " + lanes + " at once" : "",
        timeBudget,
        runs == null ? "" : " or " + runs + " schedules",
        draws.describeGuidance(),
        corpus.dir(),
        corpus.seenCount(),
        corpus.entries().size(),
        exploreDir.resolve("explore.html"));
    // --parallel: every lane records into one log, drawn on one explore.html
    io.replicheck.explore.coverage.CoverageLog shared =
        lanes > 1 ? new io.replicheck.explore.coverage.CoverageLog() : null;
    ParallelExplorer.Result pr;
    try {
      pr =
          new ParallelExplorer(
                  lanes,
                  part,
                  names.get(0),
                  execs::get,
                  (lane, recording, log) ->
                      new Explorer(
                              lane == 0 ? drawn : draws.drawing(generator(), space),
                              recording,
                              shrinker(execs.get(lane), shrinking, log),
                              target,
                              store,
                              log,
                              System::nanoTime)
                          .verifying(confirm.verify)
                          .guidedBy(
                              ExploreGuidance.guidance(
                                  draws.noGuidance, drawn, target, first, corpus, exploreDir))
                          .sharingCoverage(shared, shared == null ? -1 : lane),
                  shrinker(execs.get(0), shrinking, out),
                  target,
                  store,
                  out,
                  System::nanoTime)
              .verifying(confirm.verify)
              .stoppingWhen(() -> Signals.received() != null)
              .explore(first, cap, budget, true);
    } catch (ClusterException e) {
      if (Signals.received() != null) {
        out.printf("%nstopped: %s%n", Signals.received());
        return Main.EXIT_UNKNOWN;
      }
      throw new UserError(e.getMessage(), e);
    }
    Explorer.Result r = pr.result();
    runners.forEach(Runner::awaitReports); // the summary links every run's report
    ExploreSummary.write(
        exploreDir,
        ExploreSummary.of(
            plan,
            pr.executed(),
            (System.nanoTime() - started) / 1e9,
            r.replayFile(),
            store,
            exploreDir));
    out.printf("summary: %s%n", exploreDir.resolve(ExploreSummary.FILE));
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
      ExploreGuidance.printCoverage(out, r.coverage());
      return Main.EXIT_INVALID;
    }
    out.printf(
        "%n%d schedules: %d valid, %d unknown, none invalid%n",
        r.schedules(), r.valid(), r.unknown());
    ExploreGuidance.printCoverage(out, r.coverage());
    return r.unknown() > 0 ? Main.EXIT_UNKNOWN : Main.EXIT_VALID;
  }

  /** Shrinks through {@code exec}, printing each candidate to {@code out}. */
  private ScheduleShrinker shrinker(
      RunnerExecutor exec, java.time.Duration shrinking, PrintStream out) {
    return new ScheduleShrinker(
        exec,
        confirm.repeats,
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
  }

  /** The shard of this process (--shard, REPLICHECK_SHARD, --shards with JOB_COMPLETION_INDEX). */
  Shard shard() {
    Shard s;
    try {
      s = Shard.resolve(shard, shards, env);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    if (s.split() && seed == null)
      throw new UserError(
          "sharding needs --seed: every shard must draw from the same seeds (shard " + s + ")");
    return s;
  }

  /**
   * --parallel, checked: at most 4 per core, and never against external nodes (they are shared).
   */
  int lanes() {
    int cores = Runtime.getRuntime().availableProcessors();
    if (parallel < 1) throw new UserError("--parallel must be at least 1");
    if (parallel > 4 * cores)
      throw new UserError(
          "--parallel "
              + parallel
              + " is more than 4 per core ("
              + cores
              + " cores); see docs/scaling.md");
    if (parallel > 1 && backend.equals("external"))
      throw new UserError("--parallel needs nodes of its own: not with --backend external");
    if (parallel > cores)
      System.err.printf(
          "replicheck: --parallel %d on %d cores: each run gets less than a core, so timing"
              + " (failovers, timeouts, quiescence) stretches; see docs/scaling.md%n",
          parallel, cores);
    return parallel;
  }

  /** "reference" (or nothing) is the reference server; anything else a binary's path. */
  static Path serverPath(String name) {
    return name == null || name.equals("reference") ? null : Path.of(name);
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
      // pinned to Sentinel: its binary found now, one clear error before any run
      if (topology != null && topology.startsWith("sentinel"))
        io.replicheck.cluster.Sentinels.binary();
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
              maxDb,
              topology == null && sentinelDrawn());
      if (runs != null && runs < 1) throw new UserError("--runs must be at least 1");
      confirm.validate();
      return new ScheduleGen(o);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  // whether unpinned schedules draw the sentinel topology: decided (and said) once per command
  private Boolean sentinelDrawn;

  /**
   * Unpinned schedules draw Sentinel's star beside star, chain and mix on the process backend when
   * redis-sentinel (or redis-server, run with --sentinel) is on PATH; otherwise one line says that
   * the topology is left out.
   */
  boolean sentinelDrawn() {
    if (sentinelDrawn == null) {
      String without =
          withoutSentinel(
              backend,
              () -> {
                try {
                  io.replicheck.cluster.Sentinels.binary();
                  return true;
                } catch (ClusterException e) {
                  return false;
                }
              });
      sentinelDrawn = without == null && !backend.equals("external");
      if (without != null)
        System.out.println("explore: " + without + ": schedules leave the sentinel topology out");
    }
    return sentinelDrawn;
  }

  /**
   * Why unpinned schedules cannot draw Sentinel on {@code backend}, or null when they can (or, for
   * external nodes, when there is nothing to say: someone else's nodes have no sentinels).
   */
  static String withoutSentinel(String backend, java.util.function.BooleanSupplier binaryFound) {
    if (backend.equals("external")) return null;
    if (!backend.equals("process"))
      return "explore draws Sentinel on the process backend only (pin it with --topology sentinel)";
    return binaryFound.getAsBoolean() ? null : "neither redis-sentinel nor redis-server is on PATH";
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
    if (server != null) server = ServerBinary.resolve(server); // a bare name is looked up on PATH
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
