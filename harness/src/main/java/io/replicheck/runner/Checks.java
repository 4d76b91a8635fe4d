package io.replicheck.runner;

import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import io.replicheck.history.HistoryFormatException;
import io.replicheck.history.JsonlReader;
import io.replicheck.invariant.AcknowledgedWritesSurvive;
import io.replicheck.invariant.AppendWindows;
import io.replicheck.invariant.ContinueWrites;
import io.replicheck.invariant.Convergence;
import io.replicheck.invariant.DatasetsEqual;
import io.replicheck.invariant.FlushBeforeLoad;
import io.replicheck.invariant.FullState;
import io.replicheck.invariant.InvariantResult;
import io.replicheck.invariant.MonotonicReplicaReads;
import io.replicheck.invariant.NoResyncLoops;
import io.replicheck.invariant.NodeExits;
import io.replicheck.invariant.NodeState;
import io.replicheck.invariant.OffsetsMonotonic;
import io.replicheck.invariant.Promotion;
import io.replicheck.invariant.PsyncDecisions;
import io.replicheck.invariant.ReplicaPrefix;
import io.replicheck.invariant.ReplicaRead;
import io.replicheck.invariant.ReplicationLog;
import io.replicheck.invariant.ReplicationSample;
import io.replicheck.invariant.Restart;
import io.replicheck.invariant.RestartHistory;
import io.replicheck.invariant.SentinelConvergence;
import io.replicheck.invariant.SnapshotWrites;
import io.replicheck.invariant.StreamErrors;
import io.replicheck.invariant.WaitSurvivesFailover;
import io.replicheck.model.Models.Capability;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry of invariant checks: each declares the ids it judges and what it needs from a run
 * ({@link Check#appliesTo()}), once, here; the runner runs those that apply, in this order (the
 * order of results.json). The invariants' verdict logic stays in {@code io.replicheck.invariant}.
 * Adding an invariant: its class and one entry here.
 */
public final class Checks {

  private static final List<Check> ALL =
      List.of(
          new Check(
              List.of("P3"),
              "the master's history is linearizable under the workload's model",
              RunPlan::hasModel,
              r ->
                  List.of(
                      r.linearizability.check(
                          r.history.file(), r.clientProcesses, r.plan.workload().model(), r.dir)),
              true),
          new Check(
              List.of(ReplicaPrefix.ID),
              ReplicaPrefix.NAME,
              p -> p.has(Capability.PREFIXES),
              r -> List.of(ReplicaPrefix.check(replicaReads(r), r.masterState().values()))),
          // only values that grow must read monotonic: a register or a bulk key may go back
          // legitimately
          new Check(
              List.of(MonotonicReplicaReads.ID),
              MonotonicReplicaReads.NAME,
              p -> p.has(Capability.GROWS),
              r ->
                  r.readers == 0
                      ? List.of()
                      : List.of(
                          MonotonicReplicaReads.check(
                              replicaReads(r), Restart.from(r.history.nemesisEvents()))),
              true),
          new Check(
              List.of(DatasetsEqual.ID),
              DatasetsEqual.NAME,
              p -> true,
              r ->
                  List.of(
                      byDesign(r, DatasetsEqual.check(r.masterState(), r.replicaStates()), true))),
          new Check(
              List.of(FullState.ID),
              FullState.NAME,
              p -> p.workload() instanceof io.replicheck.workload.PropagationWorkload,
              r -> List.of(byDesign(r, FullStateReads.check(r), true))),
          new Check(
              List.of(OffsetsMonotonic.ID),
              OffsetsMonotonic.NAME,
              p -> true,
              r ->
                  List.of(
                      OffsetsMonotonic.check(
                          r.sampler.samples(), Restart.from(r.history.nemesisEvents())))),
          new Check(
              List.of(Convergence.ID),
              Convergence.NAME,
              p -> true,
              r ->
                  List.of(
                      byDesign(
                          r,
                          Convergence.check(r.convergedIn, Runner.CONVERGENCE_BOUND, r.laggards),
                          false))),
          new Check(
              List.of(NoResyncLoops.ID),
              NoResyncLoops.NAME,
              p -> true,
              r ->
                  List.of(
                      byDesign(
                          r,
                          NoResyncLoops.check(r.settleStart, r.settleEnd, timedOutWhileSettling(r)),
                          false))),
          new Check(
              List.of(PsyncDecisions.IS1, PsyncDecisions.IS2, "FS4"),
              "PSYNC decisions and full-sync offsets, from every node's log",
              p -> true,
              Checks::fromLogs),
          new Check(
              List.of(FlushBeforeLoad.ID, SnapshotWrites.ID, ContinueWrites.ID),
              "full syncs flush old data and carry the snapshot's writes; CONTINUEs resume exactly",
              p -> true,
              Checks::syncWindows),
          // a WAIT probe runs before every fault, whatever its kind (FaultDriver)
          new Check(
              List.of(WaitSurvivesFailover.ID),
              WaitSurvivesFailover.NAME,
              p -> !p.nemesisNames().isEmpty() || p.schedule() != null,
              r -> List.of(WaitSurvivesFailover.check(r.deployment.waitProbes()))),
          // issue 16: under Sentinel, over every master the clients wrote to
          new Check(
              List.of(AcknowledgedWritesSurvive.ID),
              "every acknowledged append is on the final master, in acknowledgement order",
              p -> p.sentinel() && p.has(Capability.PREFIXES),
              r -> List.of(SentinelChecks.acknowledgedWrites(r))),
          new Check(
              List.of(SentinelConvergence.ID),
              SentinelConvergence.NAME,
              RunPlan::sentinel,
              r -> List.of(SentinelConvergence.check(r.sentinelOutcome))),
          new Check(
              List.of(NodeExits.ID),
              NodeExits.NAME,
              p -> true,
              r ->
                  List.of(
                      NodeExits.check(
                          unexpectedExits(r),
                          r.cluster.controlsProcesses(),
                          r.cluster.nodes().size()))),
          new Check(
              List.of(StreamErrors.ID),
              StreamErrors.NAME,
              p -> true,
              r ->
                  List.of(
                      StreamErrors.check(
                          r.replicationEvents(), ReplicationLogs.readable(r.cluster)))));

  private Checks() {}

  /** Every registered check, in report order. */
  public static List<Check> all() {
    return ALL;
  }

  /** The nodes' processes, and the sentinels' under Sentinel, that ended on their own (P9). */
  private static List<io.replicheck.cluster.NodeExit> unexpectedExits(RunContext r) {
    List<io.replicheck.cluster.NodeExit> all = new ArrayList<>(r.cluster.unexpectedExits());
    if (r.deployment.sentinels() != null) {
      all.addAll(r.deployment.sentinels().sentinels().unexpectedExits());
    }
    return all;
  }

  /** Every invariant id some check reports. */
  public static List<String> ids() {
    return ALL.stream().flatMap(c -> c.ids().stream()).toList();
  }

  /** FS2, FS3 and IS3 from the logs, the readings, the history's appends and the final data. */
  private static List<InvariantResult> syncWindows(RunContext r) {
    List<ReplicationLog.Event> events = r.replicationEvents();
    Map<Integer, String> nodeByPort = ReplicationLogs.nodeByPort(r.cluster);
    NodeState master = r.masterState();
    // converged: level with the master in the settled reading (one where the master's offset did
    // not move while the replicas were read; the final reads are not taken at one instant)
    Set<String> converged = new HashSet<>();
    long masterOffset =
        r.settleEnd.stream()
            .filter(s -> s.node().equals(master.node()))
            .mapToLong(ReplicationSample::offset)
            .findFirst()
            .orElse(-2);
    for (ReplicationSample s : r.settleEnd) {
      if (!s.node().equals(master.node()) && s.offset() == masterOffset) converged.add(s.node());
    }
    List<ReplicationSample> samples = r.sampler.samples();
    List<AppendWindows.Window> windows = new ArrayList<>(SnapshotWrites.windows(events));
    windows.addAll(ContinueWrites.windows(events, nodeByPort, samples));
    List<AppendWindows.Append> appends = appends(r, windows);
    return List.of(
        FlushBeforeLoad.check(
            events, nodeByPort, r.cluster.nodes().get(0).name(), r.finals, r.markers, converged),
        SnapshotWrites.check(events, appends, master.values(), r.finals, converged),
        ContinueWrites.check(
            events, nodeByPort, samples, appends, master.values(), r.finals, converged));
  }

  // The recorder's lines (JsonlWriter: no spaces) that can be an ok read or an ok append; only
  // those are parsed. The events are still checked field by field after parsing.
  private static final java.util.function.Predicate<String> OK_READ =
      l -> l.contains("\"type\":\"ok\"") && l.contains("\"f\":\"read\"");
  private static final java.util.function.Predicate<String> OK_APPEND =
      l -> l.contains("\"type\":\"ok\"") && l.contains("\"f\":\"append\"");

  /**
   * The replica readers' ok reads, in history order, streamed from the history file each time they
   * are iterated (the run keeps none in memory): the events of processes that are not the master's
   * clients.
   */
  static Iterable<ReplicaRead> replicaReads(RunContext r) {
    Set<Long> clients = new HashSet<>();
    for (Integer p : r.clientProcesses) clients.add(p.longValue());
    return () ->
        new java.util.Iterator<>() {
          private final JsonlReader in = open(r.history.file());
          private ReplicaRead next = advance();

          private ReplicaRead advance() {
            try {
              for (Event e; (e = in.next(OK_READ)) != null; ) {
                if (!e.isNemesis()
                    && e.type() == EventType.OK
                    && "read".equals(e.f())
                    && !clients.contains((Long) e.process())) {
                  return new ReplicaRead(
                      ((Long) e.process()).intValue(),
                      e.node(),
                      String.valueOf(e.key()),
                      e.value(),
                      e.index());
                }
              }
            } catch (HistoryFormatException e) {
              in.close();
              throw new IllegalStateException(
                  "cannot read back the run's history: " + e.getMessage(), e);
            }
            in.close();
            return null;
          }

          @Override
          public boolean hasNext() {
            return next != null;
          }

          @Override
          public ReplicaRead next() {
            if (next == null) throw new java.util.NoSuchElementException();
            ReplicaRead r = next;
            next = advance();
            return r;
          }
        };
  }

  private static JsonlReader open(java.nio.file.Path file) {
    try {
      return JsonlReader.open(file);
    } catch (HistoryFormatException e) {
      throw new IllegalStateException("cannot read back the run's history: " + e.getMessage(), e);
    }
  }

  /**
   * The appends the master acknowledged inside one of {@code windows} (FS3 and IS3 judge no other),
   * read back from the history file, plus the first one outside them, so that the checks still tell
   * "no appends in this run" from "none in a window": memory follows the sync windows, not the
   * run's length.
   */
  private static List<AppendWindows.Append> appends(
      RunContext r, List<AppendWindows.Window> windows) {
    List<AppendWindows.Append> appends = new ArrayList<>();
    boolean outside = false;
    try (JsonlReader in = JsonlReader.open(r.history.file())) {
      for (Event e; (e = in.next(OK_APPEND)) != null; ) {
        if (e.type() == EventType.OK
            && "append".equals(e.f())
            && e.key() != null
            && e.value() instanceof Number v
            && e.time() != null) {
          long ms = r.history.wallMs(e.time());
          boolean inside = windows.stream().anyMatch(w -> ms >= w.fromMs() && ms <= w.toMs());
          if (inside || !outside) {
            appends.add(new AppendWindows.Append(String.valueOf(e.key()), v.longValue(), ms));
            outside |= !inside;
          }
        }
      }
    } catch (HistoryFormatException e) {
      throw new IllegalStateException("cannot read back the run's history: " + e.getMessage(), e);
    }
    return appends;
  }

  /** What redis logs on the master when it drops a replica whose output buffer overflowed. */
  static final String BUFFER_OVERFLOW = "for overcoming of output buffer limits";

  /**
   * A convergence verdict (P5, P6, and P1 while a replica has not converged) judged against what
   * redis does by design: a replica whose output buffer outgrows {@code client-output-buffer-limit
   * replica} (a value larger than the limit, or a burst during a full sync) is dropped and full
   * syncs again, each time its buffer overflows, so it may not have converged by the bound. When a
   * node's log shows such a drop, an invalid verdict becomes "not exercised", saying why: the run
   * could not judge convergence, which is neither a pass nor a bug.
   */
  static InvariantResult byDesign(RunContext r, InvariantResult result, boolean onlyLagging) {
    return byDesign(
        r.cluster, result, !onlyLagging || (r.laggards != null && !r.laggards.isEmpty()));
  }

  /** As above: {@code judged} says whether the verdict depends on convergence at all. */
  static InvariantResult byDesign(
      io.replicheck.cluster.Cluster cluster, InvariantResult result, boolean judged) {
    if (result.verdict() != io.replicheck.checker.Verdict.INVALID || !judged) return result;
    String drop = outputBufferDrop(cluster);
    if (drop == null) return result;
    return InvariantResult.notExercised(
        result.id(),
        result.name(),
        "replicas were dropped for output buffer overflow (client-output-buffer-limit replica), a"
            + " resync loop by design: "
            + drop
            + "; not judged (was: "
            + result.reason()
            + ")");
  }

  /** The first output-buffer drop in a node's log, with the node's name, or null. */
  static String outputBufferDrop(io.replicheck.cluster.Cluster cluster) {
    if (cluster == null) return null;
    for (io.replicheck.cluster.Node n : cluster.nodes()) {
      if (!java.nio.file.Files.isReadable(n.logFile())) continue;
      try (java.util.stream.Stream<String> lines =
          java.nio.file.Files.lines(n.logFile(), java.nio.charset.StandardCharsets.ISO_8859_1)) {
        String hit = lines.filter(l -> l.contains(BUFFER_OVERFLOW)).findFirst().orElse(null);
        if (hit != null) return n.name() + ": " + hit.strip();
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        // an unreadable log shows no drop; the verdict stands
      }
    }
    return null;
  }

  /**
   * The nodes that logged a replication timeout in the settle window, or up to 2 s before it (a
   * replica reconnects from its once-a-second cron, so a timeout just before the window resyncs
   * inside it).
   */
  static List<String> timedOutWhileSettling(RunContext r) {
    if (r.settleStart.isEmpty() || r.settleEnd.isEmpty()) return List.of();
    long from =
        r.history.wallMs(
                r.settleStart.stream().mapToLong(ReplicationSample::time).min().getAsLong())
            - 2_000;
    long to =
        r.history.wallMs(r.settleEnd.stream().mapToLong(ReplicationSample::time).max().getAsLong());
    return r.replicationEvents().stream()
        .filter(e -> e.kind() == ReplicationLog.Kind.REPL_TIMEOUT)
        .filter(e -> e.wallMs() >= from && e.wallMs() <= to)
        .map(ReplicationLog.Event::node)
        .distinct()
        .sorted()
        .toList();
  }

  private static List<InvariantResult> fromLogs(RunContext r) {
    List<InvariantResult> out = new ArrayList<>();
    for (InvariantResult i :
        ReplicationLogs.check(
            r.replicationEvents(),
            ReplicationLogs.nodeByPort(r.cluster),
            r.sampler.samples(),
            r.settleEnd)) {
      if (i.id().equals(PsyncDecisions.IS1)) {
        i = Promotion.foldInto(i, r.deployment.promotions());
        i =
            RestartHistory.foldInto(
                i,
                RestartHistory.of(
                    r.history.nemesisEvents(),
                    r.sampler.samples(),
                    r.replicationEvents(),
                    ReplicationLogs.nodeByPort(r.cluster),
                    node -> !appendonly(r, node)));
      }
      out.add(i);
    }
    return out;
  }

  /**
   * Whether {@code node} runs with {@code appendonly yes} (a restart then loads the AOF, which
   * carries no replication id): the last {@code --appendonly} of its arguments, as the server reads
   * them (the defaults, the user's server arguments, then the drawn configuration).
   */
  static boolean appendonly(RunContext r, String node) {
    List<String> args = new ArrayList<>(Runner.DEFAULT_SERVER_ARGS);
    args.addAll(r.plan.spec().serverArgs());
    if (r.plan.spec().config() != null && r.cluster != null && !r.cluster.nodes().isEmpty()) {
      args.addAll(r.plan.spec().config().args(r.cluster.nodes().get(0).name().equals(node)));
    }
    String value = "no";
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).equals("--appendonly")) value = args.get(i + 1);
    }
    return value.equalsIgnoreCase("yes");
  }
}
