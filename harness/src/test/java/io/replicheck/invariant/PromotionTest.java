package io.replicheck.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.checker.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IS1's promotion probe: PSYNC2 keeps the old replid as replid2, from the promotion offset + 1. */
class PromotionTest {
  private static final String OLD = "a".repeat(40);
  private final InvariantResult is1 = InvariantResult.valid("IS1", "n", "3 PSYNC decisions");

  @Test
  void aPromotionThatKeepsTheOldHistoryLeavesIs1Valid() {
    InvariantResult r = Promotion.foldInto(is1, List.of(new Promotion("n2", OLD, 1000, OLD, 1001)));
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    assertThat(r.reason()).contains("1 promotion(s) kept replid2");
  }

  @Test
  void aPromotionThatDropsOrMisplacesTheOldHistoryIsInvalid() {
    InvariantResult dropped =
        Promotion.foldInto(is1, List.of(new Promotion("n2", OLD, 1000, "0".repeat(40), -1)));
    assertThat(dropped.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(dropped.reason())
        .contains("n2 was promoted at offset 1000")
        .contains("PSYNC2 needs " + OLD + " and 1001");
    assertThat(
            Promotion.foldInto(is1, List.of(new Promotion("n2", OLD, 1000, OLD, 1000))).verdict())
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void aRepointedReplicaThatCouldContinueButFullSyncedIsInvalid() {
    InvariantResult r =
        Promotion.foldInto(
            is1, List.of(new Promotion("n2", OLD, 1000, OLD, 1001, List.of("n3"), 0, 1)));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason())
        .contains("after n2 was promoted, [n3]")
        .contains("served 0 partial and 1 full resync(s)");
    // slow to reconnect (neither kind of resync within the bound) proves nothing
    assertThat(
            Promotion.foldInto(
                    is1, List.of(new Promotion("n2", OLD, 1000, OLD, 1001, List.of("n3"), 0, 0)))
                .verdict())
        .isEqualTo(Verdict.VALID);
    InvariantResult ok =
        Promotion.foldInto(
            is1, List.of(new Promotion("n2", OLD, 1000, OLD, 1001, List.of("n3"), 1, 0)));
    assertThat(ok.verdict()).isEqualTo(Verdict.VALID);
    assertThat(ok.reason()).contains("1 repointed replica(s) continued");
  }

  @Test
  void noPromotionChangesNothing() {
    assertThat(Promotion.foldInto(is1, List.of())).isSameAs(is1);
  }

  @Test
  void aPromotionThatKeptTheHistoryExercisesIs1WhenNoPsyncWasJudged() {
    InvariantResult none = InvariantResult.notExercised("IS1", "n", "0 bracketed by readings");
    assertThat(Promotion.foldInto(none, List.of()).verdict()).isEqualTo(Verdict.NOT_EXERCISED);
    assertThat(
            Promotion.foldInto(none, List.of(new Promotion("n2", OLD, 1000, OLD, 1001))).verdict())
        .isEqualTo(Verdict.VALID);
  }
}
