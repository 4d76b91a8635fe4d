package io.replicheck.runner;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells a replica that will never catch up from one that is still catching up, so a failing run
 * need not wait out the whole convergence bound. The replication stream is one ordered byte stream:
 * a replica whose link is up and whose offset keeps moving (it receives the master's later bytes,
 * its pings) while its gap to the master stays the same positive number of bytes is not behind, it
 * has lost those bytes (or counts them wrong), and no amount of waiting closes the gap. A gap that
 * changes, a link that drops or an offset that stands still (a paused or slow replica) starts the
 * watch again. Fed by {@link Quiescence#await}; no I/O here.
 */
final class StuckGap {
  /** How long a gap must stay, with bytes arriving, before it counts as stuck. */
  static final Duration STUCK_AFTER = Duration.ofSeconds(3);

  private record Watch(long gap, long offset, long sinceNanos) {}

  private final Map<String, Watch> watches = new HashMap<>();

  /**
   * One reading of {@code replica}; returns why it is stuck, or null while it may still converge.
   *
   * @param masterOffset the master's offset read just before the replica's
   */
  String observe(String replica, boolean linkUp, long offset, long masterOffset, long nanos) {
    long gap = masterOffset - offset;
    if (!linkUp || gap <= 0) {
      watches.remove(replica);
      return null;
    }
    Watch w = watches.get(replica);
    if (w == null || w.gap() != gap || offset < w.offset()) {
      watches.put(replica, new Watch(gap, offset, nanos));
      return null;
    }
    if (offset > w.offset() && nanos - w.sinceNanos() >= STUCK_AFTER.toNanos()) {
      return replica
          + " offset "
          + offset
          + " < master "
          + masterOffset
          + " and stuck: the gap of "
          + gap
          + " bytes stayed for "
          + (nanos - w.sinceNanos()) / 1_000_000
          + " ms while "
          + (offset - w.offset())
          + " later bytes arrived in order, so the missing ones will never come";
    }
    return null;
  }
}
