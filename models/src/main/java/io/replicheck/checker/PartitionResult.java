package io.replicheck.checker;

/**
 * The result for one independently checked part of a history (one key).
 *
 * @param key the key, or null for the whole history
 * @param verdict valid, invalid or unknown
 * @param ops ops checked (after dropping failed ops and unknown reads)
 * @param statesExplored distinct (linearized set, state) configurations memoized
 * @param steps search steps taken
 * @param counterexample set when invalid
 * @param reason why the verdict is unknown, else null
 */
public record PartitionResult(
    Object key,
    Verdict verdict,
    int ops,
    long statesExplored,
    long steps,
    Counterexample counterexample,
    String reason) {}
