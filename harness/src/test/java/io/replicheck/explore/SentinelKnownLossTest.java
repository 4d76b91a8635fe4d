package io.replicheck.explore;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.checker.Verdict;
import io.replicheck.invariant.InvariantResult;
import io.replicheck.invariant.SentinelConvergence;
import io.replicheck.runner.RunResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Explore's reading of a Sentinel run: after a failover, the lost writes (P7) and what saw them
 * (P3, P1, P2) are Sentinel's known loss, not a failure; anything else still fails; without a
 * failover everything counts.
 */
class SentinelKnownLossTest {

  private static InvariantResult p8(int failovers) {
    return SentinelConvergence.check(
        new SentinelConvergence.Outcome(
            Duration.ofMillis(300),
            Duration.ofSeconds(30),
            "n2",
            List.of(),
            failovers,
            0,
            List.of()));
  }

  private static InvariantResult invalid(String id) {
    return InvariantResult.invalid(id, id, "broken", List.of());
  }

  private static InvariantResult p7Lost(int lost) {
    return invalid("P7").withDetails(Map.of("lostTotal", lost));
  }

  @Test
  void afterAFailoverTheLostWritesAreKnownNotFailures() {
    RunResult r =
        new RunResult(
            Verdict.INVALID,
            List.of(p7Lost(12), invalid("P3"), invalid("P1"), p8(1)),
            null,
            "invalid: P7, P3, P1");
    Outcome o = SentinelKnownLoss.outcome(r);
    assertThat(o.verdict()).isEqualTo("valid");
    assertThat(o.failed()).isEmpty();
    assertThat(o.invalid()).isFalse();
    assertThat(o.summary())
        .startsWith("known: Sentinel failed over 1 time and 12 acknowledged writes were lost")
        .contains("P1, P3, P7 not counted");
  }

  @Test
  void anotherInvariantStillFailsAfterAFailover() {
    RunResult r =
        new RunResult(
            Verdict.INVALID, List.of(p7Lost(3), invalid("FS1"), p8(2)), null, "invalid: P7, FS1");
    Outcome o = SentinelKnownLoss.outcome(r);
    assertThat(o.verdict()).isEqualTo("invalid");
    assertThat(o.failed()).containsExactly("FS1");
    assertThat(o.summary()).startsWith("known: Sentinel failed over 2 times");
  }

  @Test
  void withoutAFailoverALostWriteIsAFailure() {
    RunResult r =
        new RunResult(
            Verdict.INVALID, List.of(p7Lost(1), invalid("P3"), p8(0)), null, "invalid: P7, P3");
    Outcome o = SentinelKnownLoss.outcome(r);
    assertThat(o.verdict()).isEqualTo("invalid");
    assertThat(o.failed()).containsExactlyInAnyOrder("P7", "P3");
    assertThat(o.summary()).isEqualTo("invalid: P7, P3");
  }

  @Test
  void otherTopologiesAreUntouched() {
    // no P8 (no sentinels): P3 is a failure as ever
    RunResult r = new RunResult(Verdict.INVALID, List.of(invalid("P3")), null, "invalid: P3");
    assertThat(SentinelKnownLoss.outcome(r).failed()).containsExactly("P3");
    assertThat(SentinelConvergence.failovers(p8(3))).isEqualTo(3);
    assertThat(SentinelConvergence.failovers(invalid("P8"))).isZero();
  }
}
