package io.replicheck.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.checker.Verdict;
import io.replicheck.invariant.ReplicationLog.Decision;
import io.replicheck.invariant.ReplicationLog.Event;
import io.replicheck.invariant.ReplicationLog.Kind;
import io.replicheck.invariant.ReplicationSample.Backlog;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IS1, IS2 and FS4 from log lines redis-server 7.0 really writes, against INFO readings. */
class PsyncDecisionsTest {

  private static final String A = "74b470f6c9fa796e2dbd81e16774c9583c11704f";
  private static final String B = "ab91a37deeeeb88f7ffae1af1e57dabe37f6289a";
  private static final String ZERO = "0000000000000000000000000000000000000000";
  private static final long T = 1_800_000_000_000L;

  private static final List<String> MASTER_LOG =
      List.of(
          "3475:M 25 Nov 2026 09:15:38.175 * Replica 127.0.0.1:17002 asks for synchronization",
          "3475:M 25 Nov 2026 09:15:38.175 * Full resync requested by replica 127.0.0.1:17002",
          "3475:M 25 Nov 2026 09:15:39.204 * Replica 127.0.0.1:17002 asks for synchronization",
          "3475:M 25 Nov 2026 09:15:39.204 * Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '"
              + B
              + "', my replication IDs are '"
              + A
              + "' and '"
              + ZERO
              + "')",
          "3475:M 25 Nov 2026 09:15:41.000 * Partial resynchronization request from 127.0.0.1:17002 accepted. Sending 37 bytes of backlog starting from offset 88.",
          "3475:M 25 Nov 2026 09:15:42.000 * Unable to partial resync with replica 127.0.0.1:17002 for lack of backlog (Replica request was: 5).",
          "random noise that is not a log line");
  private static final List<String> REPLICA_LOG =
      List.of(
          "3481:S 25 Nov 2026 09:15:38.175 * Partial resynchronization not possible (no cached master)",
          "3481:S 25 Nov 2026 09:15:39.204 * Trying a partial resynchronization (request "
              + B
              + ":1).",
          "3481:S 25 Nov 2026 09:15:40.186 * Full resync from master: " + A + ":87",
          "3481:S 25 Nov 2026 09:15:40.188 * MASTER <-> REPLICA sync: Finished with success",
          "3481:S 25 Nov 2026 09:15:40.999 * Trying a partial resynchronization (request "
              + A
              + ":88).",
          "3481:S 25 Nov 2026 09:15:41.999 * Trying a partial resynchronization (request "
              + A
              + ":5).");

  @Test
  void parsesRedisLines() {
    List<Event> m = ReplicationLog.parse("n1", MASTER_LOG, ZoneOffset.UTC);
    assertThat(m)
        .extracting(Event::decision)
        .containsExactly(
            Decision.FULL_REQUESTED, Decision.ID_MISMATCH, Decision.CONTINUE, Decision.NO_BACKLOG);
    assertThat(m.get(1).replid()).isEqualTo(B);
    assertThat(m.get(1).replicaPort()).isEqualTo(17002);
    assertThat(m.get(2).offset()).isEqualTo(88);
    List<Event> r = ReplicationLog.parse("n2", REPLICA_LOG, ZoneOffset.UTC);
    assertThat(r)
        .extracting(Event::kind)
        .containsExactly(
            Kind.PSYNC_NO_HISTORY,
            Kind.PSYNC_REQUEST,
            Kind.FULL_RESYNC,
            Kind.SYNC_FINISHED,
            Kind.PSYNC_REQUEST,
            Kind.PSYNC_REQUEST);
    assertThat(r.get(2).offset()).isEqualTo(87);
  }

  private static Backlog reading(long fromMs, String replid, long first, long offset) {
    return new Backlog(
        fromMs, fromMs + 2, replid, ZERO, -1, offset, true, first, offset - first + 1);
  }

  private static long ms(String hhmmss) {
    return java.time.LocalDateTime.parse("2026-11-25T" + hhmmss)
        .toInstant(ZoneOffset.UTC)
        .toEpochMilli();
  }

