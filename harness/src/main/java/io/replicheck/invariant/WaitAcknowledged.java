package io.replicheck.invariant;

/**
 * One probe of P4: a marker written on the master, how many replicas WAIT said acknowledged it (of
 * how many were asked for), a replica that must then hold it, whether it did, and when it was
 * looked at.
 *
 * @param replica the replica promoted at a failover, or the replica whose link was held while WAIT
 *     ran
 * @param when "after promotion", or "while its link held the write" (it cannot have acknowledged)
 */
public record WaitAcknowledged(
    String marker, long acked, long asked, String replica, boolean survived, String when) {

  public static final String AFTER_PROMOTION = "after promotion";
  public static final String LINK_HELD = "while its link held the write";

  /** A probe taken at a failover. */
  public WaitAcknowledged(
      String marker, long acked, long asked, String promoted, boolean survived) {
    this(marker, acked, asked, promoted, survived, AFTER_PROMOTION);
  }
}
