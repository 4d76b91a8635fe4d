package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StuckGapTest {
  private static final long S = 1_000_000_000L;

  @Test
  void aGapThatStaysWhileLaterBytesArriveIsStuck() {
    StuckGap g = new StuckGap();
    // the replica lost 50 bytes; the master's pings (14 bytes a second) still reach it
    assertThat(g.observe("n2", true, 400, 450, 0)).isNull();
    assertThat(g.observe("n2", true, 414, 464, S)).isNull();
    assertThat(g.observe("n2", true, 428, 478, 2 * S)).isNull();
    assertThat(g.observe("n2", true, 442, 492, 3 * S))
        .contains("n2 offset 442 < master 492 and stuck", "gap of 50 bytes", "42 later bytes");
  }

  @Test
  void aReplicaCatchingUpIsNotStuck() {
    StuckGap g = new StuckGap();
    for (int i = 0; i <= 10; i++) {
      // the gap shrinks as the backlog streams in
      assertThat(g.observe("n2", true, 1000 + 100L * i, 5000, i * S)).isNull();
    }
  }

  @Test
  void aReplicaThatReceivesNothingIsNotJudged() {
    // a paused or cut-off replica: the gap stays but nothing arrives, so it may still catch up
    StuckGap g = new StuckGap();
    for (int i = 0; i <= 10; i++) assertThat(g.observe("n2", true, 400, 450, i * S)).isNull();
  }

  @Test
  void aLinkDownOrAChangedGapStartsTheWatchAgain() {
    StuckGap g = new StuckGap();
    assertThat(g.observe("n2", true, 400, 450, 0)).isNull();
    assertThat(g.observe("n2", false, 414, 464, 2 * S)).isNull(); // link down: forget
    assertThat(g.observe("n2", true, 428, 478, 3 * S)).isNull(); // watch starts here
    assertThat(g.observe("n2", true, 442, 492, 5 * S)).isNull(); // only 2 s
    assertThat(g.observe("n2", true, 456, 500, 6 * S)).isNull(); // gap changed: start again
    assertThat(g.observe("n2", true, 470, 514, 8 * S)).isNull();
    assertThat(g.observe("n2", true, 484, 528, 9 * S)).isNotNull();
  }

  @Test
  void replicasAreWatchedApartAndCaughtUpOnesNever() {
    StuckGap g = new StuckGap();
    assertThat(g.observe("n2", true, 400, 450, 0)).isNull();
    assertThat(g.observe("n3", true, 450, 450, 0)).isNull();
    assertThat(g.observe("n3", true, 464, 464, 4 * S)).isNull(); // level: never stuck
    assertThat(g.observe("n2", true, 414, 464, 4 * S)).startsWith("n2 ");
  }
}
