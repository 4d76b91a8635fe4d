package io.replicheck.server.replication;

import io.replicheck.server.core.Clock;
import java.util.ArrayList;

/**
 * The master side's periodic duties, after redis's replicationCron: pings online replicas every
 * repl-ping-replica-period (through the stream, so they count in offsets), sends newlines to
 * replicas waiting for a disk snapshot, drops replicas silent for repl-timeout or over their output
 * buffer limit, and frees the backlog after repl-backlog-ttl without replicas.
 */
final class ReplicationCron {
  private static final byte[] PING = RespCommands.encode("PING");
  private static final byte[] NEWLINE = {'\n'};

  private final ReplicationMaster master;
  private final ReplicationSettings settings;
  private final Clock clock;
  private final ReplicationLogSink log;
  private long lastPingMillis;
  private long lastNewlineMillis;

  ReplicationCron(
      ReplicationMaster master,
      ReplicationSettings settings,
      Clock clock,
      ReplicationLogSink log,
      long now) {
    this.master = master;
    this.settings = settings;
    this.clock = clock;
    this.log = log;
    this.lastPingMillis = now;
    this.lastNewlineMillis = now;
  }

  /** One round of the duties; call at least once a second. */
  void run() {
    long now = clock.currentTimeMillis();
    if (!master.following()
        && !master.replicasById().isEmpty()
        && now - lastPingMillis >= settings.replPingReplicaPeriodSeconds() * 1000) {
      lastPingMillis = now;
      // As redis: no PING during a failover with a deadline, it would move the offset to match.
      if (!master.failover().hasDeadline()) {
        master.feedStream(PING);
      }
    }
    if (now - lastNewlineMillis >= 1000) {
      lastNewlineMillis = now;
      for (ReplicaClient r : master.replicasById().values()) {
        boolean waitsForDisk =
            r.state() == ReplicaClientState.WAIT_BGSAVE_START
                || (r.state() == ReplicaClientState.WAIT_BGSAVE_END && master.fullSync().toDisk());
        if (waitsForDisk) {
          r.writeDirect(NEWLINE);
        }
      }
    }
    long timeoutMillis = settings.replTimeoutSeconds() * 1000;
    for (ReplicaClient r : new ArrayList<>(master.replicasById().values())) {
      if (r.state() == ReplicaClientState.ONLINE && now - r.ackTimeMillis() > timeoutMillis) {
        master.dropReplica(r, "Disconnecting timedout replica (streaming sync): " + r.name());
      } else if (r.overOutputLimit(settings.replicaOutputBufferLimit(), now)) {
        master.dropReplica(
            r,
            "Client "
                + r.name()
                + " scheduled to be closed ASAP for overcoming of output buffer limits.");
      }
    }
    if (!master.following()
        && master.backlog() != null
        && master.replicasById().isEmpty()
        && settings.replBacklogTtlSeconds() > 0
        && now - master.noReplicasSinceMillis() > settings.replBacklogTtlSeconds() * 1000) {
      // Without the backlog our offsets name no history anyone can continue: a new id.
      master.ids().changeReplicationId();
      master.ids().clearReplicationId2();
      master.freeBacklog();
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "Replication backlog freed after "
              + settings.replBacklogTtlSeconds()
              + " seconds without connected replicas.");
    }
  }
}
