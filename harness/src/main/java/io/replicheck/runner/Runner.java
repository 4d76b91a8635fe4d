package io.replicheck.runner;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Cluster;
import io.replicheck.cluster.ClusterException;
import io.replicheck.cluster.ContainerCluster;
import io.replicheck.cluster.ExternalCluster;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.cluster.ProcessCluster;
import io.replicheck.cluster.ServerBinary;
import io.replicheck.cluster.Topology;
import io.replicheck.invariant.Convergence;
import io.replicheck.invariant.DatasetsEqual;
import io.replicheck.invariant.InvariantResult;
import io.replicheck.invariant.MonotonicReplicaReads;
import io.replicheck.invariant.NoResyncLoops;
import io.replicheck.invariant.NodeState;
import io.replicheck.invariant.OffsetsMonotonic;
import io.replicheck.invariant.Restart;
import io.replicheck.invariant.WaitSurvivesFailover;
import io.replicheck.invariant.Promotion;
import io.replicheck.invariant.PsyncDecisions;
import io.replicheck.invariant.ReplicaPrefix;
import io.replicheck.invariant.ReplicaRead;
import io.replicheck.invariant.ReplicationSample;
import io.replicheck.checker.Verdict;
import io.replicheck.nemesis.Fault;
import io.replicheck.nemesis.Nemesis;
import io.replicheck.workload.Completion;
import io.replicheck.workload.OpSpec;
import io.replicheck.workload.Workload;
import io.replicheck.workload.WorkloadClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;

/**
 * One run, from spec to verdict: setup, run (clients, replica readers, nemesis, sampler), heal,
 * quiesce, final reads, check, report. Every phase is bounded, and everything started is stopped
 * in reverse order whatever happens.
 */
public final class Runner {

  /** P5's stated bound: replicas converge this long after faults stop, or the run is invalid. */
  public static final Duration CONVERGENCE_BOUND = Duration.ofSeconds(30);
  private static final Duration SETTLE_WINDOW = Duration.ofSeconds(3);
  private static final Duration LINK_TIMEOUT = Duration.ofSeconds(60);
  /** Replication timeouts short enough that a fault of seconds is noticed (redis: 60 s, 10 s). */
  /**
   * Faults last seconds, so links must notice them in seconds; a full sync starts at once (redis
   * waits 5 s for more replicas to share a diskless transfer, which only folds writes into the
   * snapshot and delays every run).
   */
  static final List<String> DEFAULT_SERVER_ARGS = List.of("--repl-timeout", "5", "--repl-ping-replica-period", "1",
      "--repl-diskless-sync-delay", "0");

  private final LongFunction<ChaosProxy> proxyStarter;
  private final Progress progress;
  private final LinearizabilityCheck linearizability;

  /**
   * @param proxyStarter starts a chaos proxy with the given seed
   * @param linearizability P3's checker over the master's history
   */
  public Runner(LongFunction<ChaosProxy> proxyStarter, LinearizabilityCheck linearizability, Progress progress) {
    this.proxyStarter = proxyStarter;
    this.linearizability = linearizability;
    this.progress = progress;
  }

