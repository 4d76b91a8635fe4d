package io.replicheck.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.checker.Verdict;
import io.replicheck.invariant.AppendWindows.Append;
import io.replicheck.invariant.ReplicationLog.Decision;
import io.replicheck.invariant.ReplicationLog.Event;
import io.replicheck.invariant.ReplicationLog.Kind;
import io.replicheck.invariant.ReplicationSample.Backlog;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** FS2, FS3 and IS3 as direct checks, on hand-made observations. */
class SyncWindowsTest {
  private static final String A = "74b470f6c9fa796e2dbd81e16774c9583c11704f";
  private static final long T = 1_800_000_000_000L;
  private static final Map<Integer, String> PORTS = Map.of(7001, "n1", 7002, "n2");

  private static Event ev(String node, long ms, Kind kind) {
    return new Event(node, ms, kind, null, -1, null, -1);
  }

  /** n2 full-syncs from T+100 (snapshot) to T+1100 (loaded). */
  private static List<Event> fullSync() {
    return List.of(
        new Event("n2", T + 100, Kind.FULL_RESYNC, null, -1, A, 500),
        ev("n2", T + 1100, Kind.SYNC_FINISHED));
  }

  /** Appends 1..6 to "l1", acknowledged at T+0, T+300, ..., T+1500. */
  private static List<Append> appends() {
    List<Append> out = new ArrayList<>();
    for (int i = 1; i <= 6; i++) out.add(new Append("l1", i, T + (i - 1) * 300L));
    return out;
  }

  private static Map<String, NodeState> finals(List<Long> master, List<Long> replica) {
    Map<String, NodeState> m = new LinkedHashMap<>();
    m.put("n1", new NodeState("n1", "master", "d", Map.of("l1", master), 900));
    m.put("n2", new NodeState("n2", "replica", "d", Map.of("l1", replica), 900));
    return m;
  }

  private static InvariantResult fs3(List<Long> replica) {
    List<Long> master = List.of(1L, 2L, 3L, 4L, 5L, 6L);
    return SnapshotWrites.check(
        fullSync(), appends(), Map.of("l1", master), finals(master, replica), Set.of("n2"));
  }

  @Test
  void snapshotWritesThatAllArriveOnceInOrderAreValid() {
    InvariantResult r = fs3(List.of(1L, 2L, 3L, 4L, 5L, 6L));
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    assertThat(r.reason()).contains("1 full syncs", "all 3 of their values");
  }

