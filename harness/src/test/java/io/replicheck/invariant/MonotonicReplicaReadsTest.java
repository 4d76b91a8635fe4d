package io.replicheck.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.checker.Verdict;
import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * P2 per life of a replica process: a restart without persistence may start over, nothing else may.
 */
class MonotonicReplicaReadsTest {

  private static Event nemesis(long index, String type, String f, String value) {
    return new Event(
        index, Event.NEMESIS, EventType.fromWire(type), f, null, value, null, null, null, 0);
  }

  private final List<ReplicaRead> shrinking =
      List.of(
          new ReplicaRead(7, "n2", "l1", List.of(1L, 2L, 3L), 10),
          new ReplicaRead(7, "n2", "l1", List.of(1L), 30));

  @Test
  void aListThatLosesItsTailIsInvalid() {
    InvariantResult r = MonotonicReplicaReads.check(shrinking);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason()).contains("n2 key l1", "#30", "#10");
  }

  @Test
  void aRestartOfThatReplicaInBetweenStartsOver() {
    List<Event> events =
        List.of(
            nemesis(15, "info", "start", "kill -9 n2"),
            nemesis(20, "invoke", "stop", "kill -9 n2"),
            nemesis(35, "info", "stop", "kill -9 n2"));
    List<Restart> restarts = Restart.from(events);
    assertThat(restarts).extracting(Restart::node).containsExactly("n2");
    assertThat(MonotonicReplicaReads.check(shrinking, restarts).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void aRestartOfAnotherNodeOrAPauseChangesNothing() {
    List<Event> events =
        List.of(
            nemesis(21, "invoke", "stop", "kill -9 n3"),
            nemesis(22, "invoke", "stop", "SIGSTOP n2"));
    assertThat(MonotonicReplicaReads.check(shrinking, Restart.from(events)).verdict())
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void anOffsetThatGoesBackIsInvalidUnlessTheNodeRestartedInBetween() {
    String id = "84648714f3d6964899fc2ee3d54631c10dbdee9a";
    List<ReplicationSample> samples =
        List.of(
            new ReplicationSample("n2", 4_000_000_000L, "slave", id, 55981, true, 0, 0, 0, null),
            new ReplicationSample("n2", 6_500_000_000L, "slave", id, 84, true, 0, 0, 0, null));
    assertThat(OffsetsMonotonic.check(samples).verdict()).isEqualTo(Verdict.INVALID);
    Event healed = nemesis(40, "invoke", "stop", "kill -9 n2").withTime(5_000_000_000L);
    assertThat(OffsetsMonotonic.check(samples, Restart.from(List.of(healed))).verdict())
        .isEqualTo(Verdict.VALID);
  }
}