  public RunResult run(RunSpec spec) {
    Workload workload = Workload.named(spec.workload(), spec.keys(), spec.valueSize());
    RunSchedule schedule = spec.schedule();
    List<Nemesis> nemeses = schedule == null ? Nemesis.parse(spec.nemeses())
        : schedule.faults().stream().map(f -> f.nemesis()).distinct().map(Nemesis::named).toList();
    Topology topology = Topology.parse(spec.topology());
    RunStore store = RunStore.create(spec);
    Path dir = store.dir();
    try (Closer closer = new Closer()) {
      progress.phase("setup", "run " + dir + " (seed " + spec.seed() + ")");
      ChaosProxy proxy = closer.add(proxyStarter.apply(spec.seed()));
      ToxiproxyClient toxiproxy = new ToxiproxyClient(proxy.host(), proxy.port());
      ServerBinary binary = spec.backend().equals("external") ? null
          : spec.server() == null ? ServerBinary.reference() : ServerBinary.external(spec.server());
      List<String> serverArgs = new ArrayList<>(DEFAULT_SERVER_ARGS);
      serverArgs.addAll(spec.serverArgs());
      if (spec.injectBug() != null) {
        if (binary == null || !binary.isReference()) throw new ClusterException("--inject-bug works only with the reference server");
        serverArgs.addAll(List.of("--inject-bug", spec.injectBug()));
      }
      Cluster cluster = closer.add(switch (spec.backend()) {
        case "process" -> new ProcessCluster(binary, dir, spec.replicas() + 1, serverArgs);
        case "container" -> new ContainerCluster(binary, dir, spec.replicas() + 1, serverArgs);
        case "external" -> new ExternalCluster(spec.externalNodes(), dir);
        default -> throw new ClusterException("unknown backend '" + spec.backend() + "' (process, container, external)");
      });
      for (Nemesis n : nemeses) {
        if (n.needsProcessControl() && !cluster.controlsProcesses()) {
          throw new ClusterException("nemesis " + n.name() + " needs process control; " + spec.backend() + " nodes take network faults only");
        }
      }
      progress.phase("setup", "starting " + (spec.replicas() + 1) + " nodes of " + cluster.describe()
          + ", topology " + spec.topology());
      Deployment deployment = new Deployment(cluster, toxiproxy, topology);
      deployment.start(LINK_TIMEOUT);
      HistoryRecorder history = closer.add(new HistoryRecorder(dir));
      Sampler sampler = new Sampler(deployment, history::now, 250);
      Thread samplerThread = daemon("replicheck-sampler", sampler);
      samplerThread.start();

      ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
      closer.add(() -> resources.shutdown(0, 2, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS));

      // run
      progress.phase("run", spec.time().toSeconds() + " s of " + workload.name() + " with " + spec.clients()
          + " clients, nemesis " + (schedule != null ? "scheduled (" + schedule.faults().size() + " faults)"
              : nemeses.isEmpty() ? "none" : spec.nemeses()));
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong ops = new AtomicLong();
      List<Integer> clientProcesses = new java.util.concurrent.CopyOnWriteArrayList<>();
      List<ReplicaRead> replicaReads = new java.util.concurrent.CopyOnWriteArrayList<>();
      int readers = spec.replicaReads() && !workload.model().equals("cas-register") ? deployment.replicas().size() : 0;
      int processes = spec.clients() + readers;
      ExecutorService pool = Executors.newFixedThreadPool(processes + 1, r -> daemon("replicheck-client", r));
      long start = System.nanoTime();
      for (int i = 0; i < spec.clients(); i++) {
        int first = i;
        pool.submit(() -> clientLoop(spec, workload, deployment, resources, history, stop, ops, first, processes, clientProcesses::add, null, null, start));
      }
      for (int i = 0; i < readers; i++) {
        Node replica = deployment.replicas().get(i);
        int first = spec.clients() + i;
        pool.submit(() -> clientLoop(spec, workload, deployment, resources, history, stop, ops, first, processes, p -> {}, replica, replicaReads, start));
      }
      AtomicInteger faults = new AtomicInteger();
      AtomicReference<Fault> active = new AtomicReference<>();
      List<String> nemesisErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
      if (schedule != null) {
        pool.submit(() -> scheduledFaults(schedule, deployment, history, stop, faults, active, nemesisErrors, start));
      } else if (!nemeses.isEmpty()) {
        pool.submit(() -> nemesisLoop(spec, nemeses, deployment, history, stop, faults, active, nemesisErrors));
      }
      long end = start + spec.time().toNanos();
      long lastOps = 0;
      while (System.nanoTime() < end) {
        sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        long now = System.nanoTime();
        long total = ops.get();
        Fault f = active.get();
        progress.tick((now - start) / 1_000_000, Math.max(0, (end - now) / 1_000_000), total, total - lastOps,
            faults.get(), f == null ? null : f.description());
        lastOps = total;
      }
      stop.set(true);
      pool.shutdown();
      long faultBound = schedule == null ? spec.faultDuration().toMillis() : schedule.longestFault().toMillis();
      if (!pool.awaitTermination(spec.opTimeout().toMillis() + faultBound + 15_000, TimeUnit.MILLISECONDS)) {
        pool.shutdownNow();
        throw new ClusterException("clients or nemesis did not stop within their bound");
      }

      // heal
      progress.phase("heal", "healing every fault, resuming and restarting nodes, resetting proxies");
      Fault still = active.getAndSet(null);
      if (still != null) heal(still, history);
      for (Node n : cluster.nodes()) {
        cluster.resume(n);
        if (!cluster.isRunning(n)) cluster.start(n);
      }
      toxiproxy.reset();

      // quiesce
      progress.phase("quiesce", "waiting for replicas to reach the master's offset (bound " + CONVERGENCE_BOUND.toSeconds() + " s)");
      long q0 = System.nanoTime();
      List<String> laggards = Quiescence.await(deployment, CONVERGENCE_BOUND);
      Duration took = laggards.isEmpty() ? Duration.ofNanos(System.nanoTime() - q0) : null;
      List<ReplicationSample> settleStart = sampler.sampleAll();
      sleep(SETTLE_WINDOW.toMillis());
      Quiescence.await(deployment, Duration.ofSeconds(2));
      List<ReplicationSample> settleEnd = Quiescence.stableSample(deployment, history::now);
      sampler.stop();
      samplerThread.interrupt();

      // final reads
      progress.phase("final", "reading every key and DEBUG DIGEST on every node");
      Map<String, NodeState> finals = new LinkedHashMap<>();
      for (Node n : cluster.nodes()) finals.put(n.name(), finalState(n, n == deployment.master(), workload, spec.db()));
      history.close();

      // check
      progress.phase("check", "checking invariants");
      List<InvariantResult> results = new ArrayList<>();
      NodeState master = finals.get(deployment.master().name());
      List<NodeState> replicaStates = finals.values().stream().filter(s -> s != master).toList();
      if (!workload.model().equals("none")) {
        results.add(linearizability.check(history.events(), clientProcesses, workload.model(), dir));
      }
      if (workload.model().equals("list-append")) results.add(ReplicaPrefix.check(replicaReads, master.values()));
      // only lists and counters only grow: a register or a bulk key (deleted, expired) may go back legitimately
      boolean growing = workload.model().equals("list-append") || workload.model().equals("counter");
      if (readers > 0 && growing) results.add(MonotonicReplicaReads.check(replicaReads, Restart.from(history.events())));
      results.add(DatasetsEqual.check(master, replicaStates));
      results.add(OffsetsMonotonic.check(sampler.samples(), Restart.from(history.events())));
      results.add(Convergence.check(took, CONVERGENCE_BOUND, laggards));
      results.add(NoResyncLoops.check(settleStart, settleEnd));
      for (InvariantResult r : ReplicationLogs.check(cluster, sampler.samples(), settleEnd)) {
        results.add(r.id().equals(PsyncDecisions.IS1) ? Promotion.foldInto(r, deployment.promotions()) : r);
      }
      if (spec.nemeses().contains("failover")) results.add(WaitSurvivesFailover.check(deployment.waitProbes()));
      Verdict verdict = results.stream().map(InvariantResult::verdict).reduce(Verdict.VALID, Verdict::and);
      if (!nemesisErrors.isEmpty()) {
        progress.phase("check", "nemesis errors (faults not applied): " + nemesisErrors);
      }

      // report
      String summary = summarize(history.events(), faults.get());
      RunResult result = new RunResult(verdict, results, dir, summary);
      store.write(spec, result, sampler.samples(), cluster.describe(), nemesisErrors);
      progress.phase("report", dir.toString());
      return result;
    } catch (IOException e) {
      throw new ClusterException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted");
    }
  }

