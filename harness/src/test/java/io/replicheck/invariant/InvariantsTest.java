package io.replicheck.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.checker.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvariantsTest {

  private static ReplicationSample sample(
      String node, long t, String role, String replid, long offset, long full, long partial) {
    return new ReplicationSample(
        node, t, role, replid, offset, role.equals("slave"), full, partial, 0, null);
  }

  @Test
  void datasetsEqualPassesOnEqualStateAndNamesTheDifferingKey() {
    NodeState m = new NodeState("n1", "master", "abc", Map.of("l0", List.of(1L, 2L)), 10);
    NodeState same = new NodeState("n2", "slave", "abc", Map.of("l0", List.of(1L, 2L)), 10);
    NodeState differs = new NodeState("n3", "slave", "abd", Map.of("l0", List.of(1L)), 10);
    assertThat(DatasetsEqual.check(m, List.of(same)).verdict()).isEqualTo(Verdict.VALID);
    InvariantResult bad = DatasetsEqual.check(m, List.of(same, differs));
    assertThat(bad.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(bad.evidence()).anyMatch(e -> e.contains("n3 key l0"));
    assertThat(bad.evidence()).anyMatch(e -> e.contains("digest abd"));
  }

  @Test
  void offsetsMayRestartWithANewReplidButNeverGoBackWithinOne() {
    List<ReplicationSample> ok =
        List.of(
            sample("n2", 1, "slave", "A", 100, 0, 0),
            sample("n2", 2, "slave", "A", 150, 0, 0),
            sample("n2", 3, "slave", "B", 20, 0, 0));
    assertThat(OffsetsMonotonic.check(ok).verdict()).isEqualTo(Verdict.VALID);
    List<ReplicationSample> bad =
        List.of(
            sample("n2", 1, "slave", "A", 100, 0, 0),
            sample("n3", 1, "slave", "A", 300, 0, 0),
            sample("n2", 2, "slave", "A", 90, 0, 0));
    InvariantResult r = OffsetsMonotonic.check(bad);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason()).contains("n2 offset 90").contains("after 100");
  }

  @Test
  void offsetsAreComparedInTimeOrderNotInTheOrderSamplesArrived() {
    // a slow round of samples (taken at 2) appended after a later round's (taken at 3)
    List<ReplicationSample> late =
        List.of(
            sample("n1", 1, "master", "A", 100, 0, 0),
            sample("n1", 3, "master", "A", 120, 0, 0),
            sample("n1", 2, "master", "A", 110, 0, 0));
    assertThat(OffsetsMonotonic.check(late).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void convergenceHonoursTheBound() {
    assertThat(
            Convergence.check(Duration.ofMillis(800), Duration.ofSeconds(30), List.of()).verdict())
        .isEqualTo(Verdict.VALID);
    assertThat(
            Convergence.check(null, Duration.ofSeconds(30), List.of("n2 offset 5 < 9")).verdict())
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void resyncDuringTheSettleWindowIsALoop() {
    List<ReplicationSample> before =
        List.of(
            sample("n1", 1, "master", "A", 500, 1, 2), sample("n2", 1, "slave", "A", 500, 0, 0));
    List<ReplicationSample> settled =
        List.of(
            sample("n1", 2, "master", "A", 500, 1, 2), sample("n2", 2, "slave", "A", 500, 0, 0));
    List<ReplicationSample> looping =
        List.of(
            sample("n1", 2, "master", "A", 500, 2, 2), sample("n2", 2, "slave", "A", 500, 0, 0));
    List<ReplicationSample> behind =
        List.of(
            sample("n1", 2, "master", "A", 500, 1, 2), sample("n2", 2, "slave", "A", 499, 0, 0));
    assertThat(NoResyncLoops.check(before, settled).verdict()).isEqualTo(Verdict.VALID);
    assertThat(NoResyncLoops.check(before, looping).reason()).contains("sync_full 1->2");
    assertThat(NoResyncLoops.check(before, behind).reason())
        .contains("offset 499 != master offset 500");
  }

  @Test
  void resyncsAfterAReplicationTimeoutInTheSettleWindowAreNotJudged() {
    List<ReplicationSample> before =
        List.of(
            sample("n1", 1, "master", "A", 500, 1, 2), sample("n2", 1, "slave", "A", 500, 0, 0));
    List<ReplicationSample> looping =
        List.of(
            sample("n1", 2, "master", "A", 500, 1, 4), sample("n2", 2, "slave", "A", 500, 0, 0));
    InvariantResult timedOut = NoResyncLoops.check(before, looping, List.of("n2"));
    assertThat(timedOut.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(timedOut.reason())
        .isEqualTo(
            "n1 served resyncs during the settle window: sync_full 1->1, sync_partial_ok 2->4,"
                + " after a replication timeout in the window (n2): a link silent for"
                + " repl-timeout, which a starved machine makes too; not judged");
    // without a timeout the same readings stay invalid, and a valid window stays valid
    assertThat(NoResyncLoops.check(before, looping, List.of()).verdict())
        .isEqualTo(Verdict.INVALID);
    assertThat(NoResyncLoops.check(before, before, List.of("n2")).verdict())
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void replicationTimeoutsAreReadFromBothSidesLogs() {
    List<ReplicationLog.Event> events =
        ReplicationLog.parse(
            "n2",
            List.of(
                "32134:S 07 Dec 2026 01:47:07.783 # MASTER timeout: no data nor PING received...",
                "32134:S 07 Dec 2026 01:47:07.784 # Disconnecting timedout replica (streaming"
                    + " sync): 127.0.0.1:34543",
                "32134:S 07 Dec 2026 01:47:07.784 # Connection with master lost."),
            java.time.ZoneOffset.UTC);
    assertThat(events)
        .extracting(ReplicationLog.Event::kind)
        .containsExactly(ReplicationLog.Kind.REPL_TIMEOUT, ReplicationLog.Kind.REPL_TIMEOUT);
    assertThat(events.get(0).wallMs())
        .isEqualTo(java.time.Instant.parse("2026-12-07T01:47:07.783Z").toEpochMilli());
  }

  @Test
  void replicaListsMustBePrefixesOfTheMastersList() {
    Map<String, Object> master = Map.of("l0", List.of(1L, 2L, 3L));
    assertThat(
            ReplicaPrefix.check(List.of(new ReplicaRead(7, "n2", "l0", List.of(1L, 2L), 4)), master)
                .verdict())
        .isEqualTo(Verdict.VALID);
    InvariantResult bad =
        ReplicaPrefix.check(List.of(new ReplicaRead(7, "n2", "l0", List.of(1L, 3L), 4)), master);
    assertThat(bad.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(bad.reason()).contains("read #4 on n2");
    assertThat(ReplicaPrefix.check(List.of(), master).verdict()).isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void aReplicaReadMayNotGoBackInTime() {
    List<ReplicaRead> forward =
        List.of(
            new ReplicaRead(7, "n2", "l0", List.of(1L), 1),
            new ReplicaRead(7, "n2", "l0", List.of(1L, 2L), 2),
            new ReplicaRead(7, "n2", "c0", 3L, 3),
            new ReplicaRead(7, "n2", "c0", 3L, 4));
    assertThat(MonotonicReplicaReads.check(forward).verdict()).isEqualTo(Verdict.VALID);
    List<ReplicaRead> back =
        List.of(
            new ReplicaRead(7, "n2", "l0", List.of(1L, 2L), 1),
            new ReplicaRead(7, "n2", "l0", List.of(1L), 2));
    assertThat(MonotonicReplicaReads.check(back).verdict()).isEqualTo(Verdict.INVALID);
    List<ReplicaRead> counterBack =
        List.of(new ReplicaRead(7, "n2", "c0", 5L, 1), new ReplicaRead(7, "n2", "c0", 4L, 2));
    assertThat(MonotonicReplicaReads.check(counterBack).verdict()).isEqualTo(Verdict.INVALID);
  }

  @Test
  void verdictsCombineToTheWorst() {
    assertThat(Verdict.VALID.and(Verdict.UNKNOWN)).isEqualTo(Verdict.UNKNOWN);
    assertThat(Verdict.UNKNOWN.and(Verdict.INVALID)).isEqualTo(Verdict.INVALID);
    assertThat(Verdict.VALID.and(Verdict.VALID)).isEqualTo(Verdict.VALID);
  }

  @Test
  void aCheckNotExercisedChangesNothingInTheRunsVerdict() {
    assertThat(Verdict.VALID.and(Verdict.NOT_EXERCISED)).isEqualTo(Verdict.VALID);
    assertThat(Verdict.NOT_EXERCISED.and(Verdict.INVALID)).isEqualTo(Verdict.INVALID);
    assertThat(Verdict.NOT_EXERCISED.and(Verdict.UNKNOWN)).isEqualTo(Verdict.UNKNOWN);
    assertThat(Verdict.NOT_EXERCISED.and(Verdict.NOT_EXERCISED)).isEqualTo(Verdict.NOT_EXERCISED);
    assertThat(Verdict.NOT_EXERCISED.wireName()).isEqualTo("not_exercised");
    assertThat(Verdict.NOT_EXERCISED.exitCode()).isEqualTo(2); // no evidence is not valid
  }
}
