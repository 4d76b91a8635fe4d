package io.replicheck.runner;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * The nemesis {@code nemesis} starts at {@code atMillis} and is healed {@code durationMillis}
 * later; {@code seed} fixes which node or link it hits, so the fault is the same on every re-run.
 * {@code target} is the role of the node it hits ({@link io.replicheck.cluster.Role}: master,
 * middle, leaf), or null for the nemesis's own choice (a random replica, as before roles; replay
 * files without it). The seed picks the node among those of the role when the fault starts. (What
 * the nemesis returns once started is an {@link io.replicheck.nemesis.ActiveFault}.)
 */
public record ScheduledFault(
    String nemesis,
    long atMillis,
    long durationMillis,
    long seed,
    @JsonInclude(JsonInclude.Include.NON_NULL) String target)
    implements Step {

  @JsonCreator
  public ScheduledFault {
    Objects.requireNonNull(nemesis);
  }

  /** A fault whose nemesis picks its own target. */
  public ScheduledFault(String nemesis, long atMillis, long durationMillis, long seed) {
    this(nemesis, atMillis, durationMillis, seed, null);
  }

  @Override
  public ScheduledFault at(long t) {
    return new ScheduledFault(nemesis, t, durationMillis, seed, target);
  }

  @Override
  public ScheduledFault lasting(long d) {
    return new ScheduledFault(nemesis, atMillis, d, seed, target);
  }

  /** The same fault aimed at nodes of another role (null: the nemesis's own choice). */
  public ScheduledFault on(String role) {
    return new ScheduledFault(nemesis, atMillis, durationMillis, seed, role);
  }

  @Override
  public String toString() {
    return nemesis
        + (target != null ? " on " + target : "")
        + " @"
        + atMillis
        + "ms+"
        + durationMillis
        + "ms (seed "
        + seed
        + ")";
  }
}
