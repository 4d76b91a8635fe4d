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
 * stream, PSYNC handling, ACKs and the cron (pings, newlines, timeouts, output buffer limits,
 * backlog TTL), with two rooms of its own: {@link FullSyncCycle} (wait_bgsave, send_bulk, online,
 * the stream held for a replica during its snapshot) and {@link ReplicaAcks} (WAIT's count,
 * min-replicas). A chained replica uses the same object to forward its master's stream unchanged.
 *
 * <p>No I/O and no clock of its own: connections are {@link ReplicaOutput}s, time comes from the
 * injected clock (milliseconds). Single-threaded: the command core owns it.
 */
public final class ReplicationMaster {
  private final ReplicationIds ids;
  private final ReplicationSettings settings;
  private final BugSwitch bugs;
  private final Clock clock;
  private final ReplicationLogSink log;
  private final Map<Long, ReplicaClient> replicas = new LinkedHashMap<>();
  private final FullSyncCycle fullSync;
  private final ReplicaAcks acks;
  private final ReplicationCron cron;
  private final Failover failover = new Failover();

  private ReplicationBacklog backlog;
  private long masterReplOffset;

  /** The db the stream last SELECTed (redis's server.slaveseldb), -1 to force a SELECT. */
  private int streamDb = -1;

  /** True while this node follows a master: its stream is the master's, forwarded. */
  private boolean following;

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
    this.noReplicasSinceMillis = now;
    this.fullSync = new FullSyncCycle(this, settings, clock, log);
    this.acks = new ReplicaAcks(this, settings, bugs, clock);
    this.cron = new ReplicationCron(this, settings, clock, log, now);
  }

  /** The full-sync life cycle of replicas: snapshot start, transfer, online. */
  public FullSyncCycle fullSync() {
    return fullSync;
  }

  /** What replicas acknowledged: WAIT's count, min-replicas-to-write. */
  public ReplicaAcks acks() {
    return acks;
  }

  /** The coordinated failover's state (FAILOVER). */
  public Failover failover() {
    return failover;
  }

  /** The replicas by client id, in connection order (for this package's other rooms). */
  Map<Long, ReplicaClient> replicasById() {
    return replicas;
  }

  /** The replicas' next write must SELECT (they start in db 0 after loading a snapshot). */
  void forceSelect() {
    streamDb = -1;
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
   * Restores this node's history from an RDB's repl-id and repl-offset at startup (no backlog: the
   * bytes are gone), so that as a replica it can offer PSYNC to its master after a restart.
   */
  public void restoreHistory(String replid, long offset) {
    ids.setReplid(replid);
    masterReplOffset = offset;
  }

  /**
   * A master started from an RDB with repl-id and repl-offset (redis 7.0's loadDataFromDisk): that
   * history becomes replid2, valid up to the offset + 1, under a new id, with a backlog that starts
   * there; its replicas continue with PSYNC after a persisting restart.
   */
  public void restoreAsMaster(String replid, long offset) {
    ids.setReplid(replid);
    masterReplOffset = offset;
    ids.shiftReplicationId(offset);
    backlog = new ReplicationBacklog(settings.replBacklogSize(), masterReplOffset);
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
    feed(db, argv.toArray(new byte[0][]));
  }

  /** As {@link #feed(int, List)}: the command is encoded once for the backlog and every replica. */
  public void feed(int db, byte[][] argv) {
    if (following || (backlog == null && replicas.isEmpty())) {
      return;
    }
    if (db != streamDb) {
      feedStream(RespCommands.select(db));
      streamDb = db;
    }
    int len = RespCommands.encodedLength(argv);
    if (len > MAX_SCRATCH) {
      feedStream(RespCommands.encode(argv));
      return;
    }
    if (scratch.length < len) {
      scratch = new byte[Math.max(len, 2 * scratch.length)];
    }
    // One frame buffer reused for every write: the backlog and the outputs copy what they keep.
    feedStream(scratch, 0, RespCommands.encode(argv, scratch));
  }

  /** Frames up to this size are encoded into {@link #scratch}; bigger ones get their own array. */
  private static final int MAX_SCRATCH = 1 << 20;

  private byte[] scratch = new byte[4096];

  /**
   * Appends raw stream bytes: the backlog takes them and so does every replica past
   * wait_bgsave_start (held until its snapshot is delivered). A chained replica calls this with the
   * bytes it received from its master, unchanged. The replicas' outputs copy what they keep.
   */
  public void feedStream(byte[] bytes) {
    feedStream(bytes, 0, bytes.length);
  }

  /** As {@link #feedStream(byte[])} for {@code len} bytes of {@code bytes} from {@code off}. */
  public void feedStream(byte[] bytes, int off, int len) {
    if (len == 0) {
      return;
    }
    if (backlog == null) {
      if (replicas.isEmpty()) {
        return;
      }
      backlog = new ReplicationBacklog(settings.replBacklogSize(), masterReplOffset);
    }
    backlog.append(bytes, off, len);
    masterReplOffset += len;
    if (replicas.isEmpty()) {
      return;
    }
    List<ReplicaClient> overLimit = null;
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
      r.writeStream(bytes, off, len, masterReplOffset);
      if (r.overOutputLimit(settings.replicaOutputBufferLimit(), now)) {
        if (overLimit == null) {
          overLimit = new ArrayList<>(1);
        }
        overLimit.add(r);
      }
    }
    if (overLimit == null) {
      return;
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
        who.listeningPort() > 0
            ? who.ip() + ":" + who.listeningPort()
            : "client id #" + who.clientId();
    log.log(ReplicationLogSink.Level.NOTICE, "Replica " + name + " asks for synchronization");
    PsyncDecision d;
    if (replid == null) {
      d =
          new PsyncDecision(
              PsyncDecision.Outcome.FULLRESYNC,
              PsyncDecision.Reason.FULL_RESYNC_REQUESTED,
              "Full resync requested by replica " + name + " (SYNC)");
    } else {
      if (replid.equals("?")
          && backlog != null
          && bugs.isOn(InjectedBug.CONTINUE_WITHOUT_HISTORY)) {
        // "no history" taken as "everything up to now": the next byte of the current history
        replid = ids.replid();
        offset = masterReplOffset + 1;
      }
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
    if (fullSync.inProgress() && fullSync.toDisk()) {
      // Share the disk snapshot in progress: copy the stream held for a replica already on it.
      for (ReplicaClient other : replicas.values()) {
        if (other != r
            && other.state() == ReplicaClientState.WAIT_BGSAVE_END
            && other.capaEof() == r.capaEof()) {
          r.shareSnapshotOf(other);
          if (!r.prePsync()) {
            r.writeDirect(fullResyncLine(other.snapshotOffset()));
          }
          log.log(ReplicationLogSink.Level.NOTICE, "Waiting for end of BGSAVE for SYNC");
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
            who.clientId(),
            who.ip(),
            who.listeningPort(),
            who.capaEof(),
            who.capaPsync2(),
            output,
            state,
            now);
    replicas.put(who.clientId(), r);
    return r;
  }

  byte[] fullResyncLine(long offset) {
    return ("+FULLRESYNC " + ids.replid() + " " + offset + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  // ---------------------------------------------------------------- ACK

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
   * A newline from replica {@code clientId} (it is loading its snapshot): counts as an ACK's time.
   */
  public void newline(long clientId) {
    ReplicaClient r = replicas.get(clientId);
    if (r != null) {
      r.touch(clock.currentTimeMillis());
    }
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

  void dropReplica(ReplicaClient r, String why) {
    log.log(ReplicationLogSink.Level.WARNING, why);
    replicas.remove(r.clientId());
    r.close(why);
    if (replicas.isEmpty()) {
      noReplicasSinceMillis = clock.currentTimeMillis();
    }
  }

  // ---------------------------------------------------------------- cron
  // ---------------------------------------------------------------- cron

  /**
   * Periodic duties (redis's replicationCron); call at least once a second. See {@link
   * ReplicationCron}.
   */
  public void cron() {
    cron.run();
  }

  /** When the last replica went away (for the backlog's TTL). */
  long noReplicasSinceMillis() {
    return noReplicasSinceMillis;
  }

  /** Frees the backlog (repl-backlog-ttl passed without replicas). */
  void freeBacklog() {
    backlog = null;
  }
}
