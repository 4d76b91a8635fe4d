package io.replicheck.runner;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.lettuce.core.resource.ClientResources;
import io.replicheck.cluster.Cluster;
import io.replicheck.cluster.Deployment;
import io.replicheck.invariant.InvariantResult;
import io.replicheck.invariant.NodeState;
import io.replicheck.invariant.ReplicationLog;
import io.replicheck.invariant.ReplicationSample;
import io.replicheck.nemesis.ActiveFault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one run's phases share: the plan, what setup started, what the drive recorded, what quiesce
 * and collect measured, and the checks' results. Each phase fills its part; fields are written by
 * one phase and read by later ones (the drive's by several threads, hence the concurrent types).
 */
public final class RunContext {
  final RunPlan plan;
  final RunStore store;
  final Path dir;
  final Closer closer;
  final Progress progress;
  final LinearizabilityCheck linearizability;

  // setup
  ToxiproxyClient toxiproxy;
  Cluster cluster;
  Deployment deployment;
  HistoryRecorder history;
  Sampler sampler;
  Thread samplerThread;
  ClientResources resources;

  /** Records Sentinel's events into the history ({@code --topology sentinel} only), or null. */
  SentinelWatch sentinelWatch;

  /**
   * What the sentinels agreed on after heal ({@code --topology sentinel} only), or null: P8's
   * evidence.
   */
  io.replicheck.invariant.SentinelConvergence.Outcome sentinelOutcome;

  /** Wall-clock ms just before the nodes started with REPLICAOF in their config. */
  long replicaofSentMs;

  // drive
  final AtomicBoolean stop = new AtomicBoolean();
  final AtomicLong ops = new AtomicLong();
  final List<Integer> clientProcesses = new CopyOnWriteArrayList<>();
  final AtomicInteger faults = new AtomicInteger();

  /** The faults active now: one, or more while a fault overlaps others (by start). */
  final Set<ActiveFault> active = new java.util.concurrent.CopyOnWriteArraySet<>();

  final List<String> nemesisErrors = new CopyOnWriteArrayList<>();
  final Set<String> fired = ConcurrentHashMap.newKeySet();

  /** The random loop's faults as applied, for a replay ({@code --topology sentinel} only). */
  final List<ScheduledFault> applied = new CopyOnWriteArrayList<>();

  int readers;

  /** System.nanoTime when the drive ended (the settle window waits out the workload's TTLs). */
  long driveEndNanos;

  // quiesce and collect
  List<String> laggards = List.of();
  Duration convergedIn;
  List<ReplicationSample> settleStart = List.of();
  List<ReplicationSample> settleEnd = List.of();

  /** How long the settle window lasted (P6: {@link SettleWindow} decides), or null. */
  Duration settleWindow;

  /** Inside setup: the nodes' start and their replication links coming up (timing.json). */
  Duration nodesUp;

  final Map<String, NodeState> finals = new LinkedHashMap<>();

  /** Each node's keys named {@code replicheck:*} (the harness's own markers) at the end, db 0. */
  final Map<String, java.util.Set<String>> markers = new LinkedHashMap<>();

  /** The history-only checks, started once the history is closed (after heal), or null. */
  volatile HistoryChecks historyChecks;

  // check
  final List<InvariantResult> results = new ArrayList<>();

  /** Why the run was stopped before its end (a signal, a bound that ran out), or null. */
  volatile String aborted;

  /**
   * Whether the history of an aborted run is still judged: true when the drive ran to its end and
   * only a bound of stopping or healing ran out (an hour's history still gets its history checks),
   * false for a signal (the user wants the run to stop now) or a broken recorder.
   */
  volatile boolean judgeHistoryAfterAbort;

  RunContext(
      RunPlan plan,
      RunStore store,
      Closer closer,
      Progress progress,
      LinearizabilityCheck linearizability) {
    this.plan = plan;
    this.store = store;
    this.dir = store.dir();
    this.closer = closer;
    this.progress = progress;
    this.linearizability = linearizability;
  }

  public RunPlan plan() {
    return plan;
  }

  /** Every node's log parsed once, when the first check asks (they all read the same logs). */
  private List<ReplicationLog.Event> replicationEvents;

  synchronized List<ReplicationLog.Event> replicationEvents() {
    if (replicationEvents == null) {
      replicationEvents = List.copyOf(ReplicationLogs.events(cluster));
    }
    return replicationEvents;
  }

  NodeState masterState() {
    return finals.get(deployment.master().name());
  }

  List<NodeState> replicaStates() {
    NodeState master = masterState();
    return finals.values().stream().filter(s -> s != master).toList();
  }

  /** Stops the drive early; later phases heal and stop everything, and the verdict is unknown. */
  void abort(String reason) {
    judgeHistoryAfterAbort = false;
    aborted = reason;
    stop.set(true);
    HistoryChecks h = historyChecks;
    if (h != null) h.stop(reason); // a signal while P3 runs: stop now, not after the check
  }

  /** Whether the history checks run: the run was not aborted, or only a bound after its drive. */
  boolean historyJudged() {
    return aborted == null || judgeHistoryAfterAbort;
  }

  /**
   * Aborts as {@link #abort} but keeps the history for the checks that read only it: the drive
   * reached its end and what ran out was a bound of stopping or healing.
   */
  void abortKeepingHistory(String reason) {
    aborted = reason;
    stop.set(true);
    judgeHistoryAfterAbort = true;
  }
}
