package io.replicheck.invariant;

/**
 * One probe of P4: a marker written on the master, how many replicas WAIT said acknowledged it (of
 * how many were asked for), a replica that must then hold it, whether it did, and when it was
 * looked at.
 *
 * @param replica the replica promoted at a failover, or the replica whose link was held while WAIT
 *     ran
 * @param when "after promotion", "while its link held the write" (it cannot have acknowledged), or
 *     "when read right after WAIT counted it" (a probe before any fault: {@link #COUNTED})
 */
public record WaitAcknowledged(
    String marker, long acked, long asked, String replica, boolean survived, String when) {

  public static final String AFTER_PROMOTION = "after promotion";
  public static final String LINK_HELD = "while its link held the write";
  public static final String COUNTED = "when read right after WAIT counted it";

  /**
   * A probe taken before a fault: {@code replica} was counted by WAIT (all were acknowledged, or
   * the master's own INFO showed its acknowledged offset at or past the marker's) and read directly
   * right after; judged whatever WAIT's total was.
   */
  public static WaitAcknowledged counted(
      String marker, long acked, long asked, String replica, boolean held) {
    return new WaitAcknowledged(marker, acked, asked, replica, held, COUNTED);
  }

  /**
   * The direct replicas WAIT counted: all of them when it returned at least {@code asked}, else
   * those whose acknowledged offset (INFO replication's {@code slaveN:...,offset=}) is at or past
   * {@code markerOffset}, the master's offset read just after the marker was written (so at or past
   * the marker's last byte).
   */
  public static java.util.List<String> countedBy(
      long acked, long asked, java.util.Map<String, Long> ackOffsets, long markerOffset) {
    return ackOffsets.entrySet().stream()
        .filter(e -> acked >= asked || e.getValue() >= markerOffset)
        .map(java.util.Map.Entry::getKey)
        .toList();
  }

  /** A probe taken at a failover. */
  public WaitAcknowledged(
      String marker, long acked, long asked, String promoted, boolean survived) {
    this(marker, acked, asked, promoted, survived, AFTER_PROMOTION);
  }
}
