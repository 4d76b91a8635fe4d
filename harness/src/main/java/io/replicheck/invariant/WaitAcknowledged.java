package io.replicheck.invariant;

/**
 * One probe of P4 taken at a failover: a marker written on the old master, how many replicas
 * WAIT said acknowledged it (of how many were asked for), the replica promoted, and whether the
 * marker was there on it after promotion.
 */
public record WaitAcknowledged(String marker, long acked, long asked, String promoted, boolean survived) {}