  private void clientLoop(RunSpec spec, Workload workload, Deployment deployment, ClientResources resources,
      HistoryRecorder history, AtomicBoolean stop, AtomicLong ops, int firstProcess, int processes,
      java.util.function.IntConsumer onNewProcess, Node replica, List<ReplicaRead> replicaReads, long runStart) {
    int process = firstProcess;
    onNewProcess.accept(process);
    Random random = new Random(spec.seed() * 1_000_003L + firstProcess);
    WorkloadClient client = null;
    try {
      while (!stop.get()) {
        if (client == null) {
          try {
            Deployment.HostPort at = replica == null ? deployment.clientAddress() : deployment.readAddress(replica);
            client = WorkloadClient.connect(resources, at.host(), at.port(), spec.opTimeout(), spec.valueSize(), spec.db());
          } catch (RuntimeException e) {
            sleep(100); // the link is down; try again, the history records only ops
            continue;
          }
        }
        OpSpec op;
        if (replica != null) {
          op = readOf(workload, random);
        } else if (spec.schedule() == null) {
          op = workload.next(random, process);
        } else {
          // a scheduled client runs only inside its op windows, with the window's share of reads
          RunSchedule.OpWindow window = spec.schedule().windowAt(firstProcess, (System.nanoTime() - runStart) / 1_000_000);
          if (window == null) {
            sleep(10);
            continue;
          }
          op = mixed(workload, random, process, window.readPercent());
          if (window.ratePerSecond() > 0) sleep(1000 / window.ratePerSecond());
        }
        String node = replica == null ? deployment.master().name() : replica.name();
        history.record(process, "invoke", op.f(), op.key(), op.f().equals("read") ? null : op.value(), node, null);
        Completion c = client.invoke(op);
        long index = history.record(process, c.type(), op.f(), op.key(), c.value(), node, c.error());
        ops.incrementAndGet();
        if (replica != null && c.type().equals("ok")) {
          replicaReads.add(new ReplicaRead(process, replica.name(), op.key(), c.value(), index));
        }
        if (!c.type().equals("ok")) {
          // A process whose op ended in info never invokes again (Jepsen); after a fail, reconnect too.
          client.close();
          client = null;
          if (c.type().equals("info")) {
            process += processes;
            onNewProcess.accept(process);
          }
        }
        if (replica != null) sleep(5);
      }
    } finally {
      if (client != null) client.close();
    }
  }

