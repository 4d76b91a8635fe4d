package io.replicheck.runner;

import java.util.Arrays;
import java.util.Map;

/**
 * A phase of a replica's replication that a scheduled fault can wait for ({@link
 * ScheduledFault#after}), read from the replica's {@code INFO replication}. Replication bugs live
 * where a replica moves between states (reconnecting, handshaking, loading a snapshot), and those
 * moments last milliseconds to a second: a fault placed by the clock alone lands in one rarely,
 * where one that waits for it lands in it every time the run passes through it. Redis's own
 * replication tests do the same by hand (wait for {@code master_sync_in_progress}, then kill).
 */
public enum ReplicationPhase {
  /** The replica's link to its upstream is down: it is reconnecting, handshaking or syncing. */
  LINK_DOWN("link-down"),
  /**
   * The replica is in a full sync: waiting for its upstream's snapshot, receiving or loading it.
   */
  FULL_SYNC("full-sync");

  private final String label;

  ReplicationPhase(String label) {
    this.label = label;
  }

  /** The name schedules and replay.json record. */
  public String label() {
    return label;
  }

  /** Whether a replica whose {@code INFO replication} reads {@code info} is in this phase. */
  public boolean test(Map<String, String> info) {
    if (!"slave".equals(info.get("role"))) return false;
    return switch (this) {
      case LINK_DOWN -> "down".equals(info.get("master_link_status"));
      case FULL_SYNC -> "1".equals(info.get("master_sync_in_progress"));
    };
  }

  public static ReplicationPhase parse(String label) {
    for (ReplicationPhase p : values()) if (p.label.equals(label)) return p;
    throw new IllegalArgumentException(
        "unknown replication phase '"
            + label
            + "' ("
            + String.join(", ", Arrays.stream(values()).map(ReplicationPhase::label).toList())
            + ")");
  }

  @Override
  public String toString() {
    return label;
  }
}
