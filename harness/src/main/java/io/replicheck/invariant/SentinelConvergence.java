package io.replicheck.invariant;

import java.time.Duration;
import java.util.List;

/**
 * P8: Sentinel converges. Once every fault is healed, exactly one node is master, every sentinel
 * names it and every other node replicates from it with its link up, within a stated bound; and it
 * stays so (no failover loop). And no failover happens while too few sentinels can agree ({@code
 * isolate-master-no-quorum}).
 */
public final class SentinelConvergence {
  public static final String ID = "P8";
  public static final String NAME = "Sentinel converges on one master after heal";

  private SentinelConvergence() {}

  /**
   * What the settle phase saw.
   *
   * @param took how long until all agreed, or null when they did not within the bound
   * @param bound the stated bound
   * @param master the master they agreed on, or null
   * @param disagreements what was still off when the bound ran out (empty on success)
   * @param failovers {@code +switch-master} events the sentinels logged during the whole run
   * @param switchesWhileSettling {@code +switch-master} events logged after the agreement (a loop)
   */
  public record Outcome(
      Duration took,
      Duration bound,
      String master,
      List<String> disagreements,
      int failovers,
      int switchesWhileSettling,
      List<String> withoutQuorum) {}

  /** How many failovers Sentinel finished in the run ({@code details.failovers}), or 0. */
  public static int failovers(InvariantResult p8) {
    return p8 != null && p8.details().get("failovers") instanceof Number n ? n.intValue() : 0;
  }

  public static InvariantResult check(Outcome o) {
    if (o == null) return InvariantResult.notExercised(ID, NAME, "no sentinels in this run");
    // explore reads the count: a failover makes Sentinel's known loss of writes expected
    return judge(o).withDetails(java.util.Map.of("failovers", o.failovers()));
  }

  private static InvariantResult judge(Outcome o) {
    if (!o.withoutQuorum().isEmpty()) {
      return InvariantResult.invalid(
          ID,
          NAME,
          "a failover happened without a quorum of sentinels: " + o.withoutQuorum().get(0),
          o.withoutQuorum());
    }
    if (o.took() == null) {
      return InvariantResult.invalid(
          ID,
          NAME,
          "no agreement within "
              + o.bound().toSeconds()
              + " s: "
              + String.join("; ", o.disagreements()),
          o.disagreements());
    }
    if (o.switchesWhileSettling() > 0) {
      return InvariantResult.invalid(
          ID,
          NAME,
          "agreed on "
              + o.master()
              + ", then the sentinels switched master again "
              + o.switchesWhileSettling()
              + " times (a failover loop)",
          List.of());
    }
    return InvariantResult.valid(
        ID,
        NAME,
        "every sentinel and replica agreed on "
            + o.master()
            + " in "
            + o.took().toMillis()
            + " ms after heal (bound "
            + o.bound().toSeconds()
            + " s); "
            + o.failovers()
            + " +switch-master logged during the run");
  }
}
