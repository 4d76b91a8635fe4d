package io.replicheck.explore.shape;

import io.replicheck.gen.Gen;

/**
 * Sizes drawn log-uniform: every power of two between the bounds is as likely as any other, so 1
 * byte and 8 MB both come up. The generator draws a position on the log scale and shrinks it toward
 * the lower bound.
 */
public final class LogUniform {
  private static final long STEPS = 1_000_000;

  private LogUniform() {}

  /** Whole numbers in [lo, hi], log-uniform; lo must be at least 1. */
  public static Gen<Long> between(long lo, long hi) {
    if (lo < 1 || lo > hi) {
      throw new IllegalArgumentException("log-uniform range [" + lo + ", " + hi + "] is invalid");
    }
    return Gen.choose(0, STEPS).map(step -> at(lo, hi, step / (double) STEPS));
  }

  /** The value at fraction {@code u} in [0, 1] of the log scale between lo and hi. */
  public static long at(long lo, long hi, double u) {
    double v = Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo)));
    return Math.max(lo, Math.min(hi, Math.round(v)));
  }
}