  private static List<Event> events() {
    List<Event> all = new ArrayList<>(ReplicationLog.parse("n1", MASTER_LOG, ZoneOffset.UTC));
    all.addAll(ReplicationLog.parse("n2", REPLICA_LOG, ZoneOffset.UTC));
    return all;
  }

  @Test
  void decisionsRedisWouldMakeAreValid() {
    // n1 has replid A, backlog [50, 130] around 09:15:41, so CONTINUE at 88 is right, and at
    // 09:15:42 the backlog starts at 60, so offset 5 is rightly refused.
    Map<String, List<Backlog>> readings =
        Map.of(
            "n1",
            List.of(
                reading(ms("09:15:39.000"), A, 1, 87), reading(ms("09:15:39.500"), A, 1, 87),
                reading(ms("09:15:40.900"), A, 50, 120), reading(ms("09:15:41.100"), A, 50, 130),
                reading(ms("09:15:41.900"), A, 60, 130), reading(ms("09:15:42.100"), A, 60, 140)));
    List<InvariantResult> r = PsyncDecisions.check(events(), Map.of(17002, "n2"), readings, 3);
    assertThat(r)
        .extracting(InvariantResult::verdict)
        .containsExactly(Verdict.VALID, Verdict.VALID);
    assertThat(r.get(0).reason()).contains("4 PSYNC decisions", "4 judged");
  }

  @Test
  void continueOutsideTheBacklogBreaksIs2() {
    Map<String, List<Backlog>> readings =
        Map.of(
            "n1",
            List.of(
                reading(ms("09:15:40.900"), A, 100, 120),
                reading(ms("09:15:41.100"), A, 100, 130)));
    List<InvariantResult> r = PsyncDecisions.check(events(), Map.of(17002, "n2"), readings, 3);
    assertThat(r.get(1).verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.get(1).reason()).contains("CONTINUE", "n2's PSYNC " + A + " 88");
  }

  @Test
  void continueForAnUnknownReplidBreaksIs2() {
    Map<String, List<Backlog>> readings =
        Map.of(
            "n1",
            List.of(
                reading(ms("09:15:40.900"), B, 1, 120), reading(ms("09:15:41.100"), B, 1, 130)));
    assertThat(PsyncDecisions.check(events(), Map.of(17002, "n2"), readings, 3).get(1).verdict())
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void refusingWhatTheBacklogHoldsBreaksIs1() {
    // at 09:15:42 the backlog still starts at 1: offset 5 could have been served
    Map<String, List<Backlog>> readings =
        Map.of(
            "n1",
            List.of(
                reading(ms("09:15:41.900"), A, 1, 130), reading(ms("09:15:42.100"), A, 1, 140)));
    List<InvariantResult> r = PsyncDecisions.check(events(), Map.of(17002, "n2"), readings, 3);
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.get(0).reason()).contains("FULLRESYNC (no_backlog)");
  }

  @Test
  void decisionsNoReadingBracketsLeaveIs1AndIs2NotExercised() {
    List<InvariantResult> r = PsyncDecisions.check(events(), Map.of(17002, "n2"), Map.of(), 3);
    assertThat(r)
        .extracting(InvariantResult::verdict)
        .containsExactly(Verdict.NOT_EXERCISED, Verdict.NOT_EXERCISED);
    // only PSYNC ? -1 needs no reading, and it proves nothing about the backlog
    assertThat(r.get(0).reason()).contains("1 judged", "0 bracketed by readings");
  }

  /** A replica with no history (it logged "no cached master") that its master told CONTINUE. */
  private static final List<String> CONTINUE_WITHOUT_HISTORY_MASTER =
      List.of(
          "3475:M 25 Nov 2026 09:16:00.010 * Replica 127.0.0.1:17003 asks for synchronization",
          "3475:M 25 Nov 2026 09:16:00.011 * Partial resynchronization request from 127.0.0.1:17003 accepted. Sending 0 bytes of backlog starting from offset 141.");

