package io.replicheck.proxy.toxic;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derives the randomness of each toxic on each connection from the proxy's seed and names only, so
 * toxicity, jitter and slicing repeat run after run whatever the thread timing.
 */
public final class Seeds {
  private final long seed;

  public Seeds(long seed) {
    this.seed = seed;
  }

  public long seed() {
    return seed;
  }

  /**
   * The random for one toxic stage: proxy, connection number, toxic, and how often it was
   * (re)started.
   */
  public SplittableRandom forStage(
      String proxy, long connection, ToxicSpec toxic, long generation) {
    long h = mix(seed);
    h = mix(h ^ hash(proxy));
    h = mix(h ^ connection);
    h = mix(h ^ hash(toxic.name()));
    h = mix(h ^ toxic.stream().ordinal());
    h = mix(h ^ generation);
    return new SplittableRandom(h);
  }

  private static long hash(String s) {
    long h = 0xcbf29ce484222325L; // FNV-1a, 64-bit: fewer collisions than String.hashCode
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** SplitMix64's finalizer. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
