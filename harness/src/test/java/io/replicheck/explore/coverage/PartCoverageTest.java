package io.replicheck.explore.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartCoverageTest {
  @Test
  void nothingRunMeansEveryPartAndPairIsUnseen() {
    PartCoverage c = new PartCoverage();
    // 3 parts, 3 pairs; a repeated part counts once
    assertThat(c.unseen(List.of("a", "b", "c", "a"))).isEqualTo(6);
    assertThat(c.runs()).isZero();
    assertThat(c.seen()).isZero();
  }

  @Test
  void whatRanIsSeenAndOnlyNewPartsAndPairsCount() {
    PartCoverage c = new PartCoverage();
    c.ran(List.of("w:a", "t:star", "f:kill@leaf"));
    assertThat(c.runs()).isEqualTo(1);
    assertThat(c.seen()).isEqualTo(6);
    assertThat(c.unseen(List.of("w:a", "t:star", "f:kill@leaf"))).isZero();
    assertThat(c.unseen(List.of("f:kill@leaf", "t:star", "w:a"))).isZero(); // order is no matter
    // parts all seen, but w:a with t:chain is a new pair, as is t:chain itself
    assertThat(c.unseen(List.of("w:a", "t:chain"))).isEqualTo(2);
    // two seen parts never run together: one new pair
    c.ran(List.of("w:b", "t:chain"));
    assertThat(c.unseen(List.of("w:b", "f:kill@leaf"))).isEqualTo(1);
  }

  @Test
  void aSeparatorInsidePartsDoesNotMakeTwoPairsOne() {
    PartCoverage c = new PartCoverage();
    c.ran(List.of("a", "b c"));
    assertThat(c.unseen(List.of("a b", "c"))).isEqualTo(3);
  }

  @Test
  void speedIsTheMeanRunOverTheCostliestPartsMeanWithinItsBounds() {
    PartCoverage c = new PartCoverage();
    assertThat(c.speed(List.of("a"))).isEqualTo(1.0); // nothing timed yet
    c.ran(List.of("a", "common"), 0); // untimed runs do not count
    assertThat(c.speed(List.of("a"))).isEqualTo(1.0);
    for (int i = 0; i < 8; i++) c.ran(List.of("fast", "common"), 10_000);
    for (int i = 0; i < 8; i++) c.ran(List.of("slow", "common"), 30_000);
    // mean 20 s; "slow" runs took 30 s (drawn toward 20 by two runs: 28 s)
    assertThat(c.speed(List.of("slow", "common"))).isCloseTo(20.0 / 28, within(1e-9));
    assertThat(c.speed(List.of("fast", "common"))).isEqualTo(1.0); // never above 1
    assertThat(c.speed(List.of("never-ran"))).isEqualTo(1.0);
    // the costliest part decides: a fast part does not make a slow one cheaper
    assertThat(c.speed(List.of("slow", "fast"))).isEqualTo(c.speed(List.of("slow")));
    // one slow run on a loaded machine does not brand a part, and no part falls below the bound
    c.ran(List.of("once"), 200_000);
    double mean = (16 * 20_000.0 + 200_000) / 17;
    assertThat(c.speed(List.of("once")))
        .isCloseTo(
            Math.max(PartCoverage.MIN_SPEED, mean / ((200_000 + 2 * mean) / 3)), within(1e-9));
    PartCoverage d = new PartCoverage();
    for (int i = 0; i < 100; i++) d.ran(List.of("x"), 10_000);
    for (int i = 0; i < 5; i++) d.ran(List.of("huge"), 1_000_000);
    assertThat(d.speed(List.of("huge"))).isEqualTo(PartCoverage.MIN_SPEED);
  }
}
