package io.replicheck.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.core.ManualClock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * FAILOVER's state machine without sockets: its refusals in redis 7.0's order and texts, waiting
 * for the target's ACK, the timeout with and without FORCE, and the failing-over master's PSYNC
 * FAILOVER and the answers that end the failover.
 */
class FailoverTest {
  private final ManualClock clock = new ManualClock(1_000_000);
  private final RecordingLog log = new RecordingLog();
  private final ReplicationSettings settings = new ReplicationSettings();
  private final ReplicationIds ids = new ReplicationIds(new Random(3));
  private final ReplicationMaster master =
      new ReplicationMaster(ids, settings, new BugSwitch(), clock, log);
  private final Failover failover = master.failover();

  private static ReplicationMaster.ReplicaHandshake who(long id) {
    return new ReplicationMaster.ReplicaHandshake(id, "127.0.0.1", 7000 + (int) id, true, true);
  }

  /** Replica 1 waits for its snapshot; replicas 2 and 3 continued with PSYNC (online). */
  private void threeReplicas() {
    master.sync(who(1), "?", -1, new RecordingOutput());
    master.feed(0, RespCommands.args("SET", "k", "v"));
    for (long id = 2; id <= 3; id++) {
      PsyncDecision d =
          master.sync(who(id), ids.replid(), master.masterReplOffset() + 1, new RecordingOutput());
      assertThat(d.isContinue()).isTrue();
    }
  }

  private String start(String host, int port, long timeout, boolean force) {
    return failover.start(
        host, port, timeout, force, false, master.replicas(), clock.currentTimeMillis());
  }

  private Failover.Step update() {
    return failover.update(clock.currentTimeMillis(), master.replicas(), master.masterReplOffset());
  }

  @Test
  void refusalsInRedisOrder() {
    assertThat(start(null, 0, 0, false)).isEqualTo("ERR FAILOVER requires connected replicas.");
    assertThat(start("127.0.0.1", 7002, 0, true))
        .isEqualTo("ERR FAILOVER requires connected replicas.");
    threeReplicas();
    assertThat(
            failover.start(null, 0, 0, false, true, master.replicas(), clock.currentTimeMillis()))
        .isEqualTo("ERR FAILOVER is not valid when server is a replica.");
    assertThat(start("127.0.0.1", 7002, 0, true))
        .isEqualTo(
            "ERR FAILOVER with force option requires both a timeout and target HOST and IP.");
    assertThat(start(null, 0, 100, true))
        .isEqualTo(
            "ERR FAILOVER with force option requires both a timeout and target HOST and IP.");
    assertThat(start("127.0.0.1", 9999, 0, false))
        .isEqualTo("ERR FAILOVER target HOST and PORT is not a replica.");
    assertThat(start("127.0.0.1", 7001, 0, false))
        .isEqualTo("ERR FAILOVER target replica is not online.");
    assertThat(failover.state()).isEqualTo(Failover.State.NO_FAILOVER);
    assertThat(start("127.0.0.1", 7002, 0, false)).isNull();
    assertThat(failover.state().infoName()).isEqualTo("waiting-for-sync");
    assertThat(start(null, 0, 0, false)).isEqualTo("ERR FAILOVER already in progress.");
  }

  @Test
  void waitsForTheTargetsAckOfTheWholeStream() {
    threeReplicas();
    assertThat(start("127.0.0.1", 7003, 0, false)).isNull();
    assertThat(update()).isInstanceOf(Failover.Step.Wait.class);
    // Another replica caught up: not the target, so still waiting.
    master.ack(2, master.masterReplOffset());
    assertThat(update()).isInstanceOf(Failover.Step.Wait.class);
    master.ack(3, master.masterReplOffset() - 1);
    assertThat(update()).isInstanceOf(Failover.Step.Wait.class);
    master.ack(3, master.masterReplOffset());
    assertThat(update()).isEqualTo(new Failover.Step.FailOver("127.0.0.1", 7003, false));
    assertThat(failover.state().infoName()).isEqualTo("failover-in-progress");
    // Once in progress only the PSYNC reply (or ABORT) ends it.
    assertThat(update()).isInstanceOf(Failover.Step.Wait.class);
    failover.clear();
    assertThat(failover.state().infoName()).isEqualTo("no-failover");
    assertThat(failover.targetHost()).isNull();
  }

