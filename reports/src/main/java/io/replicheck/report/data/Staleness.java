package io.replicheck.report.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How far behind the master the values read from replicas were. A read is a replica read when the
 * node it went to was a replica (role slave in the latest sample of that node at or before the
 * read; with no samples, any node other than the one most writes went to). For list-append reads
 * (the value is a list), the read is stale when it misses an append the master acknowledged before
 * the read was invoked; its staleness is the time from the earliest such acknowledgement to the
 * read's invoke: the read saw the master as it was at least that long ago. Pure: no I/O.
 */
public final class Staleness {

  /** One completed replica read: {@code missing} acknowledged appends it did not hold. */
  public record ReplicaRead(DrawnOp read, long staleNanos, int missing) {
    public boolean stale() {
      return missing > 0;
    }
  }

  private Staleness() {}

  /**
   * The replica reads among {@code ops}, in invoke order; each op holds its completion's full value
   * (an op's {@code value} is only a short display form).
   */
  public static List<ReplicaRead> of(List<DrawnOp> ops, List<Sample> samples) {
    Map<String, TreeMap<Long, Sample>> roles = new HashMap<>();
    for (Sample s : samples) roles.computeIfAbsent(s.node(), k -> new TreeMap<>()).put(s.time(), s);
    String writeNode = mostWrittenNode(ops);

    // Acknowledged appends per key, by completion time: value and when the master acknowledged it.
    Map<String, List<long[]>> acked = new HashMap<>();
    for (DrawnOp op : ops) {
      if (!op.f().equals("append") || !op.type().equals("ok") || op.key() == null) continue;
      if (!(op.op().output() instanceof Long v)) continue;
      acked
          .computeIfAbsent(op.key(), k -> new ArrayList<>())
          .add(new long[] {op.completeTime(), v});
    }
    acked.values().forEach(l -> l.sort(Comparator.comparingLong(a -> a[0])));

    List<ReplicaRead> out = new ArrayList<>();
    for (DrawnOp op : ops) {
      if (!op.f().equals("read") || !op.type().equals("ok") || op.node() == null) continue;
      if (!isReplica(op, roles, writeNode)) continue;
      if (!(op.op().output() instanceof List<?> read)) continue;
      Set<Long> seen = new HashSet<>();
      for (Object n : read) if (n instanceof Long l) seen.add(l);
      int missing = 0;
      long earliest = Long.MAX_VALUE;
      for (long[] a : acked.getOrDefault(op.key(), List.of())) {
        if (a[0] >= op.invokeTime()) break;
        if (!seen.contains(a[1])) {
          missing++;
          earliest = Math.min(earliest, a[0]);
        }
      }
      out.add(new ReplicaRead(op, missing == 0 ? 0 : op.invokeTime() - earliest, missing));
    }
    return out;
  }

  private static boolean isReplica(
      DrawnOp op, Map<String, TreeMap<Long, Sample>> roles, String writeNode) {
    TreeMap<Long, Sample> node = roles.get(op.node());
    if (node != null && !node.isEmpty()) {
      Map.Entry<Long, Sample> s = node.floorEntry(op.invokeTime());
      if (s == null) s = node.firstEntry();
      return "slave".equals(s.getValue().role());
    }
    return writeNode != null && !writeNode.equals(op.node());
  }

  private static String mostWrittenNode(List<DrawnOp> ops) {
    Map<String, Integer> counts = new HashMap<>();
    for (DrawnOp op : ops)
      if (!op.f().equals("read") && op.node() != null) counts.merge(op.node(), 1, Integer::sum);
    return counts.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElse(null);
  }
}
