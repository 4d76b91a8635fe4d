package io.replicheck.server.replication;

import io.replicheck.server.core.Clock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The master side of replication for one node, after redis's replication.c: ids, the backlog and
 * master_repl_offset, propagation of writes (with SELECT) into the backlog and every replica's
 * stream, PSYNC handling, the full-sync life cycle of each replica (wait_bgsave, send_bulk,
 * online) with the stream held for it during its snapshot, ACKs, WAIT, min-replicas, and the cron
 * (pings, newlines, timeouts, output buffer limits, backlog TTL). A chained replica uses the same
 * object to forward its master's stream unchanged.
 *
 * <p>No I/O and no clock of its own: connections are {@link ReplicaOutput}s, time comes from the
 * injected clock (milliseconds). Single-threaded: the command core owns it.
 */
public final class ReplicationMaster {
  private static final byte[] PING = RespCommands.encode("PING");
  private static final byte[] NEWLINE = {'\n'};

  private final ReplicationIds ids;
  private final ReplicationSettings settings;
  private final BugSwitch bugs;
  private final Clock clock;
  private final ReplicationLogSink log;
  private final Map<Long, ReplicaClient> replicas = new LinkedHashMap<>();

  private ReplicationBacklog backlog;
  private long masterReplOffset;
  /** The db the stream last SELECTed (redis's server.slaveseldb), -1 to force a SELECT. */
  private int streamDb = -1;
  /** True while this node follows a master: its stream is the master's, forwarded. */
  private boolean following;
  private boolean snapshotInProgress;
  private boolean snapshotToDisk;
  private long lastPingMillis;
  private long lastNewlineMillis;
  private long noReplicasSinceMillis;
  private long statSyncFull;
  private long statSyncPartialOk;
  private long statSyncPartialErr;

  public ReplicationMaster(
      ReplicationIds ids,
      ReplicationSettings settings,
      BugSwitch bugs,
      Clock clock,
      ReplicationLogSink log) {
    this.ids = Objects.requireNonNull(ids, "ids");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.bugs = Objects.requireNonNull(bugs, "bugs");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.log = Objects.requireNonNull(log, "log");
    long now = clock.currentTimeMillis();
    this.lastPingMillis = now;
    this.lastNewlineMillis = now;
    this.noReplicasSinceMillis = now;
  }

  public ReplicationIds ids() {
    return ids;
  }

  /** The backlog, or null when none exists (repl_backlog_active:0). */
  public ReplicationBacklog backlog() {
    return backlog;
  }

  public long masterReplOffset() {
    return masterReplOffset;
  }

  public long statSyncFull() {
    return statSyncFull;
  }

  public long statSyncPartialOk() {
    return statSyncPartialOk;
  }

  public long statSyncPartialErr() {
    return statSyncPartialErr;
  }

  /** Connected replicas in the order they attached. */
  public Collection<ReplicaClient> replicas() {
    return Collections.unmodifiableCollection(replicas.values());
  }

  public ReplicaClient replica(long clientId) {
    return replicas.get(clientId);
  }

  // ---------------------------------------------------------------- role

  /** Whether this node follows a master (then it forwards that stream and never feeds its own). */
  public boolean following() {
    return following;
  }

  /** Marks this node as following a master, or as a master again after REPLICAOF NO ONE. */
  public void following(boolean f) {
    following = f;
    streamDb = -1;
  }

  /**
   * Takes the master's history after a full sync: its id, its offset, no second id, and a fresh
   * backlog at that offset so this node can serve PSYNC to its own replicas (chained).
   */
  public void adoptMasterHistory(String replid, long offset) {
    ids.setReplid(replid);
    ids.clearReplicationId2();
    masterReplOffset = offset;
    backlog = new ReplicationBacklog(settings.replBacklogSize(), offset);
  }