  @Test
  void withoutTargetTheFirstSyncedReplicaIsChosen() {
    threeReplicas();
    assertThat(start(null, 0, 0, false)).isNull();
    master.ack(3, master.masterReplOffset());
    assertThat(update()).isEqualTo(new Failover.Step.FailOver("127.0.0.1", 7003, false));
    assertThat(failover.targetPort()).isEqualTo(7003);
  }

  @Test
  void timeoutAbortsWithoutForceAndFailsOverWithIt() {
    threeReplicas();
    assertThat(start("127.0.0.1", 7002, 500, false)).isNull();
    assertThat(failover.hasDeadline()).isTrue();
    clock.advance(499);
    assertThat(update()).isInstanceOf(Failover.Step.Wait.class);
    clock.advance(1);
    assertThat(update())
        .isEqualTo(new Failover.Step.Abort("Replica never caught up before timeout"));
    failover.clear();

    assertThat(start("127.0.0.1", 7002, 500, true)).isNull();
    clock.advance(500);
    assertThat(update()).isEqualTo(new Failover.Step.FailOver("127.0.0.1", 7002, true));
    assertThat(failover.inProgress()).isTrue();
  }

  @Test
  void noReplicaPingWhileAFailoverHasADeadline() {
    threeReplicas();
    long offset = master.masterReplOffset();
    assertThat(start("127.0.0.1", 7002, 60_000, false)).isNull();
    clock.advance(settings.replPingReplicaPeriodSeconds() * 1000 + 1);
    master.ack(2, offset);
    master.ack(3, offset);
    master.cron();
    assertThat(master.masterReplOffset()).isEqualTo(offset);
  }

  @Test
  void aFailingOverMasterSendsPsyncFailoverAndHearsTheAnswer() {
    threeReplicas();
    master.ack(2, master.masterReplOffset());
    assertThat(start("127.0.0.1", 7002, 0, false)).isNull();
    assertThat(update()).isInstanceOf(Failover.Step.FailOver.class);
    String myId = ids.replid();
    long next = master.masterReplOffset() + 1;
    ReplicaLink link = new ReplicaLink(master, settings, new BugSwitch(), clock, log, 7000);
    link.replicaOf("127.0.0.1", 7002);
    link.connected(link.linkId());
    recv(link, "+PONG\r\n");
    recv(link, "+OK\r\n");
    List<LinkAction> psync = recv(link, "+OK\r\n");
    assertThat(psync)
        .hasSize(1)
        .first()
        .hasToString(
            new LinkAction.Send(RespCommands.encode("PSYNC", myId, Long.toString(next), "FAILOVER"))
                .toString());
    List<LinkAction> reply = recv(link, "+CONTINUE " + "c".repeat(40) + "\r\n");
    assertThat(reply).contains(new LinkAction.FailoverPsyncReply(true));
    assertThat(link.state()).isEqualTo(ReplicaLinkState.CONNECTED);
    assertThat(ids.replid()).isEqualTo("c".repeat(40));
  }

  @Test
  void aRefusedPsyncFailoverIsReportedWithoutFallingBackToSync() {
    threeReplicas();
    master.ack(2, master.masterReplOffset());
    assertThat(start("127.0.0.1", 7002, 0, false)).isNull();
    update();
    ReplicaLink link = new ReplicaLink(master, settings, new BugSwitch(), clock, log, 7000);
    link.replicaOf("127.0.0.1", 7002);
    link.connected(link.linkId());
    recv(link, "+PONG\r\n");
    recv(link, "+OK\r\n");
    recv(link, "+OK\r\n");
    List<LinkAction> reply = recv(link, "-ERR PSYNC FAILOVER replid must match my replid.\r\n");
    assertThat(reply).containsExactly(new LinkAction.FailoverPsyncReply(false));
  }

  private static List<LinkAction> recv(ReplicaLink link, String s) {
    return link.received(link.linkId(), s.getBytes(StandardCharsets.ISO_8859_1));
  }
}
