package io.replicheck.workload;

/**
 * An operation to invoke: function, key and argument, in Jepsen's terms. {@code value} is the
 * written value, the [expected, new] pair of a cas, or null for reads.
 */
public record OpSpec(String f, String key, Object value) {}
