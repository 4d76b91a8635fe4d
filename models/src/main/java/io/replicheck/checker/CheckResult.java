package io.replicheck.checker;

import java.util.List;

/**
 * The result of checking one history against one model.
 *
 * @param verdict valid, invalid or unknown (combined over keys: any invalid wins, then unknown)
 * @param model the model's name
 * @param partitions per-key results, in first-appearance order
 * @param counterexample the first invalid key's counterexample, or null
 * @param reason why the verdict is unknown, or null
 * @param stats totals
 */
public record CheckResult(
    Verdict verdict,
    String model,
    List<PartitionResult> partitions,
    Counterexample counterexample,
    String reason,
    Stats stats) {

  public CheckResult {
    partitions = List.copyOf(partitions);
  }

  /**
   * Totals of a check.
   *
   * @param ops client ops in the history
   * @param checkedOps ops the search had to place (failed ops and unknown reads dropped)
   * @param statesExplored memoized configurations over all keys
   * @param steps search steps over all keys
   * @param nanos wall-clock time of the search
   */
  public record Stats(int ops, int checkedOps, long statesExplored, long steps, long nanos) {}
}
