package io.replicheck.checker;

import java.time.Duration;

/**
 * Limits on one linearizability search. When any runs out the verdict is {@code unknown} with the
 * reason. (Not {@code gen.ShrinkBudget}: that one bounds how many candidates a shrink tries.)
 *
 * @param timeLimit wall-clock time for the whole check (all keys)
 * @param maxCacheBytes estimated memory for the memo of the key being searched (keys are searched
 *     one at a time, and a finished key's memo is garbage)
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

  /** Starts the clock: the running budget of one check, shared across its partitions. */
  Meter start(long startNanos) {
    return new Meter(this, startNanos);
  }

  /** A running budget: the deadline, the limits, and the steps taken so far. */
  static final class Meter {
    final long deadlineNanos;
    final long maxCacheBytes; // per partition: only one memo is alive at a time
    final long maxSteps;
    long stepsUsed;

    private Meter(SearchBudget b, long startNanos) {
      long t = b.timeLimit() == null ? Long.MAX_VALUE : b.timeLimit().toNanos();
      this.deadlineNanos = t >= Long.MAX_VALUE - startNanos ? Long.MAX_VALUE : startNanos + t;
      this.maxCacheBytes = b.maxCacheBytes() <= 0 ? Long.MAX_VALUE : b.maxCacheBytes();
      this.maxSteps = b.maxSteps() <= 0 ? Long.MAX_VALUE : b.maxSteps();
    }

    /** Why the search must stop after {@code steps} more steps with this memo, or null. */
    String exhausted(long steps, long cacheBytes, long cacheSize) {
      if (Thread.currentThread().isInterrupted()) {
        return "interrupted after "
            + (stepsUsed + steps)
            + " steps"; // the flag stays set for the caller
      }
      if (System.nanoTime() > deadlineNanos) {
        return "time limit reached after " + (stepsUsed + steps) + " steps";
      }
      if (cacheBytes > maxCacheBytes) {
        return "memory budget reached: "
            + cacheSize
            + " configurations (~"
            + (cacheBytes >> 20)
            + " MiB) memoized";
      }
      if (stepsUsed + steps > maxSteps) {
        return "step budget of " + maxSteps + " reached";
      }
      return null;
    }
  }
}
