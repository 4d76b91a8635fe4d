package io.replicheck.invariant;

import io.replicheck.invariant.AppendWindows.Append;
import io.replicheck.invariant.AppendWindows.Window;
import io.replicheck.invariant.ReplicationLog.Event;
import io.replicheck.invariant.ReplicationLog.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * FS3, directly: every list-append the master acknowledged while a replica's full sync was under
 * way, from the replica's "Full resync from master" line (the snapshot's point) to its "MASTER <->
 * REPLICA sync: Finished with success", is in that replica's final list exactly once, in the
 * master's order. A master that does not buffer those writes for the syncing replica leaves a hole
 * here (and names the values); one that sends them twice, a duplicate.
 */
public final class SnapshotWrites {
  public static final String ID = "FS3";
  public static final String NAME =
      "writes made during the snapshot reach the replica once, in order";

  /** Log times are whole milliseconds, history times finer: a little room at both ends. */
  static final long SLACK_MS = 20;

  private SnapshotWrites() {}

  /** The full-sync windows the replicas' logs record, each from its snapshot to its load. */
  public static List<Window> windows(List<Event> events) {
    List<Window> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      Event full = events.get(i);
      if (full.kind() != Kind.FULL_RESYNC) continue;
      for (int j = i + 1; j < events.size(); j++) {
        Event e = events.get(j);
        if (!e.node().equals(full.node())) continue;
        if (e.kind() == Kind.FULL_RESYNC || e.kind() == Kind.SERVER_STARTED) break;
        if (e.kind() == Kind.SYNC_FINISHED) {
          out.add(
              new Window(
                  full.node(),
                  full.wallMs() - SLACK_MS,
                  e.wallMs() + SLACK_MS,
                  "full sync "
                      + full.replid()
                      + ":"
                      + full.offset()
                      + " from "
                      + Instant.ofEpochMilli(full.wallMs())
                      + " to "
                      + Instant.ofEpochMilli(e.wallMs())));
          break;
        }
      }
    }
    return out;
  }

  public static InvariantResult check(
      List<Event> events,
      List<Append> appends,
      Map<String, Object> masterFinal,
      Map<String, NodeState> finals,
      Set<String> converged) {
    List<Window> windows = windows(events);
    AppendWindows.Outcome o = AppendWindows.judge(windows, appends, masterFinal, finals, converged);
    String none =
        appends.isEmpty()
            ? "the master acknowledged no list append in this run (FS3 follows list-append values)"
            : windows.isEmpty()
                ? "no full sync finished in this run"
                : windows.size()
                    + " full syncs finished, none while the master acknowledged appends";
    return AppendWindows.result(ID, NAME, o, "full syncs", none);
  }
}
