package io.replicheck.cli;

import io.replicheck.cluster.ClusterException;
import io.replicheck.invariant.InvariantResult;
import io.replicheck.nemesis.Nemesis;
import io.replicheck.runner.Progress;
import io.replicheck.runner.RunResult;
import io.replicheck.runner.RunSpec;
import io.replicheck.runner.Runner;
import io.replicheck.workload.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code replicheck run}: one run of a workload under faults, checked; exit code = verdict. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run a workload against a replicated cluster under faults and check every invariant.",
        "Exit code: 0 valid, 1 invalid, 2 unknown, 3 error. Results go to store/<run>/ (store/latest)."})
final class RunCommand implements Callable<Integer> {

  @Option(names = "--workload", description = "register, cas-register, list-append, counter, bulk (default: ${DEFAULT-VALUE})")
  String workload = "list-append";

  @Option(names = "--nemesis", description = "comma-separated faults, or none (default: ${DEFAULT-VALUE})")
  String nemesis = "partition,kill,pause";

  @Option(names = "--time", description = "how long clients run, e.g. 30s, 2m (default: ${DEFAULT-VALUE})")
  String time = "30s";

  @Option(names = "--seed", description = "schedule seed (default: current time)")
  Long seed;

  @Option(names = "--clients", description = "workload clients on the master (default: ${DEFAULT-VALUE})")
  int clients = 5;

  @Option(names = "--replicas", description = "replicas (default: ${DEFAULT-VALUE})")
  int replicas = 2;

  @Option(names = "--topology", description = "star or chain (default: ${DEFAULT-VALUE})")
  String topology = "star";

  @Option(names = "--backend", description = "process, container or external (default: ${DEFAULT-VALUE})")
  String backend = "process";

  @Option(names = "--nodes", split = ",", description = "with --backend external: host:port of each node, the first is the master")
  List<String> nodes = new ArrayList<>();

  @Option(names = "--server", description = "a redis-server compatible binary (default: the reference server)")
  Path server;

  @Option(names = "--inject-bug", description = "switch on one bug of the reference server's catalogue (see `replicheck bugs`)")
  String injectBug;

  @Option(names = "--keys", description = "keys per workload (default: ${DEFAULT-VALUE})")
  int keys = 5;

  @Option(names = "--db", description = "database the clients SELECT, 0..15 (default: ${DEFAULT-VALUE})")
  int db = 0;

  @Option(names = "--value-size", description = "bytes per value for the bulk workload (default: ${DEFAULT-VALUE})")
  int valueSize = 100;

  @Option(names = "--op-timeout", description = "bound of one op (default: ${DEFAULT-VALUE})")
  String opTimeout = "2s";

  @Option(names = "--fault-interval", description = "mean time between faults (default: ${DEFAULT-VALUE})")
  String faultInterval = "4s";

  @Option(names = "--fault-duration", description = "how long a fault lasts (default: ${DEFAULT-VALUE})")
  String faultDuration = "2s";

  @Option(names = "--no-replica-reads", description = "do not read from replicas")
  boolean noReplicaReads;

  @Option(names = "--store", description = "where runs are kept (default: ${DEFAULT-VALUE})")
  Path store = Path.of("store");

  @Option(names = "--server-arg", description = "an extra redis-server argument for every node, e.g. --server-arg=--repl-backlog-size --server-arg=1mb")
  List<String> serverArgs = new ArrayList<>();

  @Override
  public Integer call() {
    RunSpec spec = spec();
    Runner runner = new Runner(Services::startProxy, Services.linearizability(), Progress.to(System.out));
    RunResult result;
    try {
      result = runner.run(spec);
    } catch (ClusterException e) {
      throw new UserError(e.getMessage(), e);
    }
    System.out.println();
    for (InvariantResult i : result.invariants()) {
      System.out.printf("  %-4s %-8s %s: %s%n", i.id(), i.verdict().json(), i.name(), i.reason());
    }
    System.out.printf("%nverdict: %s (%s)%nresults: %s%n", result.verdict().json(), result.summary(), result.dir());
    return result.verdict().exitCode();
  }

  RunSpec spec() {
    if (!List.of("process", "container", "external").contains(backend)) {
      throw new UserError("unknown backend '" + backend + "' (process, container, external)");
    }
    if (backend.equals("external") && nodes.isEmpty()) {
      throw new UserError("--backend external needs --nodes host:port,host:port,...");
    }
    if (clients < 1 || clients > 1000) throw new UserError("--clients must be between 1 and 1000");
    if (replicas < 0 || replicas > 20) throw new UserError("--replicas must be between 0 and 20");
    if (keys < 1) throw new UserError("--keys must be at least 1");
    try {
      Workload.named(workload, keys, valueSize);
      Nemesis.parse(nemesis);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    if (replicas == 0 && !nemesis.equals("none")) throw new UserError("faults need at least one replica (--replicas)");
    return new RunSpec(workload, nemesis, duration("--time", time), seed == null ? System.currentTimeMillis() : seed,
        clients, backend.equals("external") ? nodes.size() - 1 : replicas, topology, backend, server, nodes, injectBug, keys, valueSize,
        duration("--op-timeout", opTimeout), duration("--fault-interval", faultInterval),
        duration("--fault-duration", faultDuration), !noReplicaReads, store, serverArgs).withDb(db);
  }

  /** Parses 30s, 2m, 500ms, 1h or a plain number of seconds. */
  static Duration duration(String option, String text) {
    try {
      String t = text.strip().toLowerCase(java.util.Locale.ROOT);
      if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      if (t.endsWith("s")) return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      if (t.endsWith("m")) return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
      if (t.endsWith("h")) return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 3600);
      return Duration.ofSeconds(Long.parseLong(t));
    } catch (NumberFormatException e) {
      throw new UserError(option + ": '" + text + "' is not a duration (e.g. 30s, 2m, 500ms)");
    }
  }

}
