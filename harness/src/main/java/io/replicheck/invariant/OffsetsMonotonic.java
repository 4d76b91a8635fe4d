package io.replicheck.invariant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * IS4: a node's replication offset never goes backwards within one replication history (same
 * replid) and one life of the node's process. A new replid (a full sync from a restarted master, a
 * promotion) starts a new history; so does a restart, since the process comes back from the last
 * snapshot it saved (a replica keeps the RDB of its last full sync). Replica readings count only
 * while the replica's link is up.
 */
public final class OffsetsMonotonic {
  public static final String ID = "IS4";
  public static final String NAME = "replication offsets never go backwards";

  private OffsetsMonotonic() {}

  public static InvariantResult check(List<ReplicationSample> samples) {
    return check(samples, List.of());
  }

  /** As {@link #check(List)}, starting over after each restart of a node. */
  public static InvariantResult check(List<ReplicationSample> samples, List<Restart> restarts) {
    Map<String, ReplicationSample> last = new HashMap<>();
    List<String> evidence = new ArrayList<>();
    // in time order: the sampler and the quiesce phase sample concurrently and each appends a
    // whole round, so a slow round's samples can land after a later one's
    List<ReplicationSample> byTime = new ArrayList<>(samples);
    byTime.sort(java.util.Comparator.comparingLong(ReplicationSample::time));
    for (ReplicationSample s : byTime) {
      // a replica's offset means something only while its link is up: during a full sync redis
      // reports a placeholder (1) under the old replid, which is not going back in time
      if (s.offset() < 0 || (!s.role().equals("master") && !s.linkUp())) continue;
      ReplicationSample prev = last.get(s.node());
      // A replica that just full-synced reports its new master's offset; only compare within a
      // replid.
      if (prev != null
          && prev.replid().equals(s.replid())
          && prev.role().equals(s.role())
          && s.offset() < prev.offset()
          && !Restart.betweenTimes(restarts, s.node(), prev.time(), s.time())) {
        evidence.add(
            String.format(
                "%s offset %d at %.3fs after %d at %.3fs (replid %s)",
                s.node(),
                s.offset(),
                s.time() / 1e9,
                prev.offset(),
                prev.time() / 1e9,
                s.replid()));
      }
      last.put(s.node(), s);
    }
    return evidence.isEmpty()
        ? InvariantResult.valid(ID, NAME, samples.size() + " samples, no offset went backwards")
        : InvariantResult.invalid(
            ID, NAME, evidence.get(0), evidence.subList(0, Math.min(10, evidence.size())));
  }
}
