package io.replicheck.invariant;

import io.replicheck.checker.Verdict;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** P4 over failover probes. */
class WaitSurvivesFailoverTest {
  @Test
  void acknowledgedAndPresentIsValid() {
    assertThat(WaitSurvivesFailover.check(List.of(new WaitAcknowledged("m", 2, 2, "n2", true))).verdict())
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void acknowledgedButMissingIsInvalid() {
    InvariantResult r = WaitSurvivesFailover.check(List.of(new WaitAcknowledged("m", 2, 2, "n3", false)));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason()).contains("n3 lacked it");
  }

  @Test
  void notAcknowledgedByAllPromisesNothing() {
    assertThat(WaitSurvivesFailover.check(List.of(new WaitAcknowledged("m", 1, 2, "n3", false))).verdict())
        .isEqualTo(Verdict.VALID);
    assertThat(WaitSurvivesFailover.check(List.of()).verdict()).isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void aReplicaCountedWhileItsLinkHeldTheWriteIsInvalid() {
    InvariantResult r = WaitSurvivesFailover.check(List.of(
        new WaitAcknowledged("m", 2, 2, "n2", false, WaitAcknowledged.LINK_HELD)));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason()).contains("n2 lacked it while its link held the write");
    // what a correct master answers: the held replica is not counted
    assertThat(WaitSurvivesFailover.check(List.of(
        new WaitAcknowledged("m", 1, 2, "n2", false, WaitAcknowledged.LINK_HELD))).verdict()).isEqualTo(Verdict.VALID);
  }
}
