package io.replicheck.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.checker.Verdict;
import io.replicheck.history.EventType;
import io.replicheck.invariant.ReplicationLog.Decision;
import io.replicheck.invariant.ReplicationLog.Event;
import io.replicheck.invariant.ReplicationLog.Kind;
import io.replicheck.invariant.ReplicationSample.Backlog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IS1 across a persisting master restart: the master must come back knowing its replid. */
class RestartHistoryTest {

  private static final String A = "74b470f6c9fa796e2dbd81e16774c9583c11704f";
  private static final String B = "ab91a37deeeeb88f7ffae1af1e57dabe37f6289a";
  private static final String ZERO = "0000000000000000000000000000000000000000";
  private static final long T = 1_800_000_000_000L;
  private static final long S = 1_000_000_000L;

  private static io.replicheck.history.Event nemesis(long index, String f, String value, long t) {
    return new io.replicheck.history.Event(
        index,
        io.replicheck.history.Event.NEMESIS,
        EventType.INVOKE,
        f,
        null,
        value,
        t,
        null,
        null,
        0);
  }

  private static final List<io.replicheck.history.Event> HISTORY =
      List.of(
          nemesis(1, "start", "restart", 1 * S),
          nemesis(2, "stop", "restart n1 (master), SHUTDOWN SAVE", 3 * S));

  private static ReplicationSample master(
      long t, String replid, String replid2, long second, long offset) {
    long wall = T + t / 1_000_000;
    return new ReplicationSample(
        "n1",
        t,
        "master",
        replid,
        offset,
        false,
        1,
        0,
        0,
        new Backlog(wall, wall + 1, replid, replid2, second, offset, true, 1, offset));
  }

  private static final ReplicationSample BEFORE = master(S / 2, A, ZERO, -1, 100);

  /** n2 asked n1 for A:101 after the restart and was refused. */
  private static final List<Event> REFUSED =
      List.of(
          new Event("n1", T + 1500, Kind.FINAL_SAVE, null, -1, null, -1),
          new Event("n2", T + 4000, Kind.PSYNC_REQUEST, null, -1, A, 101),
          new Event("n1", T + 4001, Kind.PSYNC_DECISION, Decision.ID_MISMATCH, 7002, A, -1));

  private static List<RestartHistory> restarts(ReplicationSample after, List<Event> events) {
    return RestartHistory.of(
        HISTORY, List.of(BEFORE, after), events, Map.of(7002, "n2"), node -> true);
  }

  @Test
  void aMasterThatForgotItsReplidAndRefusedItsReplicaBreaksIs1() {
    InvariantResult is1 = InvariantResult.valid("IS1", "name", "3 decisions judged");
    InvariantResult r =
        RestartHistory.foldInto(is1, restarts(master(4 * S, B, ZERO, -1, 0), REFUSED));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason())
        .contains("n1 restarted with persistence", "replid " + A, "up to offset 100")
        .contains("n2's PSYNC " + A + " 101 got FULLRESYNC (id_mismatch)")
        .contains("should have been CONTINUE");
  }

  @Test
  void aMasterThatKeptItsReplidAsReplid2IsEvidenceForIs1() {
    InvariantResult is1 = InvariantResult.notExercised("IS1", "name", "0 bracketed");
    InvariantResult r =
        RestartHistory.foldInto(
            is1, restarts(master(4 * S, B, A, 101, 100), REFUSED.subList(0, 1)));
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    assertThat(r.reason()).contains("1 persisting master restart(s): 1 kept the replid and offset");
  }

  @Test
  void aShutdownThatLoggedNoFinalSaveIsNotJudged() {
    assertThat(restarts(master(4 * S, B, ZERO, -1, 0), REFUSED.subList(1, 3))).isEmpty();
  }

  @Test
  void replid2ValidOnlyBeforeTheOffsetItStoppedAtIsNotKept() {
    assertThat(restarts(master(4 * S, B, A, 50, 100), REFUSED).get(0).kept()).isFalse();
  }

  @Test
  void aLostHistoryNoReplicaAskedForLeavesIs1AsItWas() {
    InvariantResult is1 = InvariantResult.valid("IS1", "name", "3 decisions judged");
    InvariantResult r =
        RestartHistory.foldInto(
            is1, restarts(master(4 * S, B, ZERO, -1, 0), REFUSED.subList(0, 1)));
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    assertThat(r.reason()).contains("1 lost them but no replica asked for them");
  }

  @Test
  void aMasterWithAnAppendOnlyFileIsNotExpectedToKeepItsReplid() {
    List<RestartHistory> r =
        RestartHistory.of(
            HISTORY,
            List.of(BEFORE, master(4 * S, B, ZERO, -1, 0)),
            REFUSED,
            Map.of(7002, "n2"),
            node -> false);
    assertThat(r).isEmpty();
  }

  @Test
  void aReplicaRestartIsNotJudged() {
    List<io.replicheck.history.Event> replicaRestart =
        List.of(nemesis(1, "start", "restart", S), nemesis(2, "stop", "restart n2 (leaf)", 3 * S));
    assertThat(
            RestartHistory.of(
                replicaRestart, List.of(BEFORE), REFUSED, Map.of(7002, "n2"), node -> true))
        .isEmpty();
  }
}
