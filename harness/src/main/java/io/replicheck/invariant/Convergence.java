package io.replicheck.invariant;

import java.time.Duration;
import java.util.List;

/**
 * P5: once faults stop, every replica converges (link up, offset equal to its master's) within a
 * stated bound.
 */
public final class Convergence {
  public static final String ID = "P5";
  public static final String NAME = "replicas converge within the bound once faults stop";

  private Convergence() {}

  /**
   * @param took how long quiesce took, or null when it did not converge
   * @param bound the stated bound
   * @param laggards what was still behind when the bound ran out, or when a replica was found stuck
   *     (a gap that cannot close) before it did
   */
  public static InvariantResult check(Duration took, Duration bound, List<String> laggards) {
    if (took != null && took.compareTo(bound) <= 0) {
      return InvariantResult.valid(
          ID, NAME, "converged in " + took.toMillis() + " ms (bound " + bound.toSeconds() + " s)");
    }
    return InvariantResult.invalid(
        ID,
        NAME,
        "not converged (bound " + bound.toSeconds() + " s): " + String.join("; ", laggards),
        laggards);
  }
}