  @Test
  void aWriteLostDuringTheSnapshotIsAHoleNamedByKeyAndValue() {
    InvariantResult r = fs3(List.of(1L, 2L, 4L, 5L, 6L));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason()).contains("n2 l1", "[3] missing");
  }

  @Test
  void aWriteAppliedTwiceDuringTheSnapshotIsADuplicate() {
    InvariantResult r = fs3(List.of(1L, 2L, 3L, 3L, 4L, 5L, 6L));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason()).contains("[3] applied more than once");
  }

  @Test
  void writesOfTheSnapshotInAnotherOrderAreReordered() {
    InvariantResult r = fs3(List.of(1L, 2L, 4L, 3L, 5L, 6L));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason()).contains("another order", "[2, 4, 3]", "[2, 3, 4]");
  }

  @Test
  void holesOutsideEveryWindowAreNotThisInvariants() {
    // value 6 (acknowledged at T+1500, after the load) is missing: FS1's to see, not FS3's
    assertThat(fs3(List.of(1L, 2L, 3L, 4L, 5L)).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void aReplicaThatDidNotConvergeIsJudgedUpToWhatItReached() {
    List<Long> master = List.of(1L, 2L, 3L, 4L, 5L, 6L);
    // lagging: it has 1 only, so lacking 2, 3, 4 may be lag, not loss
    InvariantResult lag =
        SnapshotWrites.check(
            fullSync(), appends(), Map.of("l1", master), finals(master, List.of(1L)), Set.of());
    assertThat(lag.verdict()).isEqualTo(Verdict.NOT_EXERCISED);
    assertThat(lag.reason()).contains("did not converge");
    // stuck, but it holds 5: then 3 (acknowledged during the snapshot) is a hole, not lag
    InvariantResult hole =
        SnapshotWrites.check(
            fullSync(),
            appends(),
            Map.of("l1", master),
            finals(master, List.of(1L, 2L, 4L, 5L)),
            Set.of());
    assertThat(hole.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(hole.reason()).contains("[3] missing");
  }

  @Test
  void noFullSyncOrNoAppendsIsNotExercised() {
    List<Long> master = List.of(1L, 2L, 3L);
    assertThat(
            SnapshotWrites.check(
                    List.of(),
                    appends(),
                    Map.of("l1", master),
                    finals(master, master),
                    Set.of("n2"))
                .verdict())
        .isEqualTo(Verdict.NOT_EXERCISED);
    InvariantResult none =
        SnapshotWrites.check(
            fullSync(), List.of(), Map.of("l1", master), finals(master, master), Set.of("n2"));
    assertThat(none.verdict()).isEqualTo(Verdict.NOT_EXERCISED);
    assertThat(none.reason()).contains("no list append");
  }

  @Test
  void fullSyncWindowsComeFromRedisLogLines() {
    List<Event> events =
        ReplicationLog.parse(
            "n2",
            List.of(
                "1:S 25 Nov 2026 09:15:38.100 * Server initialized",
                "1:S 25 Nov 2026 09:15:40.186 * Full resync from master: " + A + ":87",
                "1:S 25 Nov 2026 09:15:41.188 * MASTER <-> REPLICA sync: Finished with success",
                "1:S 25 Nov 2026 09:15:42.000 * MASTER MODE enabled (user request from 'id=5')"),
            ZoneOffset.UTC);
    assertThat(events)
        .extracting(Event::kind)
        .containsExactly(
            Kind.SERVER_STARTED, Kind.FULL_RESYNC, Kind.SYNC_FINISHED, Kind.MASTER_MODE);
    assertThat(SnapshotWrites.windows(events)).hasSize(1);
    assertThat(
            SnapshotWrites.windows(events).get(0).toMs()
                - SnapshotWrites.windows(events).get(0).fromMs())
        .isEqualTo(1002 + 2 * SnapshotWrites.SLACK_MS);
  }

  // IS3

  private static ReplicationSample replicaReading(long ms, long offset, boolean up) {
    Backlog b = new Backlog(ms, ms + 1, A, "0", -1, offset, true, 1, offset);
    return new ReplicationSample("n2", 0, "slave", A, offset, up, 0, 0, 0, b);
  }

  /** n2's link drops after T+0; it asks to continue from {@code asked} at T+2000. */
  private static List<Event> continued(long asked) {
    return List.of(
        new Event("n2", T + 2000, Kind.PSYNC_REQUEST, null, -1, A, asked),
        new Event("n1", T + 2001, Kind.PSYNC_DECISION, Decision.CONTINUE, 7002, null, asked));
  }

  private static InvariantResult is3(long asked, List<Long> replica, List<Event> extra) {
    List<Long> master = List.of(1L, 2L, 3L, 4L, 5L, 6L);
    List<Event> events = new ArrayList<>(continued(asked));
    events.addAll(extra);
    return ContinueWrites.check(
        events,
        PORTS,
        List.of(replicaReading(T - 500, 400, true), replicaReading(T + 1000, 400, false)),
        appends(),
        Map.of("l1", master),
        finals(master, replica),
        Set.of("n2"));
  }

  @Test
  void aContinueFromTheNextByteWithEveryWriteOnceIsValid() {
    InvariantResult r = is3(401, List.of(1L, 2L, 3L, 4L, 5L, 6L), List.of());
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void askingForABytesAlreadyAppliedIsCaughtFromTheReplicasOwnReading() {
    InvariantResult r = is3(400, List.of(1L, 2L, 3L, 4L, 5L, 6L), List.of());
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason()).contains("from offset 400", "applied up to offset 400", "applied twice");
  }

  @Test
  void aRestartBetweenReadingAndRequestExcusesAnOlderOffset() {
    // a replica back from its last snapshot resumes from that snapshot's offset, legitimately
    InvariantResult r =
        is3(300, List.of(1L, 2L, 3L, 4L, 5L, 6L), List.of(ev("n2", T + 1500, Kind.SERVER_STARTED)));
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void aValueAppliedTwiceAroundAContinueIsCaught() {
    // window: from the last reading with the link up (T-500) to a second after the CONTINUE
    InvariantResult r = is3(401, List.of(1L, 2L, 3L, 4L, 4L, 5L, 6L), List.of());
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason()).contains("[4] applied more than once", "CONTINUE from offset 401");
  }

  @Test
  void aValueLostAroundAContinueIsCaught() {
    InvariantResult r = is3(401, List.of(1L, 2L, 3L, 5L, 6L), List.of());
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason()).contains("[4] missing");
  }

  @Test
  void noContinueIsNotExercised() {
    List<Long> master = List.of(1L);
    InvariantResult r =
        ContinueWrites.check(
            fullSync(),
            PORTS,
            List.of(),
            appends(),
            Map.of("l1", master),
            finals(master, master),
            Set.of("n2"));
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_EXERCISED);
    assertThat(r.reason()).contains("no PSYNC was answered with CONTINUE");
  }

  // FS2

  private static Map<String, NodeState> roles() {
    Map<String, NodeState> m = new LinkedHashMap<>();
    m.put("n1", new NodeState("n1", "master", "d", Map.of(), 900));
    m.put("n2", new NodeState("n2", "replica", "d", Map.of(), 900));
    return m;
  }

  /** n2 is promoted on its own at T, then full-syncs from T+100 to T+1100. */
  private static List<Event> strayThenFullSync() {
    List<Event> events = new ArrayList<>();
    events.add(ev("n2", T, Kind.MASTER_MODE));
    events.addAll(fullSync());
    return events;
  }

  @Test
  void aMarkerKeptThroughAFullSyncIsOldDataNotFlushed() {
    InvariantResult r =
        FlushBeforeLoad.check(
            strayThenFullSync(),
            PORTS,
            "n1",
            roles(),
            Map.of(
                "n1", Set.of("replicheck:p4"), "n2", Set.of("replicheck:stray", "replicheck:p4")),
            Set.of("n2"));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason()).contains("n2 still holds [replicheck:stray]", "master mode from");
  }

  @Test
  void aFullSyncOverOwnDataThatKeptNothingIsValid() {
    InvariantResult r =
        FlushBeforeLoad.check(
            strayThenFullSync(), PORTS, "n1", roles(), Map.of("n2", Set.of()), Set.of("n2"));
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void aFirstSyncOrAContinueAfterwardsIsNotJudged() {
    // a fresh replica's first full sync: it never had data of its own
    assertThat(
            FlushBeforeLoad.check(
                    fullSync(),
                    PORTS,
                    "n1",
                    roles(),
                    Map.of("n2", Set.of("replicheck:x")),
                    Set.of("n2"))
                .verdict())
        .isEqualTo(Verdict.NOT_EXERCISED);
    // its last sync was a CONTINUE: keeping its data is then right (or IS2's violation)
    List<Event> events = new ArrayList<>(strayThenFullSync());
    events.add(new Event("n1", T + 5000, Kind.PSYNC_DECISION, Decision.CONTINUE, 7002, null, 9));
    assertThat(
            FlushBeforeLoad.check(
                    events,
                    PORTS,
                    "n1",
                    roles(),
                    Map.of("n2", Set.of("replicheck:x")),
                    Set.of("n2"))
                .verdict())
        .isEqualTo(Verdict.NOT_EXERCISED);
  }

  @Test
  void theFirstMasterDemotedAndFullSyncedIsJudged() {
    Map<String, NodeState> m = new LinkedHashMap<>();
    m.put("n2", new NodeState("n2", "master", "d", Map.of(), 900));
    m.put("n1", new NodeState("n1", "replica", "d", Map.of(), 900));
    List<Event> events =
        List.of(
            new Event("n1", T + 100, Kind.FULL_RESYNC, null, -1, A, 500),
            ev("n1", T + 200, Kind.SYNC_FINISHED));
    InvariantResult r =
        FlushBeforeLoad.check(
            events, PORTS, "n1", m, Map.of("n1", Set.of("replicheck:split-brain")), Set.of("n1"));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason()).contains("it was the first master");
  }

  // P4 before every fault

  @Test
  void waitCountsTheReplicasWhoseAcknowledgedOffsetCoversTheMarker() {
    Map<String, Long> acks = Map.of("n2", 120L, "n3", 80L);
    assertThat(WaitAcknowledged.countedBy(1, 2, acks, 100)).containsExactly("n2");
    assertThat(WaitAcknowledged.countedBy(2, 2, acks, 100)).containsExactlyInAnyOrder("n2", "n3");
    assertThat(WaitAcknowledged.countedBy(0, 2, Map.of("n3", 80L), 100)).isEmpty();
  }

  @Test
  void aCountedReplicaWithoutTheMarkerBreaksP4EvenWhenWaitCountedFewer() {
    InvariantResult r =
        WaitSurvivesFailover.check(
            List.of(
                WaitAcknowledged.counted("replicheck:p4-fault:0", 1, 2, "n2", true),
                WaitAcknowledged.counted("replicheck:p4-fault:1", 1, 2, "n2", false)));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason()).contains("p4-fault:1", "n2 lacked it when read right after WAIT");
    assertThat(
            WaitSurvivesFailover.check(
                    List.of(WaitAcknowledged.counted("replicheck:p4-fault:0", 1, 2, "n2", true)))
                .verdict())
        .isEqualTo(Verdict.VALID);
  }
}
