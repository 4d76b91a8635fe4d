package io.replicheck.invariant;

import java.util.ArrayList;
import java.util.List;

/**
 * P4: a write WAIT says every direct replica acknowledged survives failover to whichever of them is
 * promoted, and a replica WAIT counted holds the write when it is next read (a probe before every
 * fault, whatever its kind). A replica that acknowledges offsets it has not applied (REPLCONF ACK
 * ahead of the data) breaks it, and so does a master that counts a replica whose link held the
 * write (bytes sent are not bytes acknowledged).
 */
public final class WaitSurvivesFailover {
  public static final String ID = "P4";
  public static final String NAME = "a write acknowledged by WAIT survives failover";

  private WaitSurvivesFailover() {}

  public static InvariantResult check(List<WaitAcknowledged> probes) {
    List<String> evidence = new ArrayList<>();
    int judged = 0;
    for (WaitAcknowledged p : probes) {
      // not acknowledged by all: nothing promised, unless the probe names a replica WAIT counted
      if (p.acked() < p.asked() && !WaitAcknowledged.COUNTED.equals(p.when())) continue;
      judged++;
      if (!p.survived()) {
        evidence.add(
            "WAIT "
                + p.asked()
                + " acknowledged "
                + p.marker()
                + " by "
                + p.acked()
                + " replicas, but "
                + p.replica()
                + " lacked it "
                + p.when());
      }
    }
    if (probes.isEmpty()) {
      return InvariantResult.notExercised(
          ID, NAME, "no WAIT probe ran in this run (one runs before each fault)");
    }
    if (judged == 0 && evidence.isEmpty()) {
      return InvariantResult.notExercised(
          ID,
          NAME,
          "none of " + probes.size() + " WAIT probes counted a replica, so none promised anything");
    }
    return evidence.isEmpty()
        ? InvariantResult.valid(
            ID,
            NAME,
            judged
                + " of "
                + probes.size()
                + " WAIT probes promised a write (every replica acknowledged it, or the master"
                + " counted that replica); each replica held its marker")
        : InvariantResult.invalid(ID, NAME, evidence.get(0), evidence);
  }
}
