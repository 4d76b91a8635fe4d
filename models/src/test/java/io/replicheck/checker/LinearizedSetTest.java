package io.replicheck.checker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The memo's keys: equal sets encode and hash equally however they were built, different ones do
 * not.
 */
class LinearizedSetTest {

  private static final int KNOWN = 320;
  private static final int IDS = KNOWN + 150;

  private static LinearizedSet build(List<Integer> ids, SplittableRandom r) {
    LinearizedSet s = new LinearizedSet(IDS, KNOWN);
    List<Integer> order = new ArrayList<>(ids);
    Collections.shuffle(order, new java.util.Random(r.nextLong()));
    for (int i : order) {
      // set, clear and set again: the hash must come back
      s.set(i);
      s.clear(i);
      s.set(i);
    }
    return s;
  }

  @Test
  void equalSetsGiveEqualKeysAndDifferentSetsDifferentOnes() {
    SplittableRandom r = new SplittableRandom(11);
    for (int trial = 0; trial < 500; trial++) {
      List<Integer> ids = new ArrayList<>();
      int frontier = r.nextInt(KNOWN);
      for (int i = 0; i < IDS; i++) {
        boolean in =
            i < frontier ? r.nextInt(20) != 0 : i < KNOWN ? r.nextInt(8) == 0 : r.nextInt(10) == 0;
        if (in) {
          ids.add(i);
        }
      }
      int extra = r.nextInt(IDS);
      List<Integer> base = new ArrayList<>(ids);
      base.remove(Integer.valueOf(extra));
      LinearizedSet a = build(base, r);
      LinearizedSet b = build(base, r);
      assertThat(a.encodeWith(extra)).isEqualTo(b.encodeWith(extra));
      assertThat(a.hashWith(extra)).isEqualTo(b.hashWith(extra));
      // encodeWith(i) is the encoding of the set with i added
      LinearizedSet withExtra = build(base, r);
      withExtra.set(extra);
      int other = (extra + 1 + r.nextInt(IDS - 1)) % IDS;
      if (!base.contains(other)) {
        assertThat(a.encodeWith(extra)).isNotEqualTo(withExtra.encodeWith(other));
      }
      if (!base.isEmpty()) {
        assertThat(a.encodeWith(extra)).isNotEqualTo(build(List.of(), r).encodeWith(extra));
      }
    }
  }

  @Test
  void longRunsOfOnesAndZerosAreNotStored() {
    LinearizedSet s = new LinearizedSet(64 * 100 + 64 * 50, 64 * 100);
    for (int i = 0; i < 64 * 90; i++) {
      s.set(i);
    }
    s.set(64 * 100 + 7); // one unknown op linearized
    long[] key = s.encodeWith(64 * 90 + 3);
    // header, one partial known word, one unknown word
    assertThat(key).hasSize(4 + 1 + 1);
    assertThat(key[0]).isEqualTo(90);
  }
}
