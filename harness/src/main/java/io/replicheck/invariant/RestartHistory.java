package io.replicheck.invariant;

import io.replicheck.checker.Verdict;
import io.replicheck.history.EventType;
import io.replicheck.invariant.ReplicationLog.Decision;
import io.replicheck.invariant.ReplicationLog.Event;
import io.replicheck.invariant.ReplicationLog.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IS1 across a master's persisting restart. Since redis 7.0 a master stopped with SHUTDOWN SAVE and
 * started from its RDB (not from an AOF: {@code appendonly yes} loads no replication info) keeps
 * its history: it comes back with the old replid as {@code master_replid2}, valid up to the offset
 * it stopped at + 1, so its replicas continue. A master that forgets it (a new replid and no
 * replid2) still judges each PSYNC right by its new ids, which is why the per-decision check of
 * {@link PsyncDecisions} cannot see it: this check knows the replid and offset from the master's
 * last reading before the shutdown and compares them with its first reading after the start.
 *
 * @param node the restarted master
 * @param replid its replid in its last reading before the shutdown
 * @param offset its master_repl_offset in that reading (it stopped at this offset or later)
 * @param kept whether its first reading after the start still knows {@code replid} (as replid, at
 *     an offset at least {@code offset}, or as replid2 valid beyond {@code offset})
 * @param after that reading, described
 * @param fullResyncs the full resyncs it served after the restart to PSYNCs for {@code replid}
 */
