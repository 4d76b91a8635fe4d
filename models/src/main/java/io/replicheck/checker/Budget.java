package io.replicheck.checker;

import java.time.Duration;

/**
 * Limits on one check. When any runs out the verdict is {@code unknown} with the reason.
 *
 * @param timeLimit wall-clock time for the whole check (all keys)
 * @param maxCacheBytes estimated memory for the memo of the key being searched (keys are searched one
 *     at a time, and a finished key's memo is garbage)
 * @param maxSteps search steps (0 = unlimited), deterministic unlike time
 */
public record Budget(Duration timeLimit, long maxCacheBytes, long maxSteps) {

  /** 60 s, a third of the heap (at most 512 MiB) for the cache, unlimited steps. */
  public static Budget defaults() {
    return new Budget(Duration.ofSeconds(60), defaultCacheBytes(), 0);
  }

  public static long defaultCacheBytes() {
    return Math.min(512L << 20, Runtime.getRuntime().maxMemory() / 3);
  }

  public Budget withTimeLimit(Duration d) {
    return new Budget(d, maxCacheBytes, maxSteps);
  }

  public Budget withMaxCacheBytes(long bytes) {
    return new Budget(timeLimit, bytes, maxSteps);
  }

  public Budget withMaxSteps(long steps) {
    return new Budget(timeLimit, maxCacheBytes, steps);
  }
}