  /** An op with {@code readPercent} % reads; writes are the workload's own non-read ops. */
  private static OpSpec mixed(Workload workload, Random random, int process, int readPercent) {
    if (random.nextInt(100) < readPercent) return readOf(workload, random);
    OpSpec op = workload.next(random, process);
    for (int i = 0; i < 16 && op.f().equals("read"); i++) op = workload.next(random, process);
    return op;
  }

  /** Starts and heals each scheduled fault at its offset from {@code runStart}; ends early when stopped. */
  private void scheduledFaults(RunSchedule schedule, Deployment deployment, HistoryRecorder history, AtomicBoolean stop,
      AtomicInteger faults, AtomicReference<Fault> active, List<String> errors, long runStart) {
    for (RunSchedule.TimedFault step : schedule.faults()) {
      long wait = step.atMillis() - (System.nanoTime() - runStart) / 1_000_000;
      if (wait > 0 && !sleepUnless(stop, wait)) return;
      if (stop.get()) return;
      Nemesis nemesis = Nemesis.named(step.nemesis());
      try {
        history.record("nemesis", "invoke", "start", null, nemesis.name(), null, null);
        Fault fault = nemesis.start(deployment, new Random(step.seed()));
        active.set(fault);
        faults.incrementAndGet();
        history.record("nemesis", "info", "start", null, fault.description(), null, null);
      } catch (Exception e) {
        errors.add(nemesis.name() + ": " + e.getMessage());
        history.record("nemesis", "info", "start", null, nemesis.name(), null, "failed: " + e.getMessage());
        continue;
      }
      sleepUnless(stop, step.durationMillis());
      Fault f = active.getAndSet(null);
      if (f != null) heal(f, history);
    }
  }

