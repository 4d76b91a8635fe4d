package io.replicheck.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.core.ManualClock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplicaLinkTest {
  private static final String MASTER_ID = "a".repeat(40);
  private static final String NEW_ID = "b".repeat(40);

  private final ManualClock clock = new ManualClock(5_000_000);
  private final RecordingLog log = new RecordingLog();
  private final ReplicationSettings settings = new ReplicationSettings();
  private final ReplicationIds ids = new ReplicationIds(new Random(9));
  private ReplicationMaster node;
  private ReplicaLink link;

  private void create(BugSwitch bugs) {
    node = new ReplicationMaster(ids, settings, bugs, clock, log);
    link = new ReplicaLink(node, settings, bugs, clock, log, 7777);
  }

  private List<LinkAction> recv(String s) {
    return link.received(link.linkId(), s.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static List<String> sent(List<LinkAction> actions) {
    List<String> out = new ArrayList<>();
    for (LinkAction a : actions) {
      if (a instanceof LinkAction.Send send) {
        out.add(new String(send.bytes(), StandardCharsets.ISO_8859_1));
      }
    }
    return out;
  }

  private static String cmd(String... argv) {
    return new String(RespCommands.encode(argv), StandardCharsets.ISO_8859_1);
  }

  private static <T extends LinkAction> List<T> only(List<LinkAction> actions, Class<T> type) {
    return actions.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Drives the handshake up to the PSYNC reply; returns the PSYNC sent. */
  private String handshake() {
    List<LinkAction> a = link.replicaOf("127.0.0.1", 6000);
    assertThat(only(a, LinkAction.Connect.class)).hasSize(1);
    assertThat(sent(link.connected(link.linkId()))).containsExactly(cmd("PING"));
    assertThat(link.state()).isEqualTo(ReplicaLinkState.RECEIVE_PING_REPLY);
    List<String> hs = sent(recv("+PONG\r\n"));
    assertThat(hs)
        .containsExactly(
            cmd("REPLCONF", "listening-port", "7777"),
            cmd("REPLCONF", "capa", "eof", "capa", "psync2"));
    assertThat(link.state()).isEqualTo(ReplicaLinkState.RECEIVE_PORT_REPLY);
    assertThat(sent(recv("+OK\r\n"))).isEmpty();
    assertThat(link.state()).isEqualTo(ReplicaLinkState.RECEIVE_CAPA_REPLY);
    List<String> psync = sent(recv("+OK\r\n"));
    assertThat(link.state()).isEqualTo(ReplicaLinkState.RECEIVE_PSYNC_REPLY);
    assertThat(psync).hasSize(1);
    return psync.get(0);
  }

  /**
   * Full sync with a disk-framed snapshot at {@code offset}; returns the actions of the transfer.
   */
  private List<LinkAction> fullSync(long offset, String payload) {
    // A master turned replica offers its own history first, as redis does.
    String own = ids.replid();
    assertThat(handshake()).startsWith(cmd("PSYNC", own, "1").substring(0, 60));
    List<LinkAction> a = new ArrayList<>(recv("+FULLRESYNC " + MASTER_ID + " " + offset + "\r\n"));
    assertThat(link.state()).isEqualTo(ReplicaLinkState.TRANSFER);
    a.addAll(recv("\n\n$" + payload.length() + "\r\n" + payload));
    a.addAll(link.snapshotLoaded(link.linkId(), -1));
    return a;
  }

  @Test
  void handshakeAndDiskFullSync() {
    create(new BugSwitch());
    List<LinkAction> a = fullSync(1000, "REDIS0010-snapshot");
    assertThat(a.stream().map(x -> x.getClass().getSimpleName()).toList())
        .containsExactly("BeginSnapshot", "SnapshotData", "FlushDataset", "LoadSnapshot");
    assertThat(only(a, LinkAction.BeginSnapshot.class).get(0).size()).isEqualTo(18);
    assertThat(link.state()).isEqualTo(ReplicaLinkState.CONNECTED);
    assertThat(link.replOffset()).isEqualTo(1000);
    assertThat(ids.replid()).isEqualTo(MASTER_ID);
    assertThat(node.masterReplOffset()).isEqualTo(1000);
    assertThat(node.backlog().firstByteOffset()).isEqualTo(1001);
    assertThat(log.lines)
        .anyMatch(l -> l.contains("MASTER <-> REPLICA sync started"))
        .anyMatch(l -> l.contains("Full resync from master: " + MASTER_ID + ":1000"))
        .anyMatch(l -> l.contains("MASTER <-> REPLICA sync: Finished with success"));
  }

  @Test
  void streamGluedToADiskSnapshotWaitsForTheLoadThenApplies() {
    create(new BugSwitch());
    handshake();
    List<LinkAction> a =
        recv(
            "+FULLRESYNC "
                + MASTER_ID
                + " 50\r\n$4\r\nRDB!"
                + cmd("SELECT", "2")
                + cmd("SET", "k", "v"));
    assertThat(link.state()).isEqualTo(ReplicaLinkState.TRANSFER);
    assertThat(only(a, LinkAction.LoadSnapshot.class)).hasSize(1);
    assertThat(only(a, LinkAction.ApplyCommand.class)).isEmpty();
    assertThat(only(a, LinkAction.Close.class)).isEmpty();
    a.addAll(recv(cmd("DEL", "k")));
    List<LinkAction> b = link.snapshotLoaded(link.linkId(), 0);
    assertThat(only(b, LinkAction.ApplyCommand.class).stream().map(Object::toString).toList())
        .containsExactly(
            "ApplyCommand[db=2 SELECT 2]",
            "ApplyCommand[db=2 SET k v]",
            "ApplyCommand[db=2 DEL k]");
    assertThat(link.replOffset())
        .isEqualTo(50 + (cmd("SELECT", "2") + cmd("SET", "k", "v") + cmd("DEL", "k")).length());
  }

  @Test
  void streamIsAppliedCountingBytesAndForwardedUnchanged() {
    create(new BugSwitch());
    fullSync(1000, "x");
    String stream =
        cmd("PING") + cmd("SELECT", "3") + cmd("SET", "k", "v") + "\n" + cmd("DEL", "k");
    List<LinkAction> a = new ArrayList<>();
    for (char c : stream.toCharArray()) {
      a.addAll(recv(String.valueOf(c)));
    }
    assertThat(only(a, LinkAction.ApplyCommand.class).stream().map(Object::toString).toList())
        .containsExactly(
            "ApplyCommand[db=0 PING]",
            "ApplyCommand[db=3 SELECT 3]",
            "ApplyCommand[db=3 SET k v]",
            "ApplyCommand[db=3 DEL k]");
    assertThat(link.replOffset()).isEqualTo(1000 + stream.length());
    assertThat(link.readReplOffset()).isEqualTo(1000 + stream.length());
    assertThat(node.masterReplOffset()).isEqualTo(1000 + stream.length());
    assertThat(new String(node.backlog().copyFrom(1001), StandardCharsets.ISO_8859_1))
        .isEqualTo(stream);
  }

  @Test
  void readOffsetRunsAheadOfAppliedOffsetOnPartialCommand() {
    create(new BugSwitch());
    fullSync(0, "x");
    recv("*1\r\n$4\r\nPI");
    assertThat(link.readReplOffset()).isEqualTo(10);
    assertThat(link.replOffset()).isZero();
  }

  @Test
  void disklessTransferSplitAtEveryByte() {
    create(new BugSwitch());
    handshake();
    recv("+FULLRESYNC " + MASTER_ID + " 77\r\n");
    String mark = "0123456789abcdefghij0123456789abcdefghij";
    String payload = "REDIS0010" + "payload-with-0123456789-bits".repeat(5);
    String all = "$EOF:" + mark + "\r\n" + payload + mark + cmd("SET", "a", "1");
    List<LinkAction> a = new ArrayList<>();
    for (char c : all.toCharArray()) {
      a.addAll(recv(String.valueOf(c)));
    }
    assertThat(link.state()).isEqualTo(ReplicaLinkState.TRANSFER);
    assertThat(only(a, LinkAction.ApplyCommand.class)).isEmpty();
    a.addAll(link.snapshotLoaded(link.linkId(), 2));
    assertThat(only(a, LinkAction.ApplyCommand.class).get(0).db()).isEqualTo(2);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    only(a, LinkAction.SnapshotData.class).forEach(d -> got.writeBytes(d.bytes()));
    assertThat(got.toString(StandardCharsets.ISO_8859_1)).isEqualTo(payload);
    assertThat(only(a, LinkAction.BeginSnapshot.class).get(0).size()).isEqualTo(-1);
    // Right after loading, an ACK tells a diskless master to start the stream.
    assertThat(sent(a)).containsExactly(cmd("REPLCONF", "ACK", "77"));
    assertThat(only(a, LinkAction.ApplyCommand.class)).hasSize(1);
    assertThat(link.replOffset()).isEqualTo(77 + cmd("SET", "a", "1").length());
  }

  @Test
  void cachedMasterAfterLinkBreakTriesPsyncFirstAndContinues() {
    create(new BugSwitch());
    fullSync(1000, "x");
    recv(cmd("SELECT", "4") + cmd("SET", "k", "v"));
    long offset = link.replOffset();
    List<LinkAction> a = link.disconnected(link.linkId());
    assertThat(link.cachedReplid()).isEqualTo(MASTER_ID);
    assertThat(link.cachedOffset()).isEqualTo(offset);
    assertThat(link.replOffset()).isEqualTo(offset);
    // Reconnects at once.
    assertThat(only(a, LinkAction.Connect.class)).hasSize(1);
    assertThat(link.state()).isEqualTo(ReplicaLinkState.CONNECTING);
    link.connected(link.linkId());
    recv("+PONG\r\n");
    recv("+OK\r\n");
    assertThat(sent(recv("+OK\r\n")))
        .containsExactly(cmd("PSYNC", MASTER_ID, Long.toString(offset + 1)));
    List<LinkAction> c = recv("+CONTINUE " + MASTER_ID + "\r\n" + cmd("SET", "k2", "v2"));
    assertThat(link.state()).isEqualTo(ReplicaLinkState.CONNECTED);
    // The SELECT of before the break still holds (IS3).
    assertThat(only(c, LinkAction.ApplyCommand.class).get(0).db()).isEqualTo(4);
    assertThat(only(c, LinkAction.FlushDataset.class)).isEmpty();
    assertThat(link.replOffset()).isEqualTo(offset + cmd("SET", "k2", "v2").length());
    assertThat(ids.replid()).isEqualTo(MASTER_ID);
    assertThat(log.contains("Successful partial resynchronization with master.")).isTrue();
  }

  @Test
  void aTransactionCountsAsAWholeAndACutOneIsAskedForAgain() {
    create(new BugSwitch());
    fullSync(1000, "x");
    String before = cmd("SELECT", "4") + cmd("SET", "k", "v");
    String open = cmd("MULTI") + cmd("SELECT", "5") + cmd("HSET", "h", "a", "1");
    List<LinkAction> a = recv(before + open);
    // the queued commands reach the master client (which queues them), not the offset
    assertThat(only(a, LinkAction.ApplyCommand.class)).hasSize(5);
    long offset = 1000 + before.length();
    assertThat(link.replOffset()).isEqualTo(offset);
    assertThat(node.masterReplOffset()).isEqualTo(offset);
    assertThat(link.readReplOffset()).isEqualTo(offset + open.length());
    // cut inside the transaction: the partial resync asks for it again, in the db before it
    link.disconnected(link.linkId());
    assertThat(link.cachedOffset()).isEqualTo(offset);
    link.connected(link.linkId());
    recv("+PONG\r\n");
    recv("+OK\r\n");
    assertThat(sent(recv("+OK\r\n")))
        .containsExactly(cmd("PSYNC", MASTER_ID, Long.toString(offset + 1)));
    String block = open + cmd("EXEC");
    List<LinkAction> c = recv("+CONTINUE " + MASTER_ID + "\r\n" + block);
    assertThat(only(c, LinkAction.ApplyCommand.class).get(0).db()).isEqualTo(4);
    assertThat(link.replOffset()).isEqualTo(offset + block.length());
    // the whole block reaches the backlog (and sub-replicas) at EXEC
    assertThat(node.masterReplOffset()).isEqualTo(offset + block.length());
    assertThat(new String(node.backlog().copyFrom(offset + 1), StandardCharsets.ISO_8859_1))
        .isEqualTo(block);
    assertThat(link.db()).isEqualTo(5);
  }

  @Test
  void countQueuedTransactionCountsACutTransactionsQueuedCommands() {
    create(BugSwitch.of(InjectedBug.COUNT_QUEUED_TRANSACTION));
    fullSync(1000, "x");
    String open = cmd("MULTI") + cmd("HSET", "h", "a", "1");
    recv(open);
    // the bug: the queued commands are counted, so a cut here resumes after them
    assertThat(link.replOffset()).isEqualTo(1000 + open.length());
    link.disconnected(link.linkId());
    assertThat(link.cachedOffset()).isEqualTo(1000 + open.length());
  }

  @Test
  void continueWithNewIdShiftsIdsAndDropsSubReplicas() {
    create(new BugSwitch());
    fullSync(1000, "x");
    RecordingOutput sub = new RecordingOutput();
    node.sync(
        new ReplicationMaster.ReplicaHandshake(50, "127.0.0.1", 9000, true, true), "?", -1, sub);
    link.disconnected(link.linkId());
    link.connected(link.linkId());
    recv("+PONG\r\n+OK\r\n+OK\r\n");
    recv("+CONTINUE " + NEW_ID + "\r\n");
    assertThat(ids.replid()).isEqualTo(NEW_ID);
    assertThat(ids.replid2()).isEqualTo(MASTER_ID);
    assertThat(ids.secondReplidOffset()).isEqualTo(1001);
    assertThat(sub.closedBecause).isNotNull();
    assertThat(log.contains("Master replication ID changed to " + NEW_ID)).isTrue();
  }

  @Test
  void tryLaterRepliesKeepTheCachedMaster() {
    for (String reply :
        List.of(
            "-NOMASTERLINK Can't SYNC while not connected with my master",
            "-LOADING Redis is loading")) {
      create(new BugSwitch());
      fullSync(10, "x");
      link.disconnected(link.linkId());
      link.connected(link.linkId());
      recv("+PONG\r\n+OK\r\n+OK\r\n");
      List<LinkAction> a = recv(reply + "\r\n");
      assertThat(only(a, LinkAction.Close.class)).hasSize(1);
      assertThat(link.state()).isEqualTo(ReplicaLinkState.CONNECT);
      assertThat(link.cachedReplid()).isEqualTo(MASTER_ID);
      // Retried by the cron, once a second.
      assertThat(only(link.cron(), LinkAction.Connect.class)).isEmpty();
      clock.advance(1000);
      assertThat(only(link.cron(), LinkAction.Connect.class)).hasSize(1);
      assertThat(log.contains("Master is currently unable to PSYNC but should be in the future"))
          .isTrue();
    }
  }

  @Test
  void errorReplyToPsyncFallsBackToSync() {
    create(new BugSwitch());
    fullSync(10, "x");
    link.disconnected(link.linkId());
    link.connected(link.linkId());
    recv("+PONG\r\n+OK\r\n+OK\r\n");
    List<LinkAction> a = recv("-ERR unknown command 'PSYNC'\r\n");
    assertThat(sent(a)).containsExactly("SYNC\r\n");
    assertThat(link.state()).isEqualTo(ReplicaLinkState.TRANSFER);
    assertThat(link.cachedReplid()).isNull();
    recv("$1\r\nz");
    link.snapshotLoaded(link.linkId(), -1);
    assertThat(link.state()).isEqualTo(ReplicaLinkState.CONNECTED);
    assertThat(link.replOffset()).isZero();
  }

  @Test
  void authAndAnnouncedAddressInHandshake() {
    settings.masteruser("repl");
    settings.masterauth("secret");
    settings.replicaAnnounceIp("10.0.0.9");
    settings.replicaAnnouncePort(7900);
    create(new BugSwitch());
    link.replicaOf("127.0.0.1", 6000);
    link.connected(link.linkId());
    assertThat(sent(recv("-NOAUTH Authentication required.\r\n")))
        .containsExactly(
            cmd("AUTH", "repl", "secret"),
            cmd("REPLCONF", "listening-port", "7900"),
            cmd("REPLCONF", "ip-address", "10.0.0.9"),
            cmd("REPLCONF", "capa", "eof", "capa", "psync2"));
    assertThat(link.state()).isEqualTo(ReplicaLinkState.RECEIVE_AUTH_REPLY);
    recv("+OK\r\n");
    recv("-ERR unknown\r\n"); // listening-port: not critical
    assertThat(link.state()).isEqualTo(ReplicaLinkState.RECEIVE_IP_REPLY);
    recv("+OK\r\n");
    assertThat(sent(recv("+OK\r\n"))).containsExactly(cmd("PSYNC", ids.replid(), "1"));
  }

  @Test
  void authFailureAndBadPingReplyDropTheLink() {
    settings.masterauth("wrong");
    create(new BugSwitch());
    link.replicaOf("127.0.0.1", 6000);
    link.connected(link.linkId());
    recv("+PONG\r\n");
    List<LinkAction> a = recv("-WRONGPASS invalid username-password pair\r\n");
    assertThat(only(a, LinkAction.Close.class)).hasSize(1);
    assertThat(link.state()).isEqualTo(ReplicaLinkState.CONNECT);
    assertThat(log.contains("Unable to AUTH to MASTER: -WRONGPASS")).isTrue();

    clock.advance(1000);
    assertThat(only(link.cron(), LinkAction.Connect.class)).hasSize(1);
    link.connected(link.linkId());
    recv("-ERR something else\r\n");
    assertThat(link.state()).isEqualTo(ReplicaLinkState.CONNECT);
    assertThat(log.contains("Error reply to PING from master: '-ERR something else'")).isTrue();
  }

  @Test
  void badTransferHeaderAndMasterAbort() {
    create(new BugSwitch());
    handshake();
    recv("+FULLRESYNC " + MASTER_ID + " 0\r\n");
    recv("HTTP/1.1 200 OK\r\n");
    assertThat(link.state()).isEqualTo(ReplicaLinkState.CONNECT);
    assertThat(log.contains("Bad protocol from MASTER, the first byte is not '$'")).isTrue();

    clock.advance(1000);
    link.cron();
    link.connected(link.linkId());
    recv("+PONG\r\n+OK\r\n+OK\r\n+FULLRESYNC " + MASTER_ID + " 0\r\n-ERR child died\r\n");
    assertThat(link.state()).isEqualTo(ReplicaLinkState.CONNECT);
    assertThat(log.contains("MASTER aborted replication with an error: ERR child died")).isTrue();
  }

  @Test
  void malformedStreamDropsTheLinkAndKeepsWhatWasApplied() {
    create(new BugSwitch());
    fullSync(0, "x");
    List<LinkAction> a = recv(cmd("SET", "a", "1") + "garbage\r\n");
    assertThat(only(a, LinkAction.ApplyCommand.class)).hasSize(1);
    assertThat(only(a, LinkAction.Close.class)).hasSize(1);
    assertThat(link.state()).isEqualTo(ReplicaLinkState.CONNECT);
  }

  @Test
  void acksEverySecondAndAnswersGetack() {
    create(new BugSwitch());
    fullSync(100, "x");
    assertThat(sent(link.cron())).isEmpty();
    clock.advance(1000);
    assertThat(sent(link.cron())).containsExactly(cmd("REPLCONF", "ACK", "100"));
    recv(cmd("SET", "a", "1"));
    long before = link.replOffset();
    List<LinkAction> a = recv(cmd("REPLCONF", "GETACK", "*"));
    assertThat(sent(a)).containsExactly(cmd("REPLCONF", "ACK", Long.toString(before)));
    assertThat(link.replOffset()).isEqualTo(before + cmd("REPLCONF", "GETACK", "*").length());
    assertThat(only(a, LinkAction.ApplyCommand.class)).isEmpty();
  }

  @Test
  void timeoutsInEveryPhase() {
    settings.replTimeoutSeconds(10);
    create(new BugSwitch());
    link.replicaOf("127.0.0.1", 6000);
    link.connected(link.linkId());
    clock.advance(10_001);
    assertThat(only(link.cron(), LinkAction.Close.class)).hasSize(1);
    assertThat(log.contains("Timeout connecting to the MASTER...")).isTrue();

    link.cron();
    link.connected(link.linkId());
    recv("+PONG\r\n+OK\r\n+OK\r\n+FULLRESYNC " + MASTER_ID + " 0\r\n$100\r\nabc");
    clock.advance(10_001);
    link.cron();
    assertThat(log.contains("Timeout receiving bulk data from MASTER")).isTrue();
    assertThat(link.state()).isEqualTo(ReplicaLinkState.CONNECT);

    link.cron();
    link.connected(link.linkId());
    recv("+PONG\r\n+OK\r\n+OK\r\n+FULLRESYNC " + MASTER_ID + " 0\r\n$1\r\nz");
    link.snapshotLoaded(link.linkId(), -1);
    assertThat(link.state()).isEqualTo(ReplicaLinkState.CONNECTED);
    clock.advance(10_001);
    List<LinkAction> a = link.cron();
    assertThat(only(a, LinkAction.Close.class)).hasSize(1);
    assertThat(log.contains("MASTER timeout: no data nor PING received...")).isTrue();
    assertThat(link.cachedReplid()).isEqualTo(MASTER_ID);
  }

  @Test
  void aLoadLongerThanReplTimeoutDoesNotTimeTheMasterOutWhenItEnds() {
    settings.replTimeoutSeconds(5);
    create(new BugSwitch());
    handshake();
    recv("+FULLRESYNC " + MASTER_ID + " 0\r\n$1\r\nz");
    // the load blocks the command thread: no cron, no input, for longer than repl-timeout
    clock.advance(9_000);
    link.snapshotLoaded(link.linkId(), -1);
    assertThat(link.state()).isEqualTo(ReplicaLinkState.CONNECTED);
    assertThat(only(link.cron(), LinkAction.Close.class)).isEmpty();
    assertThat(log.contains("MASTER timeout")).isFalse();
    clock.advance(5_001);
    assertThat(only(link.cron(), LinkAction.Close.class)).hasSize(1);
  }

  @Test
  void eventsOfAnAbandonedConnectionAreIgnored() {
    create(new BugSwitch());
    link.replicaOf("127.0.0.1", 6000);
    long old = link.linkId();
    link.connectFailed(old, "Connection refused");
    assertThat(link.state()).isEqualTo(ReplicaLinkState.CONNECT);
    clock.advance(1000);
    link.cron();
    assertThat(link.linkId()).isNotEqualTo(old);
    assertThat(link.received(old, "+PONG\r\n".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    assertThat(link.disconnected(old)).isEmpty();
    assertThat(link.state()).isEqualTo(ReplicaLinkState.CONNECTING);
  }

  @Test
  void promotionShiftsIdsAndRepointedMasterUsesItsOwnHistory() {
    create(new BugSwitch());
    fullSync(500, "x");
    recv(cmd("SET", "a", "1"));
    long offset = link.replOffset();
    link.replicaOfNoOne();
    assertThat(link.state()).isEqualTo(ReplicaLinkState.NONE);
    assertThat(node.following()).isFalse();
    assertThat(ids.replid2()).isEqualTo(MASTER_ID);
    assertThat(ids.secondReplidOffset()).isEqualTo(offset + 1);
    String promotedId = ids.replid();
    // Turned into a replica again: it offers its own history to the new master.
    assertThat(handshake()).isEqualTo(cmd("PSYNC", promotedId, Long.toString(offset + 1)));
  }

  @Test
  void loadFailureStartsOver() {
    create(new BugSwitch());
    handshake();
    recv("+FULLRESYNC " + MASTER_ID + " 5\r\n$3\r\nbad");
    List<LinkAction> a = link.loadFailed(link.linkId(), "bad RDB format");
    assertThat(only(a, LinkAction.Close.class)).hasSize(1);
    assertThat(link.state()).isEqualTo(ReplicaLinkState.CONNECT);
    assertThat(link.cachedReplid()).isNull();
    assertThat(link.snapshotLoaded(link.linkId(), 0)).isEmpty();
  }

  @Test
  void restoredHistoryIsOfferedWithItsStreamDb() {
    create(new BugSwitch());
    node.restoreHistory(MASTER_ID, 4000);
    link.replicaOf("127.0.0.1", 6000, 6);
    link.connected(link.linkId());
    assertThat(sent(recv("+PONG\r\n+OK\r\n+OK\r\n"))).endsWith(cmd("PSYNC", MASTER_ID, "4001"));
    List<LinkAction> c = recv("+CONTINUE " + MASTER_ID + "\r\n" + cmd("SET", "k", "v"));
    assertThat(only(c, LinkAction.ApplyCommand.class).get(0).db()).isEqualTo(6);
    assertThat(link.replOffset()).isEqualTo(4000 + cmd("SET", "k", "v").length());
  }

  @Test
  void continuingFromARestoredHistoryKeepsTheNodesOffsetSoAPromotionNamesIt() {
    // found by explore: a killed replica restarted from its RDB continued, but with no backlog its
    // master_repl_offset stayed at the RDB's, so a later promotion set second_repl_offset wrong
    create(new BugSwitch());
    node.restoreHistory(MASTER_ID, 4000);
    link.replicaOf("127.0.0.1", 6000, 0);
    link.connected(link.linkId());
    recv("+PONG\r\n+OK\r\n+OK\r\n");
    recv("+CONTINUE " + MASTER_ID + "\r\n" + cmd("SET", "k", "v"));
    long offset = 4000 + cmd("SET", "k", "v").length();
    assertThat(node.masterReplOffset()).isEqualTo(offset);
    link.replicaOfNoOne();
    assertThat(ids.replid2()).isEqualTo(MASTER_ID);
    assertThat(ids.secondReplidOffset()).isEqualTo(offset + 1);
  }

  @Test
  void bugWrongResumeOffsetAsksForTheLastByteAgain() {
    create(BugSwitch.of(InjectedBug.WRONG_RESUME_OFFSET));
    fullSync(10, "x");
    link.disconnected(link.linkId());
    link.connected(link.linkId());
    assertThat(sent(recv("+PONG\r\n+OK\r\n+OK\r\n"))).endsWith(cmd("PSYNC", MASTER_ID, "10"));
  }

  @Test
  void bugNoFlushBeforeLoad() {
    create(BugSwitch.of(InjectedBug.NO_FLUSH_BEFORE_LOAD));
    assertThat(only(fullSync(10, "x"), LinkAction.FlushDataset.class)).isEmpty();
  }

  @Test
  void bugFullsyncOffsetZero() {
    create(BugSwitch.of(InjectedBug.FULLSYNC_OFFSET_ZERO));
    fullSync(10, "x");
    assertThat(link.replOffset()).isZero();
  }

  @Test
  void bugLoseSelectAfterReconnect() {
    create(BugSwitch.of(InjectedBug.LOSE_SELECT_AFTER_RECONNECT));
    fullSync(10, "x");
    recv(cmd("SELECT", "4"));
    link.disconnected(link.linkId());
    link.connected(link.linkId());
    recv("+PONG\r\n+OK\r\n+OK\r\n");
    List<LinkAction> c = recv("+CONTINUE " + MASTER_ID + "\r\n" + cmd("SET", "k2", "v2"));
    assertThat(only(c, LinkAction.ApplyCommand.class).get(0).db()).isZero();
  }
}