  private static final List<String> CONTINUE_WITHOUT_HISTORY_REPLICA =
      List.of(
          "3490:S 25 Nov 2026 09:16:00.009 * Partial resynchronization not possible (no cached master)",
          "3490:S 25 Nov 2026 09:16:00.012 * Successful partial resynchronization with master.");

  private static List<Event> continueWithoutHistory() {
    List<Event> all = events();
    all.addAll(ReplicationLog.parse("n1", CONTINUE_WITHOUT_HISTORY_MASTER, ZoneOffset.UTC));
    all.addAll(ReplicationLog.parse("n3", CONTINUE_WITHOUT_HISTORY_REPLICA, ZoneOffset.UTC));
    return all;
  }

  @Test
  void continueToPsyncQuestionMarkBreaksIs2WithoutAnyReading() {
    List<InvariantResult> r =
        PsyncDecisions.check(
            continueWithoutHistory(), Map.of(17002, "n2", 17003, "n3"), Map.of(), 4);
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.NOT_EXERCISED);
    assertThat(r.get(1).verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.get(1).reason())
        .contains("n1 answered n3's PSYNC ? -1", "no cached master", "with CONTINUE");
  }

  @Test
  void aContinueAfterTheReplicaSyncedAgainIsNotTakenForPsyncQuestionMark() {
    // n2 logged "no cached master" at 09:15:38, then synced and asked A:88: that CONTINUE is fine
    Map<String, List<Backlog>> readings =
        Map.of(
            "n1",
            List.of(
                reading(ms("09:15:40.900"), A, 50, 120), reading(ms("09:15:41.100"), A, 50, 130)));
    List<InvariantResult> r = PsyncDecisions.check(events(), Map.of(17002, "n2"), readings, 3);
    assertThat(r.get(1).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void resyncsWithoutReadableLogsAreUnknown() {
    assertThat(PsyncDecisions.check(List.of(), Map.of(), Map.of(), 2))
        .extracting(InvariantResult::verdict)
        .containsExactly(Verdict.UNKNOWN, Verdict.UNKNOWN);
  }

  private static ReplicationSample replica(long fromMs, String replid, long offset) {
    return new ReplicationSample(
        "n2",
        0,
        "slave",
        replid,
        offset,
        true,
        0,
        0,
        0,
        new Backlog(fromMs, fromMs + 1, replid, ZERO, -1, offset, true, 1, offset));
  }

  @Test
  void fs4HoldsWhenTheReplicaContinuesFromTheSnapshotOffset() {
    assertThat(
            FullSyncOffsets.check(events(), List.of(replica(ms("09:15:40.500"), A, 90))).verdict())
        .isEqualTo(Verdict.VALID);
    InvariantResult bad =
        FullSyncOffsets.check(events(), List.of(replica(ms("09:15:40.500"), A, 3)));
    assertThat(bad.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(bad.reason()).contains("offset 87", "offset 3");
  }

  @Test
  void fs4SkipsReadingsWithTheLinkDown() {
    // dropped again (output buffer overflow) and in its next full sync: redis reports offset 1
    ReplicationSample r = replica(ms("09:15:40.500"), A, 1);
    ReplicationSample syncing =
        new ReplicationSample(
            r.node(), r.time(), r.role(), r.replid(), 1, false, 0, 0, 0, r.backlog());
    assertThat(FullSyncOffsets.check(events(), List.of(syncing)).verdict())
        .isEqualTo(Verdict.NOT_EXERCISED);
    assertThat(
            FullSyncOffsets.check(events(), List.of(syncing, replica(ms("09:15:41.500"), A, 90)))
                .verdict())
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void fs4WithNoFullSyncOrNoReadingAfterItIsNotExercised() {
    InvariantResult none = FullSyncOffsets.check(List.of(), List.of());
    assertThat(none.verdict()).isEqualTo(Verdict.NOT_EXERCISED);
    assertThat(none.reason()).contains("no full sync finished");
    InvariantResult unread = FullSyncOffsets.check(events(), List.of());
    assertThat(unread.verdict()).isEqualTo(Verdict.NOT_EXERCISED);
    assertThat(unread.reason()).contains("no reading");
  }
}
