package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A final list held as longs compares, hashes and slices as the boxed list it replaces. */
class LongListTest {
  @Test
  void equalsTheBoxedListOfTheSameValues() {
    LongList l = new LongList(new long[] {1, 2, 300_000});
    List<Long> boxed = List.of(1L, 2L, 300_000L);
    assertThat(l).isEqualTo(boxed);
    assertThat(boxed).isEqualTo(l);
    assertThat(l.hashCode()).isEqualTo(boxed.hashCode());
    assertThat(l.subList(0, 2)).isEqualTo(List.of(1L, 2L));
    assertThat(l).isNotEqualTo(List.of(1L, 2L));
    assertThatThrownBy(() -> l.add(4L)).isInstanceOf(UnsupportedOperationException.class);
  }
}
