package io.replicheck.invariant;

/**
 * A completed read served by a replica: which reader process, which node, which key, the value (a
 * List of Longs for lists, a Long for counters, null for a missing key) and the history index of
 * its completion.
 */
public record ReplicaRead(int process, String node, String key, Object value, long index) {}