  private static OpSpec readOf(Workload workload, Random random) {
    List<String> keys = workload.activeKeys();
    return new OpSpec("read", keys.get(random.nextInt(keys.size())), null);
  }

  private void nemesisLoop(RunSpec spec, List<Nemesis> nemeses, Deployment deployment, HistoryRecorder history,
      AtomicBoolean stop, AtomicInteger faults, AtomicReference<Fault> active, List<String> errors) {
    Random random = new Random(spec.seed() ^ 0x6e656d65736973L);
    long interval = spec.faultInterval().toMillis();
    while (!stop.get()) {
      if (!sleepUnless(stop, interval / 2 + random.nextInt((int) Math.max(1, interval)))) return;
      Nemesis nemesis = nemeses.get(random.nextInt(nemeses.size()));
      try {
        history.record("nemesis", "invoke", "start", null, nemesis.name(), null, null);
        Fault fault = nemesis.start(deployment, random);
        active.set(fault);
        faults.incrementAndGet();
        history.record("nemesis", "info", "start", null, fault.description(), null, null);
      } catch (Exception e) {
        errors.add(nemesis.name() + ": " + e.getMessage());
        history.record("nemesis", "info", "start", null, nemesis.name(), null, "failed: " + e.getMessage());
        continue;
      }
      sleepUnless(stop, spec.faultDuration().toMillis());
      Fault f = active.getAndSet(null);
      if (f != null) heal(f, history);
    }
  }

  private static void heal(Fault fault, HistoryRecorder history) {
    history.record("nemesis", "invoke", "stop", null, fault.description(), null, null);
    try {
      fault.heal();
      history.record("nemesis", "info", "stop", null, fault.description(), null, null);
    } catch (Exception e) {
      history.record("nemesis", "info", "stop", null, fault.description(), null, "heal failed: " + e.getMessage());
    }
  }

  private static NodeState finalState(Node n, boolean isMaster, Workload workload, int db) throws IOException {
    try (AdminClient c = Deployment.admin(n)) {
      if (db != 0) c.callText("SELECT", Integer.toString(db));
      Map<String, Object> values = new LinkedHashMap<>();
      for (String key : workload.keys()) {
        String type = c.callText("TYPE", key);
        Object v = switch (type) {
          case "none" -> null;
          case "list" -> ((List<?>) c.call("LRANGE", key, "0", "-1")).stream().map(b -> Long.parseLong(AdminClient.text(b))).toList();
          default -> {
            String s = AdminClient.text(c.call("GET", key));
            yield workload.name().equals("bulk") ? WorkloadClient.summary(s) : (Object) Long.parseLong(s);
          }
        };
        if (v != null) values.put(key, v);
      }
      Object digest = c.call("DEBUG", "DIGEST");
      String d = digest instanceof AdminClient.RespError ? null : AdminClient.text(digest);
      long offset = Long.parseLong(c.info("replication").getOrDefault(isMaster ? "master_repl_offset" : "slave_repl_offset", "-1"));
      return new NodeState(n.name(), isMaster ? "master" : "replica", d, values, offset);
    }
  }

  private static String summarize(List<io.replicheck.history.Event> events, int faults) {
    long ok = 0, fail = 0, info = 0;
    for (io.replicheck.history.Event e : events) {
      if (e.isNemesis()) continue;
      switch (e.type()) {
        case OK -> ok++;
        case FAIL -> fail++;
        case INFO -> info++;
        default -> {}
      }
    }
    return ok + " ok, " + fail + " fail, " + info + " info ops; " + faults + " faults";
  }

  private static Thread daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sleeps up to {@code ms}, waking early when stopped; false when stopped. */
  private static boolean sleepUnless(AtomicBoolean stop, long ms) {
    long deadline = System.currentTimeMillis() + ms;
    while (!stop.get() && System.currentTimeMillis() < deadline) sleep(Math.min(50, Math.max(1, deadline - System.currentTimeMillis())));
    return !stop.get();
  }
}
