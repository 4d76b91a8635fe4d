package io.replicheck.invariant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * P2: reads from one replica are monotonic: a reader never sees a key go back in time (a list lose
 * its tail, a counter decrease). Per reader process and key, in completion order; a new full sync
 * may not rewind what the replica already served. A replica process that was killed or restarted
 * comes back empty (no persistence, as redis documents), so the comparison starts over after each
 * restart of the node: monotonic within one life of the replica process.
 */
public final class MonotonicReplicaReads {
  public static final String ID = "P2";
  public static final String NAME = "reads from one replica are monotonic";

  private MonotonicReplicaReads() {}

  public static InvariantResult check(Iterable<ReplicaRead> reads) {
    return check(reads, List.of());
  }

  /** As {@link #check(List)}, starting over after each restart of a node. */
  public static InvariantResult check(Iterable<ReplicaRead> reads, List<Restart> restarts) {
    Map<String, ReplicaRead> last = new HashMap<>();
    List<String> evidence = new ArrayList<>();
    long count = 0;
    for (ReplicaRead r : reads) {
      count++;
      String k = r.process() + "/" + r.node() + "/" + r.key();
      ReplicaRead prev = last.put(k, r);
      if (prev == null || prev.value() == null) continue;
      if (Restart.betweenIndices(restarts, r.node(), prev.index(), r.index())) continue;
      if (wentBack(prev.value(), r.value())) {
        evidence.add(
            String.format(
                "%s key %s: read #%d saw %s after read #%d saw %s",
                r.node(),
                r.key(),
                r.index(),
                DatasetsEqual.abbreviate(r.value()),
                prev.index(),
                DatasetsEqual.abbreviate(prev.value())));
      }
    }
    if (count == 0) return InvariantResult.unknown(ID, NAME, "no replica reads to check");
    return evidence.isEmpty()
        ? InvariantResult.valid(ID, NAME, count + " replica reads, none went back in time")
        : InvariantResult.invalid(
            ID, NAME, evidence.get(0), evidence.subList(0, Math.min(10, evidence.size())));
  }

  private static boolean wentBack(Object before, Object after) {
    if (after == null) return true;
    if (before instanceof List<?> b && after instanceof List<?> a)
      return !ReplicaPrefix.isPrefix(b, a);
    if (before instanceof Long b && after instanceof Long a) return a < b;
    return false;
  }
}
