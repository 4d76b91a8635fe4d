package io.replicheck.invariant;

import io.replicheck.invariant.ReplicationLog.Decision;
import io.replicheck.invariant.ReplicationLog.Event;
import io.replicheck.invariant.ReplicationLog.Kind;
import io.replicheck.invariant.ReplicationSample.Backlog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * IS1 and IS2: each PSYNC decision a node logged, judged against that node's own INFO replication
 * read just before and just after it. Only what the two readings prove is called a violation: the
 * node's ids were the same in both (so they were those at the decision), its backlog window only
 * moves forward, and its offset only grows. A decision whose request cannot be paired with the
 * replica's log line, or that no reading brackets, is counted and left undecided; when no decision
 * is bracketed both are not exercised. One answer needs no reading: a CONTINUE to a replica that
 * logged it had no cached master (so it sent {@code PSYNC ? -1}) breaks IS2 whatever the upstream
 * held, since there is no history to continue.
 */
public final class PsyncDecisions {
  public static final String IS1 = "IS1";
  public static final String IS1_NAME = "a PSYNC the backlog can serve gets CONTINUE";
  public static final String IS2 = "IS2";
  public static final String IS2_NAME = "any other PSYNC gets FULLRESYNC";

  /** How far apart (ms) a replica's request line and its upstream's decision line may be. */
  private static final long PAIRING_WINDOW_MS = 10_000;

  private PsyncDecisions() {}

  /**
   * @param events every node's parsed log events
   * @param nodeByPort node name by the port it listens on (how upstreams name replicas)
   * @param backlogs each node's readings, in time order
   * @param resyncsServed sync_full + sync_partial_ok summed over nodes at the end (to tell "no
   *     PSYNC happened" from "the logs say nothing")
   */
  public static List<InvariantResult> check(
      List<Event> events,
      Map<Integer, String> nodeByPort,
      Map<String, List<Backlog>> backlogs,
      long resyncsServed) {
    List<String> is1 = new ArrayList<>();
    List<String> is2 = new ArrayList<>();
    int decisions = 0;
    int judged = 0;
    int bracketed = 0; // judged against readings (PSYNC ? -1 needs none, and proves little)
    for (Event d : events) {
      if (d.kind() != Kind.PSYNC_DECISION) continue;
      decisions++;
      if (d.decision() == Decision.FULL_REQUESTED) {
        judged++; // "PSYNC ? -1": only a full resync is possible, and that is what it got
        continue;
      }
      String replica = nodeByPort.get(d.replicaPort());
      Event request = replica == null ? null : requestFor(events, replica, d);
      Event noHistory = replica == null ? null : noHistoryBefore(events, replica, d);
      if (d.decision() == Decision.CONTINUE
          && noHistory != null
          && (request == null || request.wallMs() < noHistory.wallMs())) {
        // "PSYNC ? -1" has no history to continue: FULLRESYNC is the only answer, readings or not
        judged++;
        is2.add(
            d.node()
                + " answered "
                + replica
                + "'s PSYNC ? -1 (its log at "
                + java.time.Instant.ofEpochMilli(noHistory.wallMs())
                + ": no cached master) with CONTINUE at "
                + java.time.Instant.ofEpochMilli(d.wallMs())
                + " (from offset "
                + d.offset()
                + "): a replica with no history must get FULLRESYNC");
        continue;
      }
      if (request == null) continue;
      List<Backlog> readings = backlogs.getOrDefault(d.node(), List.of());
      Backlog before = null;
      Backlog after = null;
      for (Backlog b : readings) {
        if (b.toMs() < d.wallMs()) before = b;
        if (after == null && b.fromMs() > d.wallMs() + 1) after = b;
      }
      if (before == null
          || after == null
          || !before.replid().equalsIgnoreCase(after.replid())
          || !before.replid2().equalsIgnoreCase(after.replid2())) {
        continue;
      }
      judged++;
      bracketed++;
      String r = request.replid();
      long o = request.offset();
      boolean idOk =
          r.equalsIgnoreCase(before.replid())
              || (r.equalsIgnoreCase(before.replid2())
                  && o <= Math.min(before.secondReplOffset(), after.secondReplOffset()));
      boolean idBad =
          !r.equalsIgnoreCase(before.replid())
              && (!r.equalsIgnoreCase(before.replid2())
                  || o > Math.max(before.secondReplOffset(), after.secondReplOffset()));
      String at =
          d.node()
              + " answered "
              + replica
              + "'s PSYNC "
              + r
              + " "
              + o
              + " with "
              + (d.decision() == Decision.CONTINUE
                  ? "CONTINUE"
                  : "FULLRESYNC (" + d.decision().name().toLowerCase() + ")")
              + " at "
              + java.time.Instant.ofEpochMilli(d.wallMs())
              + "; "
              + d.node()
              + " before/after: "
              + describe(before)
              + " / "
              + describe(after);
      if (d.decision() == Decision.CONTINUE) {
        boolean noBacklog = !before.active() && !after.active();
        boolean outside =
            (before.active() && o < before.firstByte()) || o > after.masterReplOffset() + 1;
        if (idBad || noBacklog || outside) is2.add(at);
      } else {
        boolean inside =
            before.active()
                && after.active()
                && o >= after.firstByte()
                && o <= before.masterReplOffset() + 1;
        if (idOk && inside) is1.add(at);
      }
    }
    String counted =
        decisions
            + " PSYNC decisions in the logs, "
            + judged
            + " judged ("
            + bracketed
            + " bracketed by readings, "
            + (judged - bracketed)
            + " PSYNC ? -1)";
    if (decisions == 0 && resyncsServed > 0) {
      String why =
          "nodes served "
              + resyncsServed
              + " resyncs but their logs record no PSYNC decision this harness can read";
      return List.of(
          InvariantResult.unknown(IS1, IS1_NAME, why), InvariantResult.unknown(IS2, IS2_NAME, why));
    }
    if (bracketed == 0 && is2.isEmpty()) {
      // Only a reading before and after a decision shows what the backlog held: none, no evidence.
      return List.of(
          InvariantResult.notExercised(IS1, IS1_NAME, counted),
          InvariantResult.notExercised(IS2, IS2_NAME, counted));
    }
    if (bracketed == 0) {
      return List.of(
          InvariantResult.notExercised(IS1, IS1_NAME, counted),
          result(IS2, IS2_NAME, is2, counted));
    }
    return List.of(result(IS1, IS1_NAME, is1, counted), result(IS2, IS2_NAME, is2, counted));
  }

