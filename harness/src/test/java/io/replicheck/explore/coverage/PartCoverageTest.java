package io.replicheck.explore.coverage;

import static org.assertj.core.api.Assertions.assertThat;

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
}
