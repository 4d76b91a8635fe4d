package io.replicheck.invariant;

import java.util.Map;

/**
 * A node's dataset after quiesce: its DEBUG DIGEST (null where the server has none) and the value
 * of every workload key (a Long, a List of Longs, or null for a missing key).
 */
public record NodeState(
    String node, String role, String digest, Map<String, Object> values, long offset) {}
