package io.replicheck.runner;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.replicheck.nemesis.Nemeses;
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
 * atMillis}, as without it. null: the fault starts by the clock alone. {@code overlap}: the fault
 * starts at {@code atMillis} even while the faults before it are still active (a composed fault, as
 * Jepsen composes nemeses), and each is healed at its own end; without it a fault starts only once
 * every fault before it was healed. A fault overlaps only faults of another nemesis that {@link
 * io.replicheck.nemesis.Nemeses#composes composes}, outside Sentinel; otherwise it waits for them
 * as without the flag. (What the nemesis returns once started is an {@link
 * io.replicheck.nemesis.ActiveFault}.)
 */
public record ScheduledFault(
    String nemesis,
    long atMillis,
    long durationMillis,
    long seed,
    @JsonInclude(JsonInclude.Include.NON_NULL) String target,
    @JsonInclude(JsonInclude.Include.NON_NULL) String after,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) Boolean overlap)
    implements Step {

  @JsonCreator
  public ScheduledFault {
    Objects.requireNonNull(nemesis);
    // absent in replay files (and in those written before it): false
    overlap = Boolean.TRUE.equals(overlap);
  }

  /** A fault that waits for every fault before it to be healed. */
  public ScheduledFault(
      String nemesis, long atMillis, long durationMillis, long seed, String target, String after) {
    this(nemesis, atMillis, durationMillis, seed, target, after, false);
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
    return new ScheduledFault(nemesis, t, durationMillis, seed, target, after, overlap);
  }

  @Override
  public ScheduledFault lasting(long d) {
    return new ScheduledFault(nemesis, atMillis, d, seed, target, after, overlap);
  }

  /** The same fault aimed at nodes of another role (null: the nemesis's own choice). */
  public ScheduledFault on(String role) {
    return new ScheduledFault(nemesis, atMillis, durationMillis, seed, role, after, overlap);
  }

  /**
   * The same fault waiting for {@code phase} first (a {@link ReplicationPhase} label; null: none).
   */
  public ScheduledFault after(String phase) {
    return new ScheduledFault(nemesis, atMillis, durationMillis, seed, target, phase, overlap);
  }

  /** The same fault, overlapping the faults before it or not (see {@code overlap}). */
  public ScheduledFault overlapping(boolean o) {
    return new ScheduledFault(nemesis, atMillis, durationMillis, seed, target, after, o);
  }

  /**
   * True when this fault starts while faults before it may be active: it asks to, its nemesis
   * composes, and the run has no Sentinel (whose checks attribute what happens to one fault at a
   * time).
   */
  public boolean overlaps(boolean sentinel) {
    return overlap() && !sentinel && Nemeses.composes(nemesis);
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
        + (overlap() ? " overlapping" : "")
        + " (seed "
        + seed
        + ")";
  }
}
