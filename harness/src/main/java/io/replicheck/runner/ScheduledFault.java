package io.replicheck.runner;

import java.util.Objects;

/**
 * The nemesis {@code nemesis} starts at {@code atMillis} and is healed {@code durationMillis}
 * later; {@code seed} fixes which node or link it hits, so the fault is the same on every re-run.
 * (What the nemesis returns once started is an {@link io.replicheck.nemesis.ActiveFault}.)
 */
public record ScheduledFault(String nemesis, long atMillis, long durationMillis, long seed)
    implements Step {

  public ScheduledFault {
    Objects.requireNonNull(nemesis);
  }

  @Override
  public ScheduledFault at(long t) {
    return new ScheduledFault(nemesis, t, durationMillis, seed);
  }

  @Override
  public ScheduledFault lasting(long d) {
    return new ScheduledFault(nemesis, atMillis, d, seed);
  }

  @Override
  public String toString() {
    return nemesis + " @" + atMillis + "ms+" + durationMillis + "ms (seed " + seed + ")";
  }
}
