package io.replicheck.server.replication;

import io.replicheck.server.core.Clock;

/**
 * What the replicas acknowledged (REPLCONF ACK): how many reached an offset (WAIT, redis's
 * replicationCountAcksByOffset), and for min-replicas-to-write the online replicas whose last ACK
 * is recent enough (refreshGoodSlavesCount) and whether writes are refused for want of them.
 */
public final class ReplicaAcks {
  private final ReplicationMaster master;
  private final ReplicationSettings settings;
  private final BugSwitch bugs;
  private final Clock clock;

  ReplicaAcks(ReplicationMaster master, ReplicationSettings settings, BugSwitch bugs, Clock clock) {
    this.master = master;
    this.settings = settings;
    this.bugs = bugs;
    this.clock = clock;
  }

  /**
   * How many online replicas acknowledged {@code offset} or more (redis's
   * replicationCountAcksByOffset), what WAIT reports.
   */
  public int countAcked(long offset) {
    int n = 0;
    boolean countSent = bugs.isOn(InjectedBug.WAIT_COUNTS_SENT);
    for (ReplicaClient r : master.replicasById().values()) {
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
    for (ReplicaClient r : master.replicasById().values()) {
      long lagSeconds = (now - r.ackTimeMillis()) / 1000;
      if (r.state() == ReplicaClientState.ONLINE
          && lagSeconds <= settings.minReplicasMaxLagSeconds()) {
        n++;
      }
    }
    return n;
  }

  /**
   * True when min-replicas-to-write refuses writes now ({@code -NOREPLICAS Not enough good replicas
   * to write.}); never on a node that follows a master.
   */
  public boolean writesRefused() {
    return !master.following()
        && settings.minReplicasToWrite() > 0
        && settings.minReplicasMaxLagSeconds() > 0
        && goodReplicas() < settings.minReplicasToWrite();
  }
}
