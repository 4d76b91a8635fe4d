package io.replicheck.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.checker.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** P4 over failover probes. */
class WaitSurvivesFailoverTest {
  @Test
  void acknowledgedAndPresentIsValid() {
    assertThat(
            WaitSurvivesFailover.check(List.of(new WaitAcknowledged("m", 2, 2, "n2", true)))
                .verdict())
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void acknowledgedButMissingIsInvalid() {
    InvariantResult r =
        WaitSurvivesFailover.check(List.of(new WaitAcknowledged("m", 2, 2, "n3", false)));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason()).contains("n3 lacked it");
  }

  @Test
  void notAcknowledgedByAllPromisesNothingSoP4IsNotExercised() {
    InvariantResult none =
        WaitSurvivesFailover.check(List.of(new WaitAcknowledged("m", 1, 2, "n3", false)));
    assertThat(none.verdict()).isEqualTo(Verdict.NOT_EXERCISED);
    assertThat(none.reason()).contains("none of 1 WAIT probes");
    InvariantResult noProbe = WaitSurvivesFailover.check(List.of());
    assertThat(noProbe.verdict()).isEqualTo(Verdict.NOT_EXERCISED);
    assertThat(noProbe.reason()).contains("no WAIT probe");
  }

  @Test
  void aReplicaCountedWhileItsLinkHeldTheWriteIsInvalid() {
    InvariantResult r =
        WaitSurvivesFailover.check(
            List.of(new WaitAcknowledged("m", 2, 2, "n2", false, WaitAcknowledged.LINK_HELD)));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason()).contains("n2 lacked it while its link held the write");
    // what a correct master answers: the held replica is not counted
    assertThat(
            WaitSurvivesFailover.check(
                    List.of(
                        new WaitAcknowledged("m", 1, 2, "n2", false, WaitAcknowledged.LINK_HELD)))
                .verdict())
        .isEqualTo(Verdict.NOT_EXERCISED);
  }
}
