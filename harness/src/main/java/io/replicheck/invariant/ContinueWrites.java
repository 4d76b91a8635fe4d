package io.replicheck.invariant;

import io.replicheck.invariant.AppendWindows.Append;
import io.replicheck.invariant.AppendWindows.Window;
import io.replicheck.invariant.ReplicationLog.Decision;
import io.replicheck.invariant.ReplicationLog.Event;
import io.replicheck.invariant.ReplicationLog.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * IS3, directly, in two ways. First the request: a replica that asks to continue from offset O must
 * not have applied byte O already; its own INFO reading before the request, under the same replid
 * and in the same life of its process, bounds what it had applied, so a request at or below that
 * reading makes the upstream send bytes it applies twice. Second the data: every list-append the
 * master acknowledged from the replica's last reading with its link up before the CONTINUE until
 * {@link #AFTER_MS} after it is in the replica's final list exactly once, in the master's order.
 */
public final class ContinueWrites {
  public static final String ID = "IS3";
  public static final String NAME = "after CONTINUE nothing is lost or applied twice";

  /** How long after a CONTINUE appends still count as around it. */
  static final long AFTER_MS = 1_000;

  /** Without a reading of the link up before it, how far back a CONTINUE's window reaches. */
  static final long BEFORE_MS = 5_000;

  /** How far apart (ms) a replica's request line and its upstream's decision line may be. */
  private static final long PAIRING_MS = 10_000;

  private ContinueWrites() {}

  /** A CONTINUE the upstream logged, with the replica's own request it answered (or null). */
  record Continued(String replica, Event decision, Event request) {}

  static List<Continued> continues(List<Event> events, Map<Integer, String> nodeByPort) {
    List<Continued> out = new ArrayList<>();
    for (Event d : events) {
      if (d.kind() != Kind.PSYNC_DECISION || d.decision() != Decision.CONTINUE) continue;
      String replica = nodeByPort.get(d.replicaPort());
      if (replica == null) continue;
      Event request = null;
      for (Event e : events) {
        if (e.kind() == Kind.PSYNC_REQUEST
            && e.node().equals(replica)
            && e.offset() == d.offset()
            && e.wallMs() <= d.wallMs() + 1
            && e.wallMs() >= d.wallMs() - PAIRING_MS
            && (request == null || e.wallMs() >= request.wallMs())) request = e;
      }
      out.add(new Continued(replica, d, request));
    }
    return out;
  }

  /** Each CONTINUE's window: from the replica's last reading with its link up to just after. */
  /** The windows this check judges appends in, from the logs' events and the readings. */
  public static List<Window> windows(
      List<Event> events, Map<Integer, String> nodeByPort, List<ReplicationSample> samples) {
    return windows(continues(events, nodeByPort), samples);
  }

  static List<Window> windows(List<Continued> continued, List<ReplicationSample> samples) {
    List<Window> out = new ArrayList<>();
    for (Continued c : continued) {
      long at = c.decision().wallMs();
      long from = at - BEFORE_MS;
      for (ReplicationSample s : samples) {
        if (s.node().equals(c.replica())
            && s.linkUp()
            && s.backlog() != null
            && s.backlog().toMs() < at) from = Math.max(from, s.backlog().fromMs());
      }
      out.add(
          new Window(
              c.replica(),
              from,
              at + AFTER_MS,
              "CONTINUE from offset "
                  + c.decision().offset()
                  + " by "
                  + c.decision().node()
                  + " at "
                  + Instant.ofEpochMilli(at)));
    }
    return out;
  }

  /**
   * Requests that asked for a byte the replica had already applied: its last reading before the
   * request, under the requested replid and with no restart of its process in between, is at or
   * past the requested offset.
   */
  static List<String> resumedTooEarly(
      List<Continued> continued, List<Event> events, List<ReplicationSample> samples) {
    List<String> out = new ArrayList<>();
    for (Continued c : continued) {
      Event req = c.request();
      if (req == null) continue;
      ReplicationSample last = null;
      for (ReplicationSample s : samples) {
        if (s.node().equals(c.replica())
            && "slave".equals(s.role())
            && s.backlog() != null
            && s.backlog().toMs() < req.wallMs()
            && s.replid().equalsIgnoreCase(req.replid())) last = s;
      }
      if (last == null || last.offset() < req.offset()) continue;
      if (restartedBetween(events, c.replica(), last.backlog().fromMs(), req.wallMs())) continue;
      out.add(
          c.replica()
              + " asked "
              + c.decision().node()
              + " to continue "
              + req.replid()
              + " from offset "
              + req.offset()
              + " at "
              + Instant.ofEpochMilli(req.wallMs())
              + ", but had already applied up to offset "
              + last.offset()
              + " (its reading at "
              + Instant.ofEpochMilli(last.backlog().toMs())
              + "): bytes "
              + req.offset()
              + ".."
              + last.offset()
              + " were applied twice");
    }
    return out;
  }

  private static boolean restartedBetween(List<Event> events, String node, long from, long to) {
    for (Event e : events) {
      if (e.node().equals(node)
          && e.kind() == Kind.SERVER_STARTED
          && e.wallMs() >= from - 1
          && e.wallMs() <= to + 1) return true;
    }
    return false;
  }

  public static InvariantResult check(
      List<Event> events,
      Map<Integer, String> nodeByPort,
      List<ReplicationSample> samples,
      List<Append> appends,
      Map<String, Object> masterFinal,
      Map<String, NodeState> finals,
      Set<String> converged) {
    List<Continued> continued = continues(events, nodeByPort);
    List<String> early = resumedTooEarly(continued, events, samples);
    AppendWindows.Outcome o =
        AppendWindows.judge(windows(continued, samples), appends, masterFinal, finals, converged);
    if (!early.isEmpty()) {
      List<String> all = new ArrayList<>(early);
      all.addAll(o.violations());
      return InvariantResult.invalid(
          ID, NAME, all.get(0), all.subList(0, Math.min(10, all.size())));
    }
    long requests = continued.stream().filter(c -> c.request() != null).count();
    if (o.violations().isEmpty() && o.windows() == 0 && requests > 0) {
      return InvariantResult.valid(
          ID,
          NAME,
          requests
              + " CONTINUEs paired with the replica's request, each from a byte it had not applied"
              + (appends.isEmpty() ? " (no list appends to follow)" : ""));
    }
    String none =
        appends.isEmpty() && !continued.isEmpty()
            ? continued.size()
                + " CONTINUEs, none paired with the replica's request, and no list appends to follow"
            : continued.isEmpty()
                ? "no PSYNC was answered with CONTINUE in this run"
                : continued.size()
                    + " CONTINUEs, none paired with a request or around acknowledged appends";
    return AppendWindows.result(ID, NAME, o, "CONTINUEs", none);
  }
}
