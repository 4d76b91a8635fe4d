package io.replicheck.invariant;

import io.replicheck.invariant.ReplicationLog.Event;
import io.replicheck.invariant.ReplicationLog.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * FS4: after a full sync from "+FULLRESYNC replid offset", the replica continues from that offset:
 * its first reading after the sync finished, under that replid, is at least the offset the master
 * announced (and P6 then holds it equal to the master's once faults stop).
 */
public final class FullSyncOffsets {
  public static final String ID = "FS4";
  public static final String NAME =
      "after full sync the replica's offset continues from the snapshot's";

  private FullSyncOffsets() {}

  public static InvariantResult check(List<Event> events, List<ReplicationSample> samples) {
    List<String> evidence = new ArrayList<>();
    int syncs = 0;
    int followed = 0; // syncs a later reading under the snapshot's replid could judge
    for (int i = 0; i < events.size(); i++) {
      Event full = events.get(i);
      if (full.kind() != Kind.FULL_RESYNC) continue;
      Event finished = null;
      for (int j = i + 1; j < events.size() && finished == null; j++) {
        Event e = events.get(j);
        if (!e.node().equals(full.node())) continue;
        if (e.kind() == Kind.FULL_RESYNC) break; // superseded before it finished
        if (e.kind() == Kind.SYNC_FINISHED) finished = e;
      }
      if (finished == null) continue;
      syncs++;
      for (ReplicationSample s : samples) {
        // a reading with the link down is no offset: during the next full sync (a replica dropped
        // again, e.g. for output buffer overflow) redis reports a placeholder 1 under the replid
        if (!s.node().equals(full.node())
            || s.backlog() == null
            || s.backlog().fromMs() <= finished.wallMs() + 1
            || !s.linkUp()) continue;
        if (!s.replid().equalsIgnoreCase(full.replid())) break; // moved on to another history
        followed++;
        if (s.offset() < full.offset()) {
          evidence.add(
              full.node()
                  + " loaded the snapshot of "
                  + full.replid()
                  + " at offset "
                  + full.offset()
                  + " but then reported offset "
                  + s.offset());
        }
        break;
      }
    }
    if (!evidence.isEmpty()) return InvariantResult.invalid(ID, NAME, evidence.get(0), evidence);
    if (followed == 0) {
      return InvariantResult.notExercised(
          ID,
          NAME,
          syncs == 0
              ? "no full sync finished in this run"
              : syncs
                  + " full syncs finished, but no reading of the replica under the snapshot's replid followed any");
    }
    return InvariantResult.valid(
        ID,
        NAME,
        syncs
            + " full syncs finished, "
            + followed
            + " followed by a reading; each continued from its snapshot offset");
  }
}
