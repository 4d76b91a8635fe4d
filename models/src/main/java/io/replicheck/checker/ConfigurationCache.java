package io.replicheck.checker;

import java.util.Arrays;
import java.util.Objects;

/**
 * Lowe's memo of configurations already explored: (linearized set, model state). An open-addressing
 * table keyed by the Zobrist hash of the set and the state's hash; entries hold a compact copy of
 * the bitset ({@link LinearizedSet#encodeWith}). It counts an estimate of its bytes so the search
 * can stop at a memory budget instead of failing.
 */
final class ConfigurationCache {

  private long[] hashes = new long[1024];
  private long[][] sets = new long[1024][];
  private Object[] states = new Object[1024];
  private int size;
  private long bytes;

  /** Adds the configuration (set + i, state); false when it was already there. */
  boolean add(LinearizedSet set, int i, Object state) {
    long h = mix(set.hashWith(i), Objects.hashCode(state));
    int mask = hashes.length - 1;
    int slot = (int) (h ^ (h >>> 32)) & mask;
    long[] encoded = null;
    while (sets[slot] != null) {
      if (hashes[slot] == h && Objects.equals(states[slot], state)) {
        if (encoded == null) {
          encoded = set.encodeWith(i);
        }
        if (Arrays.equals(sets[slot], encoded)) {
          return false;
        }
      }
      slot = (slot + 1) & mask;
    }
    if (encoded == null) {
      encoded = set.encodeWith(i);
    }
    hashes[slot] = h;
    sets[slot] = encoded;
    states[slot] = state;
    size++;
    // the encoded bitset (16-byte header + words) + a slot in each of three arrays at half load
    bytes += 16 + 8L * encoded.length + 2 * (8 + 8 + 4);
    if (size * 2 > hashes.length) {
      grow();
    }
    return true;
  }

  private static long mix(long setHash, int stateHash) {
    long h = setHash ^ (stateHash * 0x9E3779B97F4A7C15L);
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    return h ^ (h >>> 32);
  }

  private void grow() {
    long[] oh = hashes;
    long[][] os = sets;
    Object[] ost = states;
    int cap = oh.length * 2;
    hashes = new long[cap];
    sets = new long[cap][];
    states = new Object[cap];
    int mask = cap - 1;
    for (int k = 0; k < oh.length; k++) {
      if (os[k] != null) {
        int slot = (int) (oh[k] ^ (oh[k] >>> 32)) & mask;
        while (sets[slot] != null) {
          slot = (slot + 1) & mask;
        }
        hashes[slot] = oh[k];
        sets[slot] = os[k];
        states[slot] = ost[k];
      }
    }
  }

  int size() {
    return size;
  }

  /** Estimated bytes held. */
  long bytes() {
    return bytes;
  }

  void clear() {
    Arrays.fill(sets, null);
    Arrays.fill(states, null);
    hashes = new long[1];
    sets = new long[1][];
    states = new Object[1];
  }
}
