package io.replicheck.invariant;

import java.util.ArrayList;
import java.util.List;

/**
 * P6: once faults stop, every replica's offset equals its master's and no further full or partial
 * resyncs happen over a settle window (a resync loop would show as counters that keep moving).
 */
public final class NoResyncLoops {
  public static final String ID = "P6";
  public static final String NAME = "no resyncs and equal offsets once faults stop";

  private NoResyncLoops() {}

  /** {@code before} and {@code after}: one sample per node at the start and end of the window. */
  public static InvariantResult check(
      List<ReplicationSample> before, List<ReplicationSample> after) {
    List<String> evidence = new ArrayList<>();
    long masterOffset =
        after.stream()
            .filter(s -> s.role().equals("master"))
            .mapToLong(ReplicationSample::offset)
            .max()
            .orElse(-1);
    for (ReplicationSample a : after) {
      ReplicationSample b =
          before.stream().filter(s -> s.node().equals(a.node())).findFirst().orElse(null);
      if (b != null && (a.syncFull() != b.syncFull() || a.syncPartialOk() != b.syncPartialOk())) {
        evidence.add(
            a.node()
                + " served resyncs during the settle window: sync_full "
                + b.syncFull()
                + "->"
                + a.syncFull()
                + ", sync_partial_ok "
                + b.syncPartialOk()
                + "->"
                + a.syncPartialOk());
      }
      if (!a.role().equals("master")) {
        if (!a.linkUp()) evidence.add(a.node() + " link to master is down");
        if (a.offset() != masterOffset)
          evidence.add(a.node() + " offset " + a.offset() + " != master offset " + masterOffset);
      }
    }
    return evidence.isEmpty()
        ? InvariantResult.valid(
            ID, NAME, "offsets equal (" + masterOffset + "), no resyncs while settled")
        : InvariantResult.invalid(ID, NAME, evidence.get(0), evidence);
  }
}
