package io.replicheck.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LinkNemesisTest {

  @Test
  void limitDataCutsAsOftenInTheHandshakeAsInASnapshotOrTheStream() {
    Random r = new Random(3);
    int handshake = 0, snapshot = 0;
    for (int i = 0; i < 10_000; i++) {
      long b = LinkNemesis.limitDataBytes(r);
      assertThat(b).isBetween(1L, LinkNemesis.LIMIT_DATA_MAX);
      if (b < 100) handshake++;
      if (b >= 1 << 20) snapshot++;
    }
    // log-uniform over 1 B..8 MB: about 29 % under 100 B, 13 % from 1 MB on
    assertThat(handshake).isBetween(2_500, 3_300);
    assertThat(snapshot).isBetween(1_000, 1_600);
  }
}
