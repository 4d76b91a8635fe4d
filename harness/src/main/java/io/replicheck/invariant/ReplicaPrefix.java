package io.replicheck.invariant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * P1: at every moment a replica's list is a prefix of the master's. Lists only grow by unique
 * appends, so every list a replica ever served must be a prefix of the master's final list.
 */
public final class ReplicaPrefix {
  public static final String ID = "P1";
  public static final String NAME = "replica lists are prefixes of the master's";

  private ReplicaPrefix() {}

  public static InvariantResult check(
      Iterable<ReplicaRead> reads, Map<String, Object> masterFinal) {
    List<String> evidence = new ArrayList<>();
    int checked = 0;
    for (ReplicaRead r : reads) {
      if (!(r.value() instanceof List<?> seen)) continue;
      checked++;
      List<?> master = masterFinal.get(r.key()) instanceof List<?> l ? l : List.of();
      if (!isPrefix(seen, master)) {
        evidence.add(
            String.format(
                "read #%d on %s of %s: %s is not a prefix of the master's %s",
                r.index(),
                r.node(),
                r.key(),
                DatasetsEqual.abbreviate(seen),
                DatasetsEqual.abbreviate(master)));
      }
    }
    if (checked == 0)
      return InvariantResult.unknown(ID, NAME, "no list reads from replicas to check");
    return evidence.isEmpty()
        ? InvariantResult.valid(
            ID, NAME, checked + " replica reads, all prefixes of the master's lists")
        : InvariantResult.invalid(
            ID, NAME, evidence.get(0), evidence.subList(0, Math.min(10, evidence.size())));
  }

  static boolean isPrefix(List<?> prefix, List<?> of) {
    return prefix.size() <= of.size() && of.subList(0, prefix.size()).equals(prefix);
  }
}
