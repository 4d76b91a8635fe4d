package io.replicheck.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.checker.Verdict;
import io.replicheck.invariant.AcknowledgedWritesSurvive.Failover;
import io.replicheck.invariant.AcknowledgedWritesSurvive.Write;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AcknowledgedWritesSurviveTest {

  private static Write w(String key, long value, double invoke, double ack, String node) {
    return new Write(key, value, 0, "a", invoke, ack, node);
  }

  @Test
  void everyAcknowledgedAppendInOrderIsValid() {
    InvariantResult r =
        AcknowledgedWritesSurvive.check(
            List.of(w("l0", 1, 0, 10, "n1"), w("l0", 2, 20, 30, "n1"), w("l1", 3, 5, 6, "n1")),
            Map.of("l0", List.of(1L, 2L), "l1", List.of(3L)),
            "n1",
            List.of());
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    assertThat(r.reason()).contains("all 3 acknowledged appends");
  }

  @Test
  void aLostWriteIsListedWithKeyValueClientTimeAndNode() {
    InvariantResult r =
        AcknowledgedWritesSurvive.check(
            List.of(w("l0", 1, 0, 10, "n1"), new Write("l0", 2, 7, "a", 20, 1500, "n1")),
            Map.of("l0", List.of(1L)),
            "n2",
            List.of());
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason()).contains("1 of 2 acknowledged appends lost on the final master n2");
    assertThat(r.evidence())
        .containsExactly(
            "lost: key l0 value 2 by client 7 (group a), acknowledged at 1.500 s by n1");
    assertThat(r.details().get("lost")).asList().hasSize(1);
  }

  @Test
  void appendsAcknowledgedOneAfterTheOtherMustKeepThatOrder() {
    InvariantResult r =
        AcknowledgedWritesSurvive.check(
            List.of(w("l0", 1, 0, 10, "n1"), w("l0", 2, 20, 30, "n1")),
            Map.of("l0", List.of(2L, 1L)),
            "n1",
            List.of());
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason()).contains("1 pairs out of acknowledgement order");
  }

  @Test
  void concurrentAppendsMayLandInEitherOrder() {
    InvariantResult r =
        AcknowledgedWritesSurvive.check(
            List.of(w("l0", 1, 0, 10, "n1"), w("l0", 2, 5, 12, "n1")),
            Map.of("l0", List.of(2L, 1L)),
            "n1",
            List.of());
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void splitBrainIsMeasuredFromTheSwitchToTheOldMastersLastAcknowledgement() {
    List<String> sb =
        AcknowledgedWritesSurvive.splitBrain(
            List.of(
                w("l0", 1, 0, 900, "n1"),
                w("l0", 2, 0, 1200, "n1"),
                w("l0", 3, 0, 3500, "n1"),
                w("l0", 4, 0, 3600, "n2")),
            List.of(new Failover(1000, "n1", "n2")));
    assertThat(sb)
        .containsExactly(
            "split brain: n1 acknowledged 2 writes for 2.500 s after Sentinel switched to n2 at"
                + " 1.000 s");
  }

  @Test
  void splitBrainEndsWhenTheOldMasterIsPromotedAgain() {
    List<String> sb =
        AcknowledgedWritesSurvive.splitBrain(
            List.of(w("l0", 1, 0, 1500, "n1"), w("l0", 2, 0, 9000, "n1")),
            List.of(new Failover(1000, "n1", "n2"), new Failover(8000, null, "n1")));
    assertThat(sb)
        .containsExactly(
            "split brain: n1 acknowledged 1 writes for 0.500 s after Sentinel switched to n2 at 1.000 s");
  }

  @Test
  void nothingAcknowledgedIsNotExercised() {
    assertThat(AcknowledgedWritesSurvive.check(List.of(), Map.of(), "n1", List.of()).verdict())
        .isEqualTo(Verdict.NOT_EXERCISED);
  }
}