  private static InvariantResult result(
      String id, String name, List<String> violations, String counted) {
    return violations.isEmpty()
        ? InvariantResult.valid(id, name, counted)
        : InvariantResult.invalid(id, name, violations.get(0), violations);
  }

  /** The replica's own log line for the request this decision answered. */
  private static Event requestFor(List<Event> events, String replica, Event d) {
    Event best = null;
    for (Event e : events) {
      if (e.kind() != Kind.PSYNC_REQUEST || !e.node().equals(replica)) continue;
      if (e.wallMs() > d.wallMs() + 1 || e.wallMs() < d.wallMs() - PAIRING_WINDOW_MS) continue;
      boolean matches =
          d.replid() != null ? d.replid().equalsIgnoreCase(e.replid()) : d.offset() == e.offset();
      if (matches && (best == null || e.wallMs() >= best.wallMs())) best = e;
    }
    return best;
  }

  /**
   * The replica's "no cached master" line (it sent PSYNC ? -1) for the attempt this decision
   * answered: its latest such line within the pairing window before the decision, or null.
   */
  private static Event noHistoryBefore(List<Event> events, String replica, Event d) {
    Event best = null;
    for (Event e : events) {
      if (e.kind() != Kind.PSYNC_NO_HISTORY || !e.node().equals(replica)) continue;
      if (e.wallMs() > d.wallMs() + 1 || e.wallMs() < d.wallMs() - PAIRING_WINDOW_MS) continue;
      if (best == null || e.wallMs() >= best.wallMs()) best = e;
    }
    return best;
  }

  private static String describe(Backlog b) {
    return "replid "
        + b.replid()
        + " replid2 "
        + b.replid2()
        + " up to "
        + b.secondReplOffset()
        + ", backlog "
        + (b.active()
            ? "[" + b.firstByte() + ", " + (b.firstByte() + b.histlen()) + "]"
            : "inactive")
        + ", offset "
        + b.masterReplOffset();
  }
}
