package io.replicheck.runner;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * The nemesis {@code nemesis} starts at {@code atMillis} and is healed {@code durationMillis}
 * later; {@code seed} fixes which node or link it hits, so the fault is the same on every re-run.
 * {@code target} is the role of the node it hits ({@link io.replicheck.cluster.Role}: master,
 * middle, leaf), or null for the nemesis's own choice (a random replica, as before roles; replay
 * files without it). The seed picks the node among those of the role when the fault starts. {@code
 * after} is a {@link ReplicationPhase} the fault watches for from the previous fault's heal until
 * {@code atMillis}: it starts as soon as a replica it may hit is seen in it (before {@code
 * atMillis}) and hits that replica when its nemesis takes one of its role; otherwise at {@code
 * atMillis}, as without it. null: the fault starts by the clock alone. (What the nemesis returns
 * once started is an {@link io.replicheck.nemesis.ActiveFault}.)
 */
public record ScheduledFault(
    String nemesis,
    long atMillis,
    long durationMillis,
    long seed,
    @JsonInclude(JsonInclude.Include.NON_NULL) String target,
    @JsonInclude(JsonInclude.Include.NON_NULL) String after)
    implements Step {

  @JsonCreator
  public ScheduledFault {
    Objects.requireNonNull(nemesis);
  }

  /** A fault that starts by the clock. */
  public ScheduledFault(
      String nemesis, long atMillis, long durationMillis, long seed, String target) {
    this(nemesis, atMillis, durationMillis, seed, target, null);
  }

  /** A fault whose nemesis picks its own target. */
  public ScheduledFault(String nemesis, long atMillis, long durationMillis, long seed) {
    this(nemesis, atMillis, durationMillis, seed, null);
  }

  @Override
  public ScheduledFault at(long t) {
    return new ScheduledFault(nemesis, t, durationMillis, seed, target, after);
  }

  @Override
  public ScheduledFault lasting(long d) {
    return new ScheduledFault(nemesis, atMillis, d, seed, target, after);
  }

  /** The same fault aimed at nodes of another role (null: the nemesis's own choice). */
  public ScheduledFault on(String role) {
    return new ScheduledFault(nemesis, atMillis, durationMillis, seed, role, after);
  }

  /**
   * The same fault waiting for {@code phase} first (a {@link ReplicationPhase} label; null: none).
   */
  public ScheduledFault after(String phase) {
    return new ScheduledFault(nemesis, atMillis, durationMillis, seed, target, phase);
  }

  /** The phase waited for, or null. */
  public ReplicationPhase phase() {
    return after == null ? null : ReplicationPhase.parse(after);
  }

  @Override
  public String toString() {
    return nemesis
        + (target != null ? " on " + target : "")
        + " @"
        + atMillis
        + "ms+"
        + durationMillis
        + "ms"
        + (after != null ? " after " + after : "")
        + " (seed "
        + seed
        + ")";
  }
}
