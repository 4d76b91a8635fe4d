package io.replicheck.cli;

import io.replicheck.checker.Verdict;
import io.replicheck.cluster.ClusterException;
import io.replicheck.cluster.ServerBinary;
import io.replicheck.explore.BugCatalogue;
import io.replicheck.invariant.InvariantResult;
import io.replicheck.nemesis.Nemesis;
import io.replicheck.runner.Checks;
import io.replicheck.runner.Progress;
import io.replicheck.runner.RunPlan;
import io.replicheck.runner.RunResult;
import io.replicheck.runner.RunSpec;
import io.replicheck.runner.Runner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code replicheck run}: one run of a workload under faults, checked; exit code = verdict. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a workload against a replicated cluster under faults and check every invariant.",
      "Exit code: 0 valid, 1 invalid, 2 unknown, 3 error. Results go to store/<run>/ (store/latest)."
    })
final class RunCommand implements Callable<Integer> {

  @Option(
      names = "--workload",
      completionCandidates = PartNames.WorkloadNames.class,
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  String workload = "list-append";

  @Option(
      names = "--nemesis",
      completionCandidates = PartNames.NemesisNames.class,
      description =
          "comma-separated faults of ${COMPLETION-CANDIDATES}, or none (default: partition,kill,pause;"
              + " with --topology sentinel: isolate-master)")
  String nemesis;

  @Option(
      names = "--time",
      description = "how long clients run, e.g. 30s, 2m (default: ${DEFAULT-VALUE})")
  String time = "30s";

  @Option(names = "--seed", description = "schedule seed (default: current time)")
  Long seed;

  @Option(
      names = "--clients",
      description = "workload clients on the master (default: ${DEFAULT-VALUE})")
  int clients = 5;

  @Option(names = "--replicas", description = "replicas (default: ${DEFAULT-VALUE})")
  int replicas = 2;

  @Option(
      names = "--topology",
      description =
          "star, chain, mix (a star whose first replica has replicas; 3+ replicas) or tree:U2,U3,..."
              + " (Uk: the number of nK's upstream), or sentinel (a star failed over by real"
              + " Sentinel processes; see --sentinels) (default: ${DEFAULT-VALUE})")
  String topology = "star";

  @Option(
      names = "--sentinels",
      description =
          "with --topology sentinel: how many sentinels, quorum a majority (default: "
              + io.replicheck.cluster.SentinelSettings.DEFAULT_SENTINELS
              + ")")
  Integer sentinels;

  @Option(
      names = "--down-after",
      description =
          "with --topology sentinel: Sentinel's down-after-milliseconds, e.g. 2s (default: "
              + io.replicheck.cluster.SentinelSettings.DEFAULT_DOWN_AFTER_MS
              + "ms)")
  String downAfter;

  @Option(
      names = "--failover-timeout",
      description =
          "with --topology sentinel: Sentinel's failover-timeout, e.g. 6s (default: "
              + io.replicheck.cluster.SentinelSettings.DEFAULT_FAILOVER_TIMEOUT_MS
              + "ms)")
  String failoverTimeout;

  @Option(
      names = "--backend",
      description = "process, container or external (default: ${DEFAULT-VALUE})")
  String backend = "process";

  @Option(
      names = "--nodes",
      split = ",",
      description = "with --backend external: host:port of each node, the first is the master")
  List<String> nodes = new ArrayList<>();

  @Option(
      names = "--server",
      description = "a redis-server compatible binary (default: the reference server)")
  Path server;

  @Option(
      names = "--inject-bug",
      description = "switch on one bug of the reference server's catalogue (see `replicheck bugs`)")
  String injectBug;

  @Option(names = "--keys", description = "keys per workload (default: ${DEFAULT-VALUE})")
  int keys = 5;

  @Option(
      names = "--db",
      description = "database the clients SELECT, 0..15 (default: ${DEFAULT-VALUE})")
  int db = 0;

  @Option(
      names = "--value-size",
      description = "bytes per value for the bulk workload (default: ${DEFAULT-VALUE})")
  int valueSize = 100;

  @Option(names = "--op-timeout", description = "bound of one op (default: ${DEFAULT-VALUE})")
  String opTimeout = "2s";

  @Option(
      names = "--fault-interval",
      description = "mean time between faults (default: ${DEFAULT-VALUE})")
  String faultInterval = "4s";

  @Option(
      names = "--fault-duration",
      description = "how long a fault lasts (default: ${DEFAULT-VALUE})")
  String faultDuration = "2s";

  @Option(names = "--no-replica-reads", description = "do not read from replicas")
  boolean noReplicaReads;

  @Option(names = "--store", description = "where runs are kept (default: ${DEFAULT-VALUE})")
  Path store = Path.of("store");

  @Option(
      names = "--server-arg",
      description =
          "an extra redis-server argument for every node, e.g. --server-arg=--repl-backlog-size --server-arg=1mb")
  List<String> serverArgs = new ArrayList<>();

  @Option(
      names = "--require",
      split = ",",
      completionCandidates = PartNames.InvariantIds.class,
      description =
          "invariants the run must exercise, else exit 2, e.g. IS1,P4 (of ${COMPLETION-CANDIDATES})")
  List<String> require = new ArrayList<>();

  @Override
  public Integer call() {
    RunSpec spec = spec();
    Runner runner =
        new Runner(Services::startProxy, Services.linearizability(), Progress.to(System.out));
    Signals.install(runner::abort);
    RunResult result;
    try {
      result = runner.run(spec);
    } catch (ClusterException e) {
      throw new UserError(e.getMessage(), e);
    }
    System.out.println();
    for (InvariantResult i : result.invariants()) {
      System.out.printf(
          "  %-4s %-13s %s: %s%n",
          i.id(), i.verdict().json().replace('_', ' '), i.name(), i.reason());
    }
    System.out.printf(
        "%nverdict: %s (%s)%nresults: %s%n",
        result.verdict().json(), result.summary(), result.dir());
    List<String> missing = notExercised(result.invariants(), require);
    if (!missing.isEmpty()) {
      System.out.printf("required but not exercised: %s%n", String.join(", ", missing));
      // an invalid run stays invalid; a valid or unknown one is unknown
      return result.verdict().exitCode() == Main.EXIT_INVALID
          ? Main.EXIT_INVALID
          : Main.EXIT_UNKNOWN;
    }
    return result.verdict().exitCode();
  }

  /** Of {@code required}, the ids whose result is missing or not exercised, in the given order. */
  static List<String> notExercised(List<InvariantResult> results, List<String> required) {
    List<String> out = new ArrayList<>();
    for (String id : required) {
      if (results.stream().noneMatch(r -> r.id().equals(id) && exercised(r))) out.add(id);
    }
    return out;
  }

  /** Whether a check saw evidence. */
  static boolean exercised(InvariantResult r) {
    return r.verdict() != Verdict.NOT_EXERCISED;
  }

  /** The spec of the options, each checked before anything starts or any folder is made. */
  RunSpec spec() {
    if (!List.of("process", "container", "external").contains(backend)) {
      throw new UserError("unknown backend '" + backend + "' (process, container, external)");
    }
    boolean external = backend.equals("external");
    if (external && nodes.size() < 2) {
      throw new UserError(
          "--backend external needs --nodes host:port,host:port,... (a master and a replica at least)");
    }
    if (!external && !nodes.isEmpty()) throw new UserError("--nodes needs --backend external");
    if (clients < 1 || clients > 1000) throw new UserError("--clients must be between 1 and 1000");
    if (replicas < 0 || replicas > 20) throw new UserError("--replicas must be between 0 and 20");
    if (keys < 1 || keys > 100_000) throw new UserError("--keys must be between 1 and 100000");
    if (valueSize < 1 || valueSize > MAX_VALUE_SIZE) {
      throw new UserError("--value-size must be between 1 and " + MAX_VALUE_SIZE + " bytes");
    }
    if (db < 0 || db > 15) throw new UserError("--db must be between 0 and 15");
    if (server != null) server = ServerBinary.resolve(server); // a bare name is looked up on PATH
    if (server != null && !Files.isExecutable(server)) {
      throw new UserError("server binary " + server + " does not exist or is not executable");
    }
    if (injectBug != null) {
      if (external || server != null) {
        throw new UserError(
            "--inject-bug works only with the reference server (no --server, no external nodes)");
      }
      List<String> known = BugCatalogue.catalogue().stream().map(BugCatalogue.Bug::name).toList();
      if (!known.contains(injectBug)) {
        throw new UserError("unknown bug '" + injectBug + "' (" + String.join(", ", known) + ")");
      }
    }
    int nodeReplicas = external ? nodes.size() - 1 : replicas;
    topology = sentinelTopology();
    boolean sentinel = topology.startsWith("sentinel");
    if (nemesis == null) nemesis = sentinel ? "isolate-master" : "partition,kill,pause";
    if (sentinel && backend.equals("external"))
      throw new UserError("--topology sentinel runs on the process and container backends");
    if (sentinel) {
      try {
        io.replicheck.cluster.Sentinels.binary(); // found before a run folder is made
      } catch (ClusterException e) {
        throw new UserError(e.getMessage());
      }
    }
    try {
      io.replicheck.cluster.Topology.parse(topology).requireReplicas(nodeReplicas);
    } catch (IllegalArgumentException e) {
      throw new UserError("--topology: " + e.getMessage());
    }
    if (nodeReplicas == 0 && !nemesis.equals("none")) {
      throw new UserError("faults need at least one replica (--replicas)");
    }
    RunSpec spec =
        RunSpec.builder()
            .workload(workload)
            .nemeses(nemesis)
            .time(positive("--time", time))
            .seed(seed == null ? System.currentTimeMillis() : seed)
            .clients(clients)
            .replicas(nodeReplicas)
            .topology(topology)
            .backend(backend)
            .server(server)
            .externalNodes(nodes)
            .injectBug(injectBug)
            .keys(keys)
            .valueSize(valueSize)
            .opTimeout(positive("--op-timeout", opTimeout))
            .faultInterval(positive("--fault-interval", faultInterval))
            .faultDuration(positive("--fault-duration", faultDuration))
            .replicaReads(!noReplicaReads)
            .store(store)
            .serverArgs(serverArgs)
            .db(db)
            .build();
    RunPlan plan;
    try {
      plan = RunPlan.of(spec);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    for (Nemesis n : plan.nemeses()) {
      if (external && n.needsProcessControl()) {
        throw new UserError(
            "nemesis "
                + n.name()
                + " needs process control; external nodes take network faults only");
      }
    }
    for (String id : require) {
      if (!Checks.ids().contains(id)) {
        throw new UserError(
            "--require: unknown invariant '" + id + "' (" + String.join(", ", Checks.ids()) + ")");
      }
      if (!plan.invariantIds().contains(id)) {
        throw new UserError(
            "--require "
                + id
                + ": this run does not check it (workload "
                + workload
                + ", nemesis "
                + nemesis
                + ")");
      }
    }
    return spec;
  }

  /** The topology with --sentinels, --down-after and --failover-timeout folded into it. */
  private String sentinelTopology() {
    boolean given = sentinels != null || downAfter != null || failoverTimeout != null;
    if (!topology.equals("sentinel") && !topology.startsWith("sentinel:")) {
      if (given)
        throw new UserError(
            "--sentinels, --down-after and --failover-timeout need --topology sentinel");
      return topology;
    }
    io.replicheck.cluster.SentinelSettings s;
    try {
      s = io.replicheck.cluster.Topology.parse(topology).sentinel();
      if (!given) return topology;
      s =
          new io.replicheck.cluster.SentinelSettings(
              sentinels == null ? s.sentinels() : sentinels,
              downAfter == null ? s.downAfterMs() : positive("--down-after", downAfter).toMillis(),
              failoverTimeout == null
                  ? s.failoverTimeoutMs()
                  : positive("--failover-timeout", failoverTimeout).toMillis());
    } catch (IllegalArgumentException e) {
      throw new UserError("--topology: " + e.getMessage());
    }
    return "sentinel:" + s.spec();
  }

  /** Largest --value-size: redis's proto-max-bulk-len is 512 MB; a run's values stay far below. */
  static final int MAX_VALUE_SIZE = 64 << 20;

  /** A duration option that must be above zero. */
  static Duration positive(String option, String text) {
    Duration d = duration(option, text);
    if (d.isNegative() || d.isZero())
      throw new UserError(option + " must be above zero, was '" + text + "'");
    return d;
  }

  /** Parses 30s, 2m, 500ms, 1h or a plain number of seconds. */
  static Duration duration(String option, String text) {
    try {
      String t = text.strip().toLowerCase(java.util.Locale.ROOT);
      if (t.endsWith("ms"))
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      if (t.endsWith("s")) {
        double seconds = Double.parseDouble(t.substring(0, t.length() - 1));
        if (!Double.isFinite(seconds) || Math.abs(seconds) > 1e9) throw new NumberFormatException();
        return Duration.ofMillis((long) (seconds * 1000));
      }
      if (t.endsWith("m"))
        return Duration.ofSeconds(
            Math.multiplyExact(Long.parseLong(t.substring(0, t.length() - 1)), 60));
      if (t.endsWith("h"))
        return Duration.ofSeconds(
            Math.multiplyExact(Long.parseLong(t.substring(0, t.length() - 1)), 3600));
      return Duration.ofSeconds(Long.parseLong(t));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new UserError(option + ": '" + text + "' is not a duration (e.g. 30s, 2m, 500ms)");
    }
  }
}
