package io.replicheck.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.core.ManualClock;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplicationMasterTest {
  private final ManualClock clock = new ManualClock(1_000_000);
  private final RecordingLog log = new RecordingLog();
  private ReplicationSettings settings;
  private ReplicationIds ids;

  @BeforeEach
  void setUp() {
    settings = new ReplicationSettings();
    ids = new ReplicationIds(new Random(7));
  }

  private ReplicationMaster master(BugSwitch bugs) {
    return new ReplicationMaster(ids, settings, bugs, clock, log);
  }

  private static ReplicationMaster.ReplicaHandshake who(long id) {
    return new ReplicationMaster.ReplicaHandshake(id, "127.0.0.1", 7000 + (int) id, true, true);
  }

  private static byte[] set(String k, String v) {
    return RespCommands.encode("SET", k, v);
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  @Test
  void nothingIsPropagatedBeforeTheFirstReplica() {
    ReplicationMaster m = master(new BugSwitch());
    m.feed(0, RespCommands.args("SET", "k", "v"));
    assertThat(m.masterReplOffset()).isZero();
    assertThat(m.backlog()).isNull();
  }

  @Test
  void firstFullSyncCreatesBacklogWithFreshIds() {
    ReplicationMaster m = master(new BugSwitch());
    ids.shiftReplicationId(0);
    String before = ids.replid();
    PsyncDecision d = m.sync(who(1), "?", -1, new RecordingOutput());
    assertThat(d.outcome()).isEqualTo(PsyncDecision.Outcome.FULLRESYNC);
    assertThat(m.backlog()).isNotNull();
    assertThat(ids.replid()).isNotEqualTo(before);
    assertThat(ids.replid2()).isEqualTo(ReplicationIds.ZERO_ID);
    assertThat(m.statSyncFull()).isEqualTo(1);
    assertThat(m.statSyncPartialErr()).isZero();
    assertThat(m.replica(1).state()).isEqualTo(ReplicaClientState.WAIT_BGSAVE_START);
    assertThat(log.contains("Replication backlog created")).isTrue();
  }

  /** FS3: writes during the snapshot reach the replica once, in order, right after it. */
  @Test
  void writesDuringSnapshotFollowItExactlyOnceInOrder() {
    ReplicationMaster m = master(new BugSwitch());
    m.sync(who(1), "?", -1, new RecordingOutput());
    RecordingOutput out = new RecordingOutput();
    m.sync(who(2), "?", -1, out);
    m.feed(0, RespCommands.args("SET", "before", "1"));
    long atSnapshot = m.masterReplOffset();
    assertThat(m.fullSync().shouldStartSnapshot()).isFalse(); // diskless delay of 5 s
    clock.advance(5000);
    assertThat(m.fullSync().shouldStartSnapshot()).isTrue();
    assertThat(m.fullSync().startSnapshot(true)).hasSize(2);
    assertThat(m.fullSync().snapshotInProgress()).isTrue();
    m.feed(0, RespCommands.args("SET", "a", "1"));
    m.feed(5, RespCommands.args("SET", "b", "2"));
    ReplicaClient r = m.replica(2);
    assertThat(r.state()).isEqualTo(ReplicaClientState.WAIT_BGSAVE_END);
    assertThat(r.snapshotOffset()).isEqualTo(atSnapshot);
    assertThat(out.text()).isEqualTo("+FULLRESYNC " + ids.replid() + " " + atSnapshot + "\r\n");
    m.fullSync().sendingSnapshot(r);
    assertThat(r.state()).isEqualTo(ReplicaClientState.SEND_BULK);
    m.fullSync().sendSnapshotBytes(r, "$3\r\nRDB".getBytes(StandardCharsets.US_ASCII));
    m.feed(5, RespCommands.args("SET", "c", "3"));
    m.fullSync().snapshotDelivered(r, false);
    m.fullSync().snapshotFinished();
    m.feed(5, RespCommands.args("SET", "d", "4"));
    String expected =
        "+FULLRESYNC "
            + ids.replid()
            + " "
            + atSnapshot
            + "\r\n$3\r\nRDB"
            + s(RespCommands.encode("SELECT", "0"))
            + s(set("a", "1"))
            + s(RespCommands.encode("SELECT", "5"))
            + s(set("b", "2"))
            + s(set("c", "3"))
            + s(set("d", "4"));
    assertThat(out.text()).isEqualTo(expected);
    assertThat(r.state()).isEqualTo(ReplicaClientState.ONLINE);
    assertThat(r.sentOffset()).isEqualTo(m.masterReplOffset());
    // The stream after the snapshot is exactly the backlog from the snapshot offset on (FS4).
    String afterSnapshot = s(m.backlog().copyFrom(atSnapshot + 1));
    assertThat(out.text()).endsWith(afterSnapshot);
  }

  /** SYNC gets no +FULLRESYNC line; an rdb-only client (redis-cli --rdb) only the snapshot. */
  @Test
  void syncAndRdbOnlyClients() {
    ReplicationMaster m = master(new BugSwitch());
    RecordingOutput out = new RecordingOutput();
    m.sync(
        new ReplicationMaster.ReplicaHandshake(1, "127.0.0.1", 0, true, false, true), null, 0, out);
    assertThat(m.statSyncFull()).isEqualTo(1);
    clock.advance(5000);
    m.fullSync().startSnapshot(false);
    assertThat(out.text()).isEmpty();
    ReplicaClient r = m.replica(1);
    m.fullSync().sendSnapshotBytes(r, "$EOF:snapshot".getBytes(StandardCharsets.US_ASCII));
    m.feed(0, RespCommands.args("SET", "a", "1"));
    m.fullSync().snapshotDelivered(r, true);
    m.feed(0, RespCommands.args("SET", "b", "2"));
    assertThat(out.text()).isEqualTo("$EOF:snapshot");
    assertThat(out.closedBecause).contains("rdb-only");
    assertThat(m.replicas()).isEmpty();
  }

  @Test
  void disklessHoldsStreamUntilFirstAck() {
    ReplicationMaster m = master(new BugSwitch());
    RecordingOutput out = new RecordingOutput();
    m.sync(who(1), "?", -1, out);
    clock.advance(5000);
    m.fullSync().startSnapshot(false);
    m.feed(0, RespCommands.args("SET", "a", "1"));
    ReplicaClient r = m.replica(1);
    m.fullSync().sendSnapshotBytes(r, "$EOF:xyz".getBytes(StandardCharsets.US_ASCII));
    m.fullSync().snapshotDelivered(r, true);
    m.feed(0, RespCommands.args("SET", "b", "2"));
    assertThat(r.state()).isEqualTo(ReplicaClientState.ONLINE);
    assertThat(out.text()).endsWith("$EOF:xyz");
    m.ack(1, r.snapshotOffset());
    assertThat(out.text())
        .endsWith(
            "$EOF:xyz"
                + s(RespCommands.encode("SELECT", "0"))
                + s(set("a", "1"))
                + s(set("b", "2")));
  }

  @Test
  void secondReplicaSharesDiskSnapshotInProgress() {
    settings.replDisklessSync(false);
    ReplicationMaster m = master(new BugSwitch());
    RecordingOutput out1 = new RecordingOutput();
    m.sync(who(1), "?", -1, out1);
    assertThat(m.fullSync().shouldStartSnapshot()).isTrue();
    m.fullSync().startSnapshot(true);
    m.feed(0, RespCommands.args("SET", "a", "1"));
    RecordingOutput out2 = new RecordingOutput();
    m.sync(who(2), "?", -1, out2);
    ReplicaClient r2 = m.replica(2);
    assertThat(r2.state()).isEqualTo(ReplicaClientState.WAIT_BGSAVE_END);
    assertThat(r2.snapshotOffset()).isEqualTo(m.replica(1).snapshotOffset());
    m.feed(0, RespCommands.args("SET", "b", "2"));
    m.fullSync().snapshotDelivered(m.replica(1), false);
    m.fullSync().snapshotDelivered(r2, false);
    String tail1 = out1.text().substring(out1.text().indexOf("\r\n") + 2);
    String tail2 = out2.text().substring(out2.text().indexOf("\r\n") + 2);
    assertThat(tail2).isEqualTo(tail1).contains(s(set("a", "1")), s(set("b", "2")));
  }

  @Test
  void psyncContinuesWithTheMissingBytes() {
    ReplicationMaster m = master(new BugSwitch());
    m.sync(who(1), "?", -1, new RecordingOutput());
    m.feed(0, RespCommands.args("SET", "a", "1"));
    long offset = m.masterReplOffset();
    m.feed(0, RespCommands.args("SET", "b", "2"));
    m.replicaDisconnected(1);
    RecordingOutput out = new RecordingOutput();
    PsyncDecision d = m.sync(who(1), ids.replid(), offset + 1, out);
    assertThat(d.isContinue()).isTrue();
    assertThat(out.text()).isEqualTo("+CONTINUE " + ids.replid() + "\r\n" + s(set("b", "2")));
    assertThat(m.statSyncPartialOk()).isEqualTo(1);
    m.feed(0, RespCommands.args("SET", "c", "3"));
    assertThat(out.text()).endsWith(s(set("b", "2")) + s(set("c", "3")));
    assertThat(m.replica(1).state()).isEqualTo(ReplicaClientState.ONLINE);
    assertThat(log.contains("Partial resynchronization request from 127.0.0.1:7001 accepted"))
        .isTrue();
  }

  @Test
  void oldReplicaWithoutPsync2GetsBareContinue() {
    ReplicationMaster m = master(new BugSwitch());
    m.sync(who(1), "?", -1, new RecordingOutput());
    RecordingOutput out = new RecordingOutput();
    m.sync(
        new ReplicationMaster.ReplicaHandshake(2, "127.0.0.1", 0, false, false),
        ids.replid(),
        1,
        out);
    assertThat(out.text()).isEqualTo("+CONTINUE\r\n");
  }

  @Test
  void failedPsyncCountsAsPartialError() {
    ReplicationMaster m = master(new BugSwitch());
    m.sync(who(1), "?", -1, new RecordingOutput());
    PsyncDecision d = m.sync(who(2), "e".repeat(40), 1, new RecordingOutput());
    assertThat(d.reason()).isEqualTo(PsyncDecision.Reason.REPLID_MISMATCH);
    assertThat(m.statSyncPartialErr()).isEqualTo(1);
    assertThat(m.statSyncFull()).isEqualTo(2);
  }

  @Test
  void aReplicaWithNoHistoryGetsAFullResyncEvenWhenABacklogExists() {
    ReplicationMaster m = master(new BugSwitch());
    m.sync(who(1), "?", -1, new RecordingOutput());
    m.feed(0, RespCommands.args("SET", "a", "1"));
    PsyncDecision d = m.sync(who(2), "?", -1, new RecordingOutput());
    assertThat(d.outcome()).isEqualTo(PsyncDecision.Outcome.FULLRESYNC);
    assertThat(d.reason()).isEqualTo(PsyncDecision.Reason.FULL_RESYNC_REQUESTED);
  }

  @Test
  void continueWithoutHistoryAnswersPsyncQuestionMarkWithContinue() {
    ReplicationMaster m = master(BugSwitch.of(InjectedBug.CONTINUE_WITHOUT_HISTORY));
    PsyncDecision first = m.sync(who(1), "?", -1, new RecordingOutput());
    assertThat(first.outcome()).isEqualTo(PsyncDecision.Outcome.FULLRESYNC); // no backlog yet
    m.feed(0, RespCommands.args("SET", "a", "1"));
    RecordingOutput out = new RecordingOutput();
    PsyncDecision d = m.sync(who(2), "?", -1, out);
    assertThat(d.outcome()).isEqualTo(PsyncDecision.Outcome.CONTINUE);
    assertThat(out.text()).isEqualTo("+CONTINUE " + ids.replid() + "\r\n");
    assertThat(log.contains("Partial resynchronization request from 127.0.0.1:7002 accepted"))
        .isTrue();
  }

  @Test
  void selectIsEmittedOnlyWhenTheDbChanges() {
    ReplicationMaster m = master(new BugSwitch());
    m.sync(who(1), "?", -1, new RecordingOutput());
    m.feed(2, RespCommands.args("SET", "a", "1"));
    m.feed(2, RespCommands.args("SET", "b", "1"));
    m.feed(0, RespCommands.args("SET", "c", "1"));
    String all = s(m.backlog().copyFrom(m.backlog().firstByteOffset()));
    assertThat(all)
        .isEqualTo(
            s(RespCommands.encode("SELECT", "2"))
                + s(set("a", "1"))
                + s(set("b", "1"))
                + s(RespCommands.encode("SELECT", "0"))
                + s(set("c", "1")));
  }

  @Test
  void waitCountsReplicasThatAckedTheTarget() {
    ReplicationMaster m = master(new BugSwitch());
    for (long id = 1; id <= 3; id++) {
      m.sync(who(id), "?", -1, new RecordingOutput());
    }
    clock.advance(5000);
    m.fullSync().startSnapshot(false);
    for (ReplicaClient r : m.replicas()) {
      m.fullSync().snapshotDelivered(r, false);
    }
    m.feed(0, RespCommands.args("SET", "a", "1"));
    long target = m.masterReplOffset();
    assertThat(m.acks().countAcked(target)).isZero();
    m.ack(1, target);
    m.ack(2, target - 1);
    assertThat(m.acks().countAcked(target)).isEqualTo(1);
    m.ack(2, target + 5);
    assertThat(m.acks().countAcked(target)).isEqualTo(2);
    // A late, smaller ACK does not undo what WAIT already relies on.
    m.ack(2, 3);
    assertThat(m.replica(2).ackOffset()).isEqualTo(target + 5);
    assertThat(m.acks().countAcked(0)).isEqualTo(3);
  }

  @Test
  void waitCountsSentBytesWithTheBug() {
    ReplicationMaster m = master(BugSwitch.of(InjectedBug.WAIT_COUNTS_SENT));
    m.sync(who(1), "?", -1, new RecordingOutput());
    clock.advance(5000);
    m.fullSync().startSnapshot(false);
    m.fullSync().snapshotDelivered(m.replica(1), false);
    m.feed(0, RespCommands.args("SET", "a", "1"));
    assertThat(m.acks().countAcked(m.masterReplOffset())).isEqualTo(1);
  }

  @Test
  void minReplicasCountsOnlyRecentlyAckingOnlineReplicas() {
    settings.minReplicasToWrite(2);
    settings.minReplicasMaxLagSeconds(10);
    ReplicationMaster m = master(new BugSwitch());
    assertThat(m.acks().writesRefused()).isTrue();
    m.sync(who(1), "?", -1, new RecordingOutput());
    m.sync(who(2), "?", -1, new RecordingOutput());
    assertThat(m.acks().goodReplicas()).isZero();
    clock.advance(5000);
    m.fullSync().startSnapshot(false);
    m.replicas().forEach(r -> m.fullSync().snapshotDelivered(r, false));
    assertThat(m.acks().goodReplicas()).isEqualTo(2);
    assertThat(m.acks().writesRefused()).isFalse();
    clock.advance(10_999);
    assertThat(m.acks().goodReplicas()).isEqualTo(2);
    m.ack(1, 0);
    clock.advance(1000);
    assertThat(m.acks().goodReplicas()).isEqualTo(1);
    assertThat(m.acks().writesRefused()).isTrue();
    settings.minReplicasToWrite(0);
    assertThat(m.acks().writesRefused()).isFalse();
  }

  @Test
  void cronPingsThroughTheStreamEveryPeriod() {
    ReplicationMaster m = master(new BugSwitch());
    RecordingOutput out = new RecordingOutput();
    m.sync(who(1), "?", -1, out);
    clock.advance(5000);
    m.fullSync().startSnapshot(false);
    m.fullSync().snapshotDelivered(m.replica(1), false);
    out.drain();
    long before = m.masterReplOffset();
    clock.advance(4000);
    m.cron();
    assertThat(m.masterReplOffset()).isEqualTo(before);
    clock.advance(1000);
    m.cron();
    assertThat(m.masterReplOffset()).isEqualTo(before + 14);
    assertThat(out.text()).isEqualTo("*1\r\n$4\r\nPING\r\n");
    m.following(true);
    clock.advance(20_000);
    m.ack(1, 0);
    m.cron();
    assertThat(m.masterReplOffset()).isEqualTo(before + 14);
  }

  @Test
  void cronSendsNewlinesToReplicasWaitingForADiskSnapshot() {
    settings.replDisklessSync(false);
    ReplicationMaster m = master(new BugSwitch());
    RecordingOutput out = new RecordingOutput();
    m.sync(who(1), "?", -1, out);
    clock.advance(1000);
    m.cron();
    assertThat(out.text()).isEqualTo("\n");
    assertThat(m.masterReplOffset()).isZero();
  }

  @Test
  void cronDropsReplicaSilentForReplTimeout() {
    settings.replTimeoutSeconds(60);
    ReplicationMaster m = master(new BugSwitch());
    RecordingOutput out = new RecordingOutput();
    m.sync(who(1), "?", -1, out);
    clock.advance(5000);
    m.fullSync().startSnapshot(false);
    m.fullSync().snapshotDelivered(m.replica(1), false);
    clock.advance(60_000);
    m.cron();
    assertThat(m.replicas()).hasSize(1);
    clock.advance(1);
    m.cron();
    assertThat(m.replicas()).isEmpty();
    assertThat(out.closedBecause).contains("timedout replica");
  }

  @Test
  void outputBufferLimitsDropALaggingReplica() {
    settings.replicaOutputBufferLimit(new OutputBufferLimit(1000, 100, 10));
    ReplicationMaster m = master(new BugSwitch());
    RecordingOutput out = new RecordingOutput();
    m.sync(who(1), "?", -1, out);
    clock.advance(5000);
    m.fullSync().startSnapshot(false);
    m.fullSync().snapshotDelivered(m.replica(1), false);
    out.pending = 150; // over soft
    m.cron();
    assertThat(m.replicas()).hasSize(1);
    clock.advance(10_000);
    m.cron();
    assertThat(m.replicas()).hasSize(1);
    clock.advance(1001);
    m.cron();
    assertThat(m.replicas()).isEmpty();
    assertThat(out.closedBecause).contains("output buffer limits");

    RecordingOutput out2 = new RecordingOutput();
    m.sync(who(2), "?", -1, out2);
    clock.advance(5000);
    m.fullSync().startSnapshot(false);
    m.feed(0, RespCommands.args("SET", "big", "x".repeat(1000)));
    assertThat(m.replicas()).isEmpty();
    assertThat(out2.closedBecause).contains("output buffer limits");
  }

  @Test
  void backlogIsFreedAfterTtlWithoutReplicas() {
    settings.replBacklogTtlSeconds(100);
    ReplicationMaster m = master(new BugSwitch());
    m.sync(who(1), "?", -1, new RecordingOutput());
    String id = ids.replid();
    m.replicaDisconnected(1);
    clock.advance(100_000);
    m.cron();
    assertThat(m.backlog()).isNotNull();
    clock.advance(1);
    m.cron();
    assertThat(m.backlog()).isNull();
    assertThat(ids.replid()).isNotEqualTo(id);
  }

  @Test
  void promotionKeepsOldIdAsReplid2() {
    ReplicationMaster m = master(new BugSwitch());
    m.adoptMasterHistory("d".repeat(40), 500);
    m.following(true);
    m.promote();
    assertThat(ids.replid2()).isEqualTo("d".repeat(40));
    assertThat(ids.secondReplidOffset()).isEqualTo(501);
    assertThat(
            PsyncDecider.decide("d".repeat(40), 501, ids, m.backlog(), new BugSwitch())
                .isContinue())
        .isTrue();
  }

  @Test
  void promotionWithoutReplid2Bug() {
    ReplicationMaster m = master(BugSwitch.of(InjectedBug.PROMOTE_WITHOUT_REPLID2));
    m.adoptMasterHistory("d".repeat(40), 500);
    m.promote();
    assertThat(ids.replid2()).isEqualTo(ReplicationIds.ZERO_ID);
    assertThat(
            PsyncDecider.decide("d".repeat(40), 501, ids, m.backlog(), new BugSwitch())
                .isContinue())
        .isFalse();
  }

  @Test
  void dropWritesDuringSnapshotBugLosesThem() {
    ReplicationMaster m = master(BugSwitch.of(InjectedBug.DROP_WRITES_DURING_SNAPSHOT));
    RecordingOutput out = new RecordingOutput();
    m.sync(who(1), "?", -1, out);
    clock.advance(5000);
    m.fullSync().startSnapshot(false);
    m.feed(0, RespCommands.args("SET", "a", "1"));
    m.fullSync().snapshotDelivered(m.replica(1), false);
    m.feed(0, RespCommands.args("SET", "b", "2"));
    assertThat(out.text()).doesNotContain(s(set("a", "1"))).endsWith(s(set("b", "2")));
  }

  @Test
  void resizeAtRunTimeKeepsNewestBytes() {
    ReplicationMaster m = master(new BugSwitch());
    m.sync(who(1), "?", -1, new RecordingOutput());
    for (int i = 0; i < 2000; i++) {
      m.feed(0, RespCommands.args("SET", "k" + i, "v"));
    }
    m.resizeBacklog(16 * 1024);
    assertThat(m.backlog().size()).isEqualTo(16 * 1024);
    assertThat(m.backlog().histlen()).isEqualTo(16 * 1024);
    assertThat(s(m.backlog().copyFrom(m.backlog().masterReplOffset() - 24)))
        .isEqualTo(s(set("k1999", "v")).substring(s(set("k1999", "v")).length() - 25));
    assertThat(settings.replBacklogSize()).isEqualTo(16 * 1024);
  }

  @Test
  void infoLinesUseRedisFieldNames() {
    ReplicationMaster m = master(new BugSwitch());
    m.sync(who(1), "?", -1, new RecordingOutput());
    clock.advance(5000);
    m.fullSync().startSnapshot(false);
    m.fullSync().snapshotDelivered(m.replica(1), false);
    m.feed(0, RespCommands.args("SET", "a", "1"));
    m.ack(1, 10);
    clock.advance(2000);
    StringBuilder sb = new StringBuilder();
    ReplicationInfo.replicaLines(sb, m);
    ReplicationInfo.offsetLines(sb, m, settings);
    assertThat(sb.toString())
        .contains("connected_slaves:1\r\n")
        .contains("slave0:ip=127.0.0.1,port=7001,state=online,offset=10,lag=2\r\n")
        .contains("master_replid:" + ids.replid() + "\r\n")
        .contains("master_replid2:" + ReplicationIds.ZERO_ID + "\r\n")
        .contains("master_repl_offset:" + m.masterReplOffset() + "\r\n")
        .contains("second_repl_offset:-1\r\n")
        .contains("repl_backlog_active:1\r\n")
        .contains("repl_backlog_size:1048576\r\n")
        .contains("repl_backlog_first_byte_offset:1\r\n")
        .contains("repl_backlog_histlen:" + m.masterReplOffset() + "\r\n");
  }
}
