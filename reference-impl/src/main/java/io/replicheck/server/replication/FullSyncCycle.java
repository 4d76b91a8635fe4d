package io.replicheck.server.replication;

import io.replicheck.server.core.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The full-sync life cycle of the master's replicas, after redis's replication.c: replicas wait for
 * a snapshot (wait_bgsave_start), one snapshot starts for all of them with {@code +FULLRESYNC
 * <replid> <offset>} (wait_bgsave_end, the stream held for each from that offset), its bytes are
 * sent (send_bulk), and each goes online with the held stream following. Driven by the edge ({@link
 * FullSyncJob}, or a test) that takes and writes the snapshot.
 */
public final class FullSyncCycle {
  private final ReplicationMaster master;
  private final ReplicationSettings settings;
  private final Clock clock;
  private final ReplicationLogSink log;
  private boolean inProgress;
  private boolean toDisk;

  FullSyncCycle(
      ReplicationMaster master, ReplicationSettings settings, Clock clock, ReplicationLogSink log) {
    this.master = master;
    this.settings = settings;
    this.clock = clock;
    this.log = log;
  }

  /**
   * Whether a snapshot for replication should start now: replicas wait for one and none is in
   * progress; diskless syncs wait repl-diskless-sync-delay so more replicas can share one.
   */
  public boolean shouldStartSnapshot() {
    if (inProgress) {
      return false;
    }
    long now = clock.currentTimeMillis();
    long delayMillis =
        settings.replDisklessSync() ? settings.replDisklessSyncDelaySeconds() * 1000 : 0;
    for (ReplicaClient r : master.replicasById().values()) {
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
    for (ReplicaClient r : master.replicasById().values()) {
      if (r.state() == ReplicaClientState.WAIT_BGSAVE_START) {
        r.state(ReplicaClientState.WAIT_BGSAVE_END);
        r.snapshotOffset(master.masterReplOffset());
        if (!r.prePsync()) {
          r.writeDirect(master.fullResyncLine(master.masterReplOffset()));
        }
        included.add(r);
      }
    }
    if (!included.isEmpty()) {
      inProgress = true;
      this.toDisk = toDisk;
      // The replica starts in db 0 after loading: the next write must SELECT.
      master.forceSelect();
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
   * stream held since the snapshot offset follows, exactly once and in order: at once after a disk
   * transfer, at the replica's first ACK after a diskless one (as redis does, so that the replica
   * finds the EOF mark at the end of what it read).
   */
  public void snapshotDelivered(ReplicaClient r, boolean diskless) {
    if (r.isClosed() || !master.replicasById().containsKey(r.clientId())) {
      return;
    }
    if (r.rdbOnly()) {
      master.replicasById().remove(r.clientId());
      r.closeAfterWrites("rdb-only transfer done");
      log.log(ReplicationLogSink.Level.NOTICE, "Snapshot sent to rdb-only client " + r.name());
      return;
    }
    r.goOnline(clock.currentTimeMillis(), master.masterReplOffset(), !diskless);
    log.log(
        ReplicationLogSink.Level.NOTICE, "Synchronization with replica " + r.name() + " succeeded");
  }

  /** The snapshot ended (delivered or failed); replicas that arrived meanwhile need another. */
  public void snapshotFinished() {
    inProgress = false;
  }

  /** The snapshot failed: replicas waiting on it are dropped and will retry. */
  public void snapshotFailed(String reason) {
    inProgress = false;
    for (ReplicaClient r : new ArrayList<>(master.replicasById().values())) {
      if (r.state() == ReplicaClientState.WAIT_BGSAVE_END
          || r.state() == ReplicaClientState.SEND_BULK) {
        master.dropReplica(r, "SYNC failed. BGSAVE child returned an error: " + reason);
      }
    }
  }

  public boolean snapshotInProgress() {
    return inProgress;
  }

  /** True when the snapshot in progress (or the last) goes through an RDB file. */
  boolean toDisk() {
    return toDisk;
  }

  boolean inProgress() {
    return inProgress;
  }
}
