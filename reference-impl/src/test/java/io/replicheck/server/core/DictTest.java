package io.replicheck.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DictTest {
  static byte[] k(int i) {
    return ("k" + i).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void putGetRemoveAndRandom() {
    Dict<Integer> d = new Dict<>();
    for (int i = 0; i < 1000; i++) {
      assertThat(d.put(k(i), i)).isNull();
    }
    assertThat(d.put(k(5), 50)).isEqualTo(5);
    assertThat(d.size()).isEqualTo(1000);
    assertThat(d.get(k(5))).isEqualTo(50);
    for (int i = 0; i < 990; i++) {
      assertThat(d.remove(k(i))).isNotNull();
    }
    assertThat(d.size()).isEqualTo(10);
    SplittableRandom rnd = new SplittableRandom(1);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      seen.add(new String(d.randomEntry(rnd).key(), StandardCharsets.UTF_8));
    }
    assertThat(seen).hasSize(10);
  }

  @Test
  void scanReturnsEveryElementPresentThroughoutEvenWhenTheTableShrinks() {
    Dict<Integer> d = new Dict<>();
    for (int i = 0; i < 4000; i++) {
      d.put(k(i), i);
    }
    Set<Integer> seen = new HashSet<>();
    long cursor = 0;
    int step = 0;
    do {
      cursor = d.scan(cursor, (key, v) -> seen.add(v));
      if (++step == 50) {
        for (int i = 100; i < 4000; i++) {
          d.remove(k(i)); // shrink while scanning; keys 0..99 stay
        }
      }
    } while (cursor != 0);
    for (int i = 0; i < 100; i++) {
      assertThat(seen).contains(i);
    }
  }
}
