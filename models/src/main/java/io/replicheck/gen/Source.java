package io.replicheck.gen;

import java.util.SplittableRandom;

/**
 * Where generators draw from: a seeded PRNG and a size (the bound of unsized lists and of {@link
 * Gen#sizedInt()}). Not thread-safe; one per generated value.
 */
public final class Source {
  private final SplittableRandom random;
  private final int size;

  public Source(long seed, int size) {
    this(new SplittableRandom(seed), size);
  }

  private Source(SplittableRandom random, int size) {
    if (size < 0) throw new IllegalArgumentException("size must be >= 0, was " + size);
    this.random = random;
    this.size = size;
  }

  public int size() {
    return size;
  }

  /** Uniform in [lo, hi], both inclusive. */
  public long nextLong(long lo, long hi) {
    if (lo > hi) throw new IllegalArgumentException("empty range [" + lo + ", " + hi + "]");
    if (hi < Long.MAX_VALUE) return random.nextLong(lo, hi + 1);
    if (lo == Long.MIN_VALUE) return random.nextLong();
    return random.nextLong(lo - 1, hi) + 1;
  }

  /** A fresh seed, so a sub-generator can be replayed on its own (used by flatMap). */
  public long nextSeed() {
    return random.nextLong();
  }

  /** A uniform double in [0, 1). */
  public double nextDouble() {
    return random.nextDouble();
  }

  /** The same PRNG state with another size. */
  public Source withSize(int newSize) {
    return new Source(random, newSize);
  }
}