public record RestartHistory(
    String node, String replid, long offset, boolean kept, String after, List<String> fullResyncs) {

  private static final Pattern PERSISTING =
      Pattern.compile("^restart (n\\d+)\\b.*SHUTDOWN SAVE", Pattern.CASE_INSENSITIVE);

  /** How far apart (ms) a replica's request line and its upstream's decision line may be. */
  private static final long PAIRING_WINDOW_MS = 10_000;

  /**
   * The persisting master restarts of a run that its readings bracket.
   *
   * @param history the run's history (the nemesis's "restart nK (master), SHUTDOWN SAVE" events)
   * @param samples every reading of every node
   * @param events every node's parsed log events
   * @param nodeByPort node name by port (how a master's log names its replicas)
   * @param persists whether a node's restart keeps its replication info (false with {@code
   *     appendonly yes}: redis loads the AOF, which carries none)
   */
  public static List<RestartHistory> of(
      List<io.replicheck.history.Event> history,
      List<ReplicationSample> samples,
      List<Event> events,
      Map<Integer, String> nodeByPort,
      Predicate<String> persists) {
    List<ReplicationSample> byTime = new ArrayList<>(samples);
    byTime.sort(Comparator.comparingLong(ReplicationSample::time));
    List<RestartHistory> out = new ArrayList<>();
    // each fault's start, by what it did: faults may overlap, so the start before a stop need not
    // be its own (a start's invoke and completion are side by side; the stop names what it heals)
    Map<String, Long> startInvokes = new HashMap<>();
    long invokedAt = -1;
    for (io.replicheck.history.Event e : history) {
      if (!e.isNemesis() || e.time() == null || !"start".equals(e.f()) && !"stop".equals(e.f()))
        continue;
      if ("start".equals(e.f())) {
        if (e.type() == EventType.INVOKE) invokedAt = e.time();
        else if (invokedAt >= 0) startInvokes.put(String.valueOf(e.value()), invokedAt);
        continue;
      }
      if (e.type() != EventType.INVOKE) continue;
      Matcher m = PERSISTING.matcher(String.valueOf(e.value()));
      Long own = startInvokes.remove(String.valueOf(e.value()));
      // a history without the start's completion: the last start before the stop
      long shutdownAt = own != null ? own : invokedAt;
      if (!m.find() || shutdownAt < 0 || !persists.test(m.group(1))) continue;
      String node = m.group(1);
      long startedAt = e.time();
      ReplicationSample before = null;
      ReplicationSample after = null;
      for (ReplicationSample s : byTime) {
        if (!s.node().equals(node) || s.backlog() == null) continue;
        if (s.time() < shutdownAt) before = s;
        if (after == null && s.time() > startedAt) after = s;
      }
      if (before == null
          || after == null
          || !"master".equals(before.role())
          || !"master".equals(after.role())) {
        continue; // not bracketed, or no longer a master: nothing to compare
      }
      // a persisting shutdown leaves its line; one that had to be killed may have saved nothing
      long fromMs = before.backlog().toMs();
      long toMs = after.backlog().fromMs();
      boolean saved =
          events.stream()
              .anyMatch(
                  ev ->
                      ev.kind() == Kind.FINAL_SAVE
                          && ev.node().equals(node)
                          && ev.wallMs() >= fromMs
                          && ev.wallMs() <= toMs);
      if (!saved) continue;
      String k = before.replid();
      long o = before.offset();
      ReplicationSample.Backlog b = after.backlog();
      boolean kept =
          (k.equalsIgnoreCase(after.replid()) && after.offset() >= o)
              || (k.equalsIgnoreCase(b.replid2()) && b.secondReplOffset() >= o + 1);
      out.add(
          new RestartHistory(
              node,
              k,
              o,
              kept,
              "replid "
                  + after.replid()
                  + ", replid2 "
                  + b.replid2()
                  + " up to "
                  + b.secondReplOffset()
                  + ", offset "
                  + after.offset(),
              fullResyncsFor(events, nodeByPort, node, k, before.backlog().toMs())));
    }
    return out;
  }

  /** Full resyncs {@code node} served after {@code fromMs} to PSYNCs asking for {@code replid}. */
  private static List<String> fullResyncsFor(
      List<Event> events,
      Map<Integer, String> nodeByPort,
      String node,
      String replid,
      long fromMs) {
    List<String> out = new ArrayList<>();
    for (Event d : events) {
      if (d.kind() != Kind.PSYNC_DECISION
          || !d.node().equals(node)
          || d.wallMs() <= fromMs
          || d.decision() == Decision.CONTINUE
          || d.decision() == Decision.FULL_REQUESTED) {
        continue;
      }
      String replica = nodeByPort.get(d.replicaPort());
      String asked = d.replid();
      long offset = d.offset();
      if (replica != null) {
        Event request = null;
        for (Event e : events) {
          if (e.kind() == Kind.PSYNC_REQUEST
              && e.node().equals(replica)
              && e.wallMs() <= d.wallMs() + 1
              && e.wallMs() >= d.wallMs() - PAIRING_WINDOW_MS
              && (request == null || e.wallMs() >= request.wallMs())) {
            request = e;
          }
        }
        if (request != null && (asked == null || asked.equalsIgnoreCase(request.replid()))) {
          asked = request.replid();
          offset = request.offset();
        }
      }
      if (replid.equalsIgnoreCase(asked)) {
        out.add(
            (replica == null ? "port " + d.replicaPort() : replica)
                + "'s PSYNC "
                + replid
                + (offset >= 0 ? " " + offset : "")
                + " got FULLRESYNC ("
                + d.decision().name().toLowerCase()
                + ") at "
                + java.time.Instant.ofEpochMilli(d.wallMs()));
      }
    }
    return out;
  }

  /**
   * IS1 with the restarts judged: a persisting restart that lost the master's history, after which
   * a replica asking for it was made to full sync, makes IS1 invalid; one that kept it is evidence
   * that IS1 holds even when no PSYNC was bracketed by readings.
   */
  public static InvariantResult foldInto(InvariantResult is1, List<RestartHistory> restarts) {
    if (restarts.isEmpty()) return is1;
    List<String> bad = new ArrayList<>();
    int kept = 0;
    int unasked = 0;
    for (RestartHistory r : restarts) {
      if (r.kept()) {
        kept++;
      } else if (r.fullResyncs().isEmpty()) {
        unasked++; // lost, but no replica asked for it: no PSYNC went wrong
      } else {
        bad.add(
            r.node()
                + " restarted with persistence (SHUTDOWN SAVE, no AOF) after serving replid "
                + r.replid()
                + " up to offset "
                + r.offset()
                + ", but came back with "
                + r.after()
                + " (redis 7.0 keeps "
                + r.replid()
                + " as replid2 up to at least "
                + (r.offset() + 1)
                + "), so "
                + String.join("; ", r.fullResyncs())
                + ": these should have been CONTINUE");
      }
    }
    String note =
        restarts.size()
            + " persisting master restart(s): "
            + kept
            + " kept the replid and offset"
            + (unasked > 0 ? ", " + unasked + " lost them but no replica asked for them" : "");
    if (bad.isEmpty()) {
      Verdict verdict =
          is1.verdict() == Verdict.NOT_EXERCISED && kept > 0 ? Verdict.VALID : is1.verdict();
      return new InvariantResult(
          is1.id(), is1.name(), verdict, is1.reason() + "; " + note, is1.evidence(), is1.details());
    }
    List<String> evidence = new ArrayList<>(bad);
    if (is1.verdict() == Verdict.INVALID) evidence.addAll(is1.evidence());
    return InvariantResult.invalid(is1.id(), is1.name(), bad.get(0), evidence);
  }
}