  /**
   * A replica that continues (+CONTINUE) with a history restored from an RDB has had no full sync
   * since it started, so no backlog yet: create it at its offset, as redis does, or the stream it
   * applies would not advance master_repl_offset and a promotion would name the wrong offset.
   */
  public void ensureBacklog() {
    if (backlog == null) {
      backlog = new ReplicationBacklog(settings.replBacklogSize(), masterReplOffset);
    }
  }

  /**
   * Restores this node's history from an RDB's repl-id and repl-offset at startup (no backlog:
   * the bytes are gone), so that as a replica it can offer PSYNC to its master after a restart.
   */
  public void restoreHistory(String replid, long offset) {
    ids.setReplid(replid);
    masterReplOffset = offset;
  }

  /**
   * Promotion (REPLICAOF NO ONE): a new replid, keeping the old one as replid2 valid up to
   * master_repl_offset + 1 so replicas of the old master can continue here with PSYNC.
   */
  public void promote() {
    following(false);
    if (bugs.isOn(InjectedBug.PROMOTE_WITHOUT_REPLID2)) {
      ids.changeReplicationId();
      ids.clearReplicationId2();
    } else {
      ids.shiftReplicationId(masterReplOffset);
    }
    log.log(
        ReplicationLogSink.Level.NOTICE,
        "Setting secondary replication ID to "
            + ids.replid2()
            + ", valid up to offset: "
            + ids.secondReplidOffset()
            + ". New replication ID is "
            + ids.replid());
  }

  /** DEBUG CHANGE-REPL-ID: a new replid and no second id. */
  public void debugChangeReplId() {
    ids.changeReplicationId();
    ids.clearReplicationId2();
  }

  /** CONFIG SET repl-backlog-size: takes effect at once, keeping the newest bytes. */
  public void resizeBacklog(long size) {
    settings.replBacklogSize(size);
    if (backlog != null) {
      backlog.resize(size);
    }
  }

  // ---------------------------------------------------------------- propagation

  /**
   * Propagates a write applied in {@code db} (redis's replicationFeedSlaves): a SELECT first when
   * the stream is in another db, then the command, into the backlog and to every replica. Nothing
   * happens while no backlog exists and no replica is attached, or while following a master.
   */
  public void feed(int db, List<byte[]> argv) {
    if (following || (backlog == null && replicas.isEmpty())) {
      return;
    }
    if (db != streamDb) {
      feedStream(RespCommands.encode(RespCommands.args("SELECT", Integer.toString(db))));
      streamDb = db;
    }
    feedStream(RespCommands.encode(argv));
  }

  /**
   * Appends raw stream bytes: the backlog takes them and so does every replica past
   * wait_bgsave_start (held until its snapshot is delivered). A chained replica calls this with
   * the bytes it received from its master, unchanged.
   */
  public void feedStream(byte[] bytes) {
    if (bytes.length == 0) {
      return;
    }
    if (backlog == null) {
      if (replicas.isEmpty()) {
        return;
      }
      backlog = new ReplicationBacklog(settings.replBacklogSize(), masterReplOffset);
    }
    backlog.append(bytes);
    masterReplOffset += bytes.length;
    List<ReplicaClient> overLimit = new ArrayList<>();
    long now = clock.currentTimeMillis();
    for (ReplicaClient r : replicas.values()) {
      // Replicas waiting for their snapshot to start will get the stream from its offset.
      if (r.state() == ReplicaClientState.WAIT_BGSAVE_START) {
        continue;
      }
      if (r.state() != ReplicaClientState.ONLINE
          && bugs.isOn(InjectedBug.DROP_WRITES_DURING_SNAPSHOT)) {
        continue;
      }
      r.writeStream(bytes, masterReplOffset);
      if (r.overOutputLimit(settings.replicaOutputBufferLimit(), now)) {
        overLimit.add(r);
      }
    }
    for (ReplicaClient r : overLimit) {
      dropReplica(
          r,
          "Client "
              + r.name()
              + " scheduled to be closed ASAP for overcoming of output buffer limits.");
    }
  }

  // ---------------------------------------------------------------- SYNC / PSYNC

