package io.replicheck.checker;

import java.time.Duration;

/**
 * Limits on one linearizability search. When any runs out the verdict is {@code unknown} with the
 * reason. (Not {@code gen.ShrinkBudget}: that one bounds how many candidates a shrink tries.)
 *
 * @param timeLimit wall-clock time for the whole check (all keys)
 * @param maxCacheBytes estimated memory for the memo of the key being searched (keys are searched one
 *     at a time, and a finished key's memo is garbage)
 * @param maxSteps search steps (0 = unlimited), deterministic unlike time
 */
public record SearchBudget(Duration timeLimit, long maxCacheBytes, long maxSteps) {

  /** 60 s, a third of the heap (at most 512 MiB) for the cache, unlimited steps. */
  public static SearchBudget defaults() {
    return new SearchBudget(Duration.ofSeconds(60), defaultCacheBytes(), 0);
  }

  public static long defaultCacheBytes() {
    return Math.min(512L << 20, Runtime.getRuntime().maxMemory() / 3);
  }

  public SearchBudget withTimeLimit(Duration d) {
    return new SearchBudget(d, maxCacheBytes, maxSteps);
  }

  public SearchBudget withMaxCacheBytes(long bytes) {
    return new SearchBudget(timeLimit, bytes, maxSteps);
  }

  public SearchBudget withMaxSteps(long steps) {
    return new SearchBudget(timeLimit, maxCacheBytes, steps);
  }
}
