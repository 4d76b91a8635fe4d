package io.replicheck.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DivergeNemesisTest {
  /**
   * Explore seed 3004 on redis-server: a preload of 97,148 keys and the old 1 ms floor made the
   * slowed snapshot last 97 s, past P5's 30 s bound. Every size now stays near a second.
   */
  @Test
  void theSlowedSnapshotLastsAboutASecondWhateverTheDatasetsSize() {
    for (long keys : new long[] {1, 5, 1_000, 97_148, 100_000, 1_000_000}) {
      long micros = keys * DivergeNemesis.perKeyMicros(keys);
      assertThat(micros).as("%d keys", keys).isBetween(200_000L, 1_000_000L);
    }
    assertThat(DivergeNemesis.perKeyMicros(0)).isEqualTo(200_000); // an empty dataset: capped
    assertThat(DivergeNemesis.perKeyMicros(5_000_000)).isEqualTo(1); // never 0: that is "off"
  }
}
