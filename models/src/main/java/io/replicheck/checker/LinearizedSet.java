package io.replicheck.checker;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The set of ops linearized so far, as a bitset with a Zobrist hash kept up to date on every set
 * and clear, so hashing a configuration costs O(1) instead of O(n).
 *
 * <p>Ops with a known outcome take the low ids (in invoke order) and unknown ops the ids from the
 * next word boundary on. That makes the memo's copies small on long histories: the known part is
 * all ones up to about where the search is and all zeros after it, and the unknown part is mostly
 * zeros, so {@link #encodeWith} keeps only the words between those runs.
 */
final class LinearizedSet {

  private final long[] words;
  private final int knownWords;
  private final long[] zobrist;
  private long hash;

  /**
   * @param ids bits needed in all
   * @param knownIds ids below this (a multiple of 64) belong to ops with a known outcome
   */
  LinearizedSet(int ids, int knownIds) {
    words = new long[(ids + 63) >>> 6];
    knownWords = knownIds >>> 6;
    zobrist = new long[ids];
    SplittableRandom r = new SplittableRandom(0x5eed_1ab1e5L); // fixed: runs are reproducible
    for (int i = 0; i < ids; i++) {
      zobrist[i] = r.nextLong();
    }
  }

  void set(int i) {
    words[i >>> 6] |= 1L << i;
    hash ^= zobrist[i];
  }

  void clear(int i) {
    words[i >>> 6] &= ~(1L << i);
    hash ^= zobrist[i];
  }

  /** The hash the set would have with {@code i} added. */
  long hashWith(int i) {
    return hash ^ zobrist[i];
  }

  /**
   * A canonical compact copy of this set plus {@code i}: {@code [lo, hi, ulo, uhi, words...]} where
   * known words before {@code lo} are all ones, known words from {@code hi} and unknown words
   * outside {@code [ulo, uhi)} are all zeros. Equal sets give equal arrays.
   */
  long[] encodeWith(int i) {
    int wi = i >>> 6;
    long bit = 1L << i;
    int lo = 0;
    while (lo < knownWords && word(lo, wi, bit) == -1L) {
      lo++;
    }
    int hi = knownWords;
    while (hi > lo && word(hi - 1, wi, bit) == 0L) {
      hi--;
    }
    int ulo = knownWords;
    while (ulo < words.length && word(ulo, wi, bit) == 0L) {
      ulo++;
    }
    int uhi = words.length;
    while (uhi > ulo && word(uhi - 1, wi, bit) == 0L) {
      uhi--;
    }
    long[] out = new long[4 + (hi - lo) + (uhi - ulo)];
    out[0] = lo;
    out[1] = hi;
    out[2] = ulo;
    out[3] = uhi;
    int k = 4;
    for (int w = lo; w < hi; w++) {
      out[k++] = word(w, wi, bit);
    }
    for (int w = ulo; w < uhi; w++) {
      out[k++] = word(w, wi, bit);
    }
    return out;
  }

  private long word(int w, int wi, long bit) {
    return w == wi ? words[w] | bit : words[w];
  }

  int wordCount() {
    return words.length;
  }

  @Override
  public String toString() {
    return Arrays.toString(words);
  }
}