  /** What a replica told us before asking to sync (REPLCONF listening-port, ip-address, capa). */
  public record ReplicaHandshake(
      long clientId,
      String ip,
      int listeningPort,
      boolean capaEof,
      boolean capaPsync2,
      boolean rdbOnly) {
    /** A replica that wants the stream after the snapshot (not REPLCONF rdb-only). */
    public ReplicaHandshake(
        long clientId, String ip, int listeningPort, boolean capaEof, boolean capaPsync2) {
      this(clientId, ip, listeningPort, capaEof, capaPsync2, false);
    }
  }

  /**
   * Handles {@code PSYNC replid offset} (or {@code SYNC} when {@code replid} is null): decides,
   * answers {@code +CONTINUE} with the backlog, or registers the replica for a full sync (the
   * {@code +FULLRESYNC} line goes out when its snapshot starts, see {@link #startSnapshot}).
   */
  public PsyncDecision sync(
      ReplicaHandshake who, String replid, long offset, ReplicaOutput output) {
    long now = clock.currentTimeMillis();
    String name =
        who.listeningPort() > 0 ? who.ip() + ":" + who.listeningPort() : "client id #" + who.clientId();
    log.log(ReplicationLogSink.Level.NOTICE, "Replica " + name + " asks for synchronization");
    PsyncDecision d;
    if (replid == null) {
      d =
          new PsyncDecision(
              PsyncDecision.Outcome.FULLRESYNC,
              PsyncDecision.Reason.FULL_RESYNC_REQUESTED,
              "Full resync requested by replica " + name + " (SYNC)");
    } else {
      d = PsyncDecider.decide(replid, offset, ids, backlog, bugs);
    }
    replicas.remove(who.clientId());
    if (d.isContinue()) {
      ReplicaClient r = newReplica(who, output, ReplicaClientState.ONLINE, now);
      String line = who.capaPsync2() ? "+CONTINUE " + ids.replid() + "\r\n" : "+CONTINUE\r\n";
      r.writeDirect(line.getBytes(StandardCharsets.US_ASCII));
      byte[] missing = backlog.copyFrom(offset);
      if (missing.length > 0) {
        r.writeDirect(missing);
      }
      r.goOnline(now, masterReplOffset, true);
      statSyncPartialOk++;
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "Partial resynchronization request from "
              + name
              + " accepted. Sending "
              + missing.length
              + " bytes of backlog starting from offset "
              + offset
              + ".");
      return d;
    }
    if (d.countsAsPartialError()) {
      statSyncPartialErr++;
    }
    log.log(ReplicationLogSink.Level.NOTICE, d.logMessage());
    statSyncFull++;
    ReplicaClient r = newReplica(who, output, ReplicaClientState.WAIT_BGSAVE_START, now);
    // SYNC (pre-PSYNC protocol) gets no +FULLRESYNC line; rdb-only clients (redis-cli --rdb)
    // are closed once they have the snapshot.
    r.syncFlags(replid == null, who.rdbOnly());
    if (replicas.size() == 1 && backlog == null) {
      // A new backlog has no valid past: a new id, and no second id.
      ids.changeReplicationId();
      ids.clearReplicationId2();
      backlog = new ReplicationBacklog(settings.replBacklogSize(), masterReplOffset);
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "Replication backlog created, my new replication IDs are '"
              + ids.replid()
              + "' and '"
              + ids.replid2()
              + "'");
    }
    if (snapshotInProgress && snapshotToDisk) {
      // Share the disk snapshot in progress: copy the stream held for a replica already on it.
      for (ReplicaClient other : replicas.values()) {
        if (other != r
            && other.state() == ReplicaClientState.WAIT_BGSAVE_END
            && other.capaEof() == r.capaEof()) {
          r.shareSnapshotOf(other);
          if (!r.prePsync()) {
            r.writeDirect(fullResyncLine(other.snapshotOffset()));
          }
          log.log(
              ReplicationLogSink.Level.NOTICE,
              "Waiting for end of BGSAVE for SYNC");
          break;
        }
      }
    }
    return d;
  }

  private ReplicaClient newReplica(
      ReplicaHandshake who, ReplicaOutput output, ReplicaClientState state, long now) {
    ReplicaClient r =
        new ReplicaClient(
            who.clientId(), who.ip(), who.listeningPort(), who.capaEof(), who.capaPsync2(), output,
            state, now);
    replicas.put(who.clientId(), r);
    return r;
  }

  private byte[] fullResyncLine(long offset) {
    return ("+FULLRESYNC " + ids.replid() + " " + offset + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  // ---------------------------------------------------------------- full sync life cycle

  /**
   * Whether a snapshot for replication should start now: replicas wait for one and none is in
   * progress; diskless syncs wait repl-diskless-sync-delay so more replicas can share one.
   */
  public boolean shouldStartSnapshot() {
    if (snapshotInProgress) {
      return false;
    }
    long now = clock.currentTimeMillis();
    long delayMillis = settings.replDisklessSync() ? settings.replDisklessSyncDelaySeconds() * 1000 : 0;
    for (ReplicaClient r : replicas.values()) {
      if (r.state() == ReplicaClientState.WAIT_BGSAVE_START
          && now - r.ackTimeMillis() >= delayMillis) {
        return true;
      }
    }
    return false;
  }

  /**
   * Starts the snapshot: call in the same core step that takes the point-in-time copy of the
   * dataset. Every replica waiting for a snapshot gets {@code +FULLRESYNC <replid> <offset>} with
   * the current offset, and from now on the stream is held for it. Returns those replicas.
   *
   * @param toDisk true for an RDB file in {@code dir}, false for diskless ({@code $EOF:})
   */
  public List<ReplicaClient> startSnapshot(boolean toDisk) {
    List<ReplicaClient> included = new ArrayList<>();
    for (ReplicaClient r : replicas.values()) {
      if (r.state() == ReplicaClientState.WAIT_BGSAVE_START) {
        r.state(ReplicaClientState.WAIT_BGSAVE_END);
        r.snapshotOffset(masterReplOffset);
        if (!r.prePsync()) {
          r.writeDirect(fullResyncLine(masterReplOffset));
        }
        included.add(r);
      }
    }
    if (!included.isEmpty()) {
      snapshotInProgress = true;
      snapshotToDisk = toDisk;
      // The replica starts in db 0 after loading: the next write must SELECT.
      streamDb = -1;
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "Starting BGSAVE for SYNC with target: " + (toDisk ? "disk" : "replicas sockets"));
    }
    return included;
  }

  /** The snapshot bytes are about to go to {@code r}. */
  public void sendingSnapshot(ReplicaClient r) {
    if (r.state() == ReplicaClientState.WAIT_BGSAVE_END) {
      r.state(ReplicaClientState.SEND_BULK);
    }
  }

  /** Sends snapshot bytes (the {@code $len} or {@code $EOF:} framing included) to {@code r}. */
  public void sendSnapshotBytes(ReplicaClient r, byte[] bytes) {
    r.writeSnapshot(bytes);
  }

  /**
   * The whole snapshot has been handed to {@code r}'s connection: the replica is online and the
   * stream held since the snapshot offset follows, exactly once and in order: at once after a
   * disk transfer, at the replica's first ACK after a diskless one (as redis does, so that the
   * replica finds the EOF mark at the end of what it read).
   */
  public void snapshotDelivered(ReplicaClient r, boolean diskless) {
    if (r.isClosed() || !replicas.containsKey(r.clientId())) {
      return;
    }
    if (r.rdbOnly()) {
      replicas.remove(r.clientId());
      r.closeAfterWrites("rdb-only transfer done");
      log.log(ReplicationLogSink.Level.NOTICE, "Snapshot sent to rdb-only client " + r.name());
      return;
    }
    r.goOnline(clock.currentTimeMillis(), masterReplOffset, !diskless);
    log.log(ReplicationLogSink.Level.NOTICE, "Synchronization with replica " + r.name() + " succeeded");
  }

  /** The snapshot ended (delivered or failed); replicas that arrived meanwhile need another. */
  public void snapshotFinished() {
    snapshotInProgress = false;
  }

  /** The snapshot failed: replicas waiting on it are dropped and will retry. */
  public void snapshotFailed(String reason) {
    snapshotInProgress = false;
    for (ReplicaClient r : new ArrayList<>(replicas.values())) {
      if (r.state() == ReplicaClientState.WAIT_BGSAVE_END
          || r.state() == ReplicaClientState.SEND_BULK) {
        dropReplica(r, "SYNC failed. BGSAVE child returned an error: " + reason);
      }
    }
  }

  public boolean snapshotInProgress() {
    return snapshotInProgress;
  }

  // ---------------------------------------------------------------- ACK, WAIT, min-replicas

  /** {@code REPLCONF ACK <offset>} from replica {@code clientId}. */
  public void ack(long clientId, long offset) {
    ReplicaClient r = replicas.get(clientId);
    if (r != null) {
      r.ack(offset, clock.currentTimeMillis());
      if (r.state() == ReplicaClientState.ONLINE) {
        r.release(masterReplOffset);
      }
    }
  }

  /**
   * How many online replicas acknowledged {@code offset} or more (redis's
   * replicationCountAcksByOffset), what WAIT reports.
   */
  public int countAcked(long offset) {
    int n = 0;
    boolean countSent = bugs.isOn(InjectedBug.WAIT_COUNTS_SENT);
    for (ReplicaClient r : replicas.values()) {
      if (r.state() != ReplicaClientState.ONLINE) {
        continue;
      }
      long acked = countSent ? Math.max(r.ackOffset(), r.sentOffset()) : r.ackOffset();
      if (acked >= offset) {
        n++;
      }
    }
    return n;
  }

  /** Online replicas whose last ACK is at most min-replicas-max-lag seconds old. */
  public int goodReplicas() {
    long now = clock.currentTimeMillis();
    int n = 0;
    for (ReplicaClient r : replicas.values()) {
      long lagSeconds = (now - r.ackTimeMillis()) / 1000;
      if (r.state() == ReplicaClientState.ONLINE
          && lagSeconds <= settings.minReplicasMaxLagSeconds()) {
        n++;
      }
    }
    return n;
  }

  /**
   * True when min-replicas-to-write refuses writes now ({@code -NOREPLICAS Not enough good
   * replicas to write.}); never on a node that follows a master.
   */
  public boolean writesRefused() {
    return !following
        && settings.minReplicasToWrite() > 0
        && settings.minReplicasMaxLagSeconds() > 0
        && goodReplicas() < settings.minReplicasToWrite();
  }

  /** Seconds since the replica's last ACK, as INFO's lag field. */
  public long lagSeconds(ReplicaClient r) {
    return (clock.currentTimeMillis() - r.ackTimeMillis()) / 1000;
  }

  // ---------------------------------------------------------------- connections

  /** The replica's connection closed. */
  public void replicaDisconnected(long clientId) {
    ReplicaClient r = replicas.remove(clientId);
    if (r != null) {
      r.close("connection closed");
      log.log(ReplicationLogSink.Level.NOTICE, "Connection with replica " + r.name() + " lost.");
      if (replicas.isEmpty()) {
        noReplicasSinceMillis = clock.currentTimeMillis();
      }
    }
  }

  /** Closes every replica (a chained replica whose history changed, REPLICAOF). */
  public void disconnectReplicas() {
    for (ReplicaClient r : new ArrayList<>(replicas.values())) {
      dropReplica(r, "Disconnecting replica " + r.name());
    }
  }

  private void dropReplica(ReplicaClient r, String why) {
    log.log(ReplicationLogSink.Level.WARNING, why);
    replicas.remove(r.clientId());
    r.close(why);
    if (replicas.isEmpty()) {
      noReplicasSinceMillis = clock.currentTimeMillis();
    }
  }

  // ---------------------------------------------------------------- cron

  /**
   * Periodic duties (redis's replicationCron); call at least once a second. Pings online replicas
   * every repl-ping-replica-period (through the stream, so they count in offsets), sends newlines
   * to replicas waiting for a disk snapshot, drops replicas silent for repl-timeout or over their
   * output buffer limit, and frees the backlog after repl-backlog-ttl without replicas.
   */
  public void cron() {
    long now = clock.currentTimeMillis();
    if (!following
        && !replicas.isEmpty()
        && now - lastPingMillis >= settings.replPingReplicaPeriodSeconds() * 1000) {
      lastPingMillis = now;
      feedStream(PING);
    }
    if (now - lastNewlineMillis >= 1000) {
      lastNewlineMillis = now;
      for (ReplicaClient r : replicas.values()) {
        boolean waitsForDisk =
            r.state() == ReplicaClientState.WAIT_BGSAVE_START
                || (r.state() == ReplicaClientState.WAIT_BGSAVE_END && snapshotToDisk);
        if (waitsForDisk) {
          r.writeDirect(NEWLINE);
        }
      }
    }
    long timeoutMillis = settings.replTimeoutSeconds() * 1000;
    for (ReplicaClient r : new ArrayList<>(replicas.values())) {
      if (r.state() == ReplicaClientState.ONLINE && now - r.ackTimeMillis() > timeoutMillis) {
        dropReplica(r, "Disconnecting timedout replica (streaming sync): " + r.name());
      } else if (r.overOutputLimit(settings.replicaOutputBufferLimit(), now)) {
        dropReplica(
            r,
            "Client "
                + r.name()
                + " scheduled to be closed ASAP for overcoming of output buffer limits.");
      }
    }
    if (!following
        && backlog != null
        && replicas.isEmpty()
        && settings.replBacklogTtlSeconds() > 0
        && now - noReplicasSinceMillis > settings.replBacklogTtlSeconds() * 1000) {
      // Without the backlog our offsets name no history anyone can continue: a new id.
      ids.changeReplicationId();
      ids.clearReplicationId2();
      backlog = null;
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "Replication backlog freed after "
              + settings.replBacklogTtlSeconds()
              + " seconds without connected replicas.");
    }
  }

  // ---------------------------------------------------------------- INFO

  /** The master part of INFO replication: connected_slaves and one slaveN line per replica. */
  public void appendReplicaLines(StringBuilder sb) {
    sb.append("connected_slaves:").append(replicas.size()).append("\r\n");
    int i = 0;
    for (ReplicaClient r : replicas.values()) {
      sb.append("slave")
          .append(i++)
          .append(":ip=")
          .append(r.ip())
          .append(",port=")
          .append(r.listeningPort())
          .append(",state=")
          .append(r.state().infoName())
          .append(",offset=")
          .append(r.ackOffset())
          .append(",lag=")
          .append(lagSeconds(r))
          .append("\r\n");
    }
  }

  /** The id, offset and backlog fields of INFO replication, in redis's order. */
  public void appendOffsetLines(StringBuilder sb) {
    sb.append("master_failover_state:no-failover\r\n");
    sb.append("master_replid:").append(ids.replid()).append("\r\n");
    sb.append("master_replid2:").append(ids.replid2()).append("\r\n");
    sb.append("master_repl_offset:").append(masterReplOffset).append("\r\n");
    sb.append("second_repl_offset:").append(ids.secondReplidOffset()).append("\r\n");
    sb.append("repl_backlog_active:").append(backlog == null ? 0 : 1).append("\r\n");
    sb.append("repl_backlog_size:").append(settings.replBacklogSize()).append("\r\n");
    sb.append("repl_backlog_first_byte_offset:")
        .append(backlog == null ? 0 : backlog.firstByteOffset())
        .append("\r\n");
    sb.append("repl_backlog_histlen:").append(backlog == null ? 0 : backlog.histlen()).append("\r\n");
  }
}
