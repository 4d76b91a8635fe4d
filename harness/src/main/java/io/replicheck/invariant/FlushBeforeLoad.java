package io.replicheck.invariant;

import io.replicheck.invariant.ReplicationLog.Decision;
import io.replicheck.invariant.ReplicationLog.Event;
import io.replicheck.invariant.ReplicationLog.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * FS2, directly: a replica whose last sync was a full sync, begun after it had served as a master
 * (the run's first master, or after "MASTER MODE enabled"), may hold none of the harness's own
 * marker keys ({@value #MARKER_PREFIX}*) that the master lacks. Such keys are written only on a
 * node that is a master by mistake (a stray or split-brain write), so one that survives a full sync
 * is old data the replica did not flush. A node whose last sync was a CONTINUE is not judged here:
 * keeping its data is then right, or IS2's violation.
 */
public final class FlushBeforeLoad {
  public static final String ID = "FS2";
  public static final String NAME = "a replica that full-syncs keeps none of its old data";
  public static final String MARKER_PREFIX = "replicheck:";

  private FlushBeforeLoad() {}

  /**
   * @param events every node's parsed log events, in order per node
   * @param nodeByPort node name by listening port (how upstreams name replicas)
   * @param firstMaster the node that was master when the run began
   * @param finals every node's final state (role "replica" or "master")
   * @param markers each node's {@value #MARKER_PREFIX} keys at the end
   * @param converged replicas whose final offset equals the master's
   */
  public static InvariantResult check(
      List<Event> events,
      Map<Integer, String> nodeByPort,
      String firstMaster,
      Map<String, NodeState> finals,
      Map<String, Set<String>> markers,
      Set<String> converged) {
    String master =
        finals.values().stream()
            .filter(s -> s.role().equals("master"))
            .map(NodeState::node)
            .findFirst()
            .orElse(null);
    Set<String> onMaster = master == null ? Set.of() : markers.getOrDefault(master, Set.of());
    List<String> evidence = new ArrayList<>();
    List<String> judged = new ArrayList<>();
    for (NodeState s : finals.values()) {
      String node = s.node();
      if (!s.role().equals("replica") || !converged.contains(node)) continue;
      long wasMaster = node.equals(firstMaster) ? Long.MIN_VALUE : Long.MAX_VALUE;
      long fullFrom = -1;
      long fullTo = -1;
      long lastContinue = -1;
      long pending = -1;
      for (Event e : events) {
        if (e.node().equals(node)) {
          switch (e.kind()) {
            case MASTER_MODE -> wasMaster = Math.min(wasMaster, e.wallMs());
            case FULL_RESYNC -> pending = e.wallMs();
            case SYNC_FINISHED -> {
              if (pending >= 0) {
                fullFrom = pending;
                fullTo = e.wallMs();
                pending = -1;
              }
            }
            default -> {}
          }
        } else if (e.kind() == Kind.PSYNC_DECISION
            && e.decision() == Decision.CONTINUE
            && node.equals(nodeByPort.get(e.replicaPort()))) {
          lastContinue = Math.max(lastContinue, e.wallMs());
        }
      }
      if (fullTo < 0 || lastContinue > fullFrom || wasMaster > fullFrom) continue;
      String sync =
          node
              + "'s full sync from "
              + Instant.ofEpochMilli(fullFrom)
              + " to "
              + Instant.ofEpochMilli(fullTo)
              + (wasMaster == Long.MIN_VALUE
                  ? " (it was the first master)"
                  : " (master mode from " + Instant.ofEpochMilli(wasMaster) + ")");
      judged.add(sync);
      Set<String> kept = new TreeSet<>(markers.getOrDefault(node, Set.of()));
      kept.removeAll(onMaster);
      if (!kept.isEmpty()) {
        evidence.add(node + " still holds " + kept + " the master lacks, after " + sync);
      }
    }
    if (!evidence.isEmpty()) return InvariantResult.invalid(ID, NAME, evidence.get(0), evidence);
    if (judged.isEmpty()) {
      return InvariantResult.notExercised(
          ID,
          NAME,
          "no converged replica ended with a full sync over data of its own (after serving as a"
              + " master)");
    }
    return InvariantResult.valid(
        ID,
        NAME,
        judged.size()
            + " replicas ended with a full sync over data of their own and kept no marker key: "
            + String.join("; ", judged));
  }
}
