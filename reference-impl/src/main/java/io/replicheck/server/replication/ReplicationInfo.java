package io.replicheck.server.replication;

import io.replicheck.server.resp.ReplySink;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** INFO replication and ROLE, field for field as redis 7.0 prints them. */
final class ReplicationInfo {
  private ReplicationInfo() {}

  /** INFO replication, field for field as redis 7.0 prints it. */
  static void info(StringBuilder sb, ReplicationNode node) {
    ReplicaLink link = node.link();
    ReplicationMaster master = node.master();
    ReplicationSettings settings = node.settings();
    long now = node.core().clock().currentTimeMillis();
    if (!link.isReplica()) {
      sb.append("role:master\r\n");
    } else {
      boolean up = link.state() == ReplicaLinkState.CONNECTED;
      sb.append("role:slave\r\n");
      sb.append("master_host:").append(link.masterHost()).append("\r\n");
      sb.append("master_port:").append(link.masterPort()).append("\r\n");
      sb.append("master_link_status:").append(up ? "up" : "down").append("\r\n");
      sb.append("master_last_io_seconds_ago:")
          .append(up ? link.lastIoMillisAgo() / 1000 : -1)
          .append("\r\n");
      sb.append("master_sync_in_progress:")
          .append(link.state() == ReplicaLinkState.TRANSFER ? 1 : 0)
          .append("\r\n");
      sb.append("slave_read_repl_offset:").append(link.readReplOffset()).append("\r\n");
      sb.append("slave_repl_offset:").append(link.replOffset()).append("\r\n");
      if (link.state() == ReplicaLinkState.TRANSFER) {
        long total = link.transferSize();
        long read = link.transferRead();
        sb.append("master_sync_total_bytes:").append(total).append("\r\n");
        sb.append("master_sync_read_bytes:").append(read).append("\r\n");
        sb.append("master_sync_left_bytes:").append(total < 0 ? -1 : total - read).append("\r\n");
        double perc = total > 0 ? 100.0 * read / total : 0;
        sb.append("master_sync_perc:")
            .append(String.format(Locale.ROOT, "%.2f", perc))
            .append("\r\n");
        sb.append("master_sync_last_io_seconds_ago:")
            .append(link.lastIoMillisAgo() / 1000)
            .append("\r\n");
      }
      if (!up) {
        long since = link.linkDownSinceMillis();
        sb.append("master_link_down_since_seconds:")
            .append(since == 0 ? -1 : (now - since) / 1000)
            .append("\r\n");
      }
      sb.append("slave_priority:").append(settings.replicaPriority()).append("\r\n");
      sb.append("slave_read_only:")
          .append(node.core().config().replicaReadOnly ? 1 : 0)
          .append("\r\n");
      sb.append("replica_announced:").append(settings.replicaAnnounced() ? 1 : 0).append("\r\n");
    }
    StringBuilder lines = new StringBuilder();
    replicaLines(lines, master);
    String l = lines.toString();
    int firstEnd = l.indexOf("\r\n") + 2;
    sb.append(l, 0, firstEnd);
    if (settings.minReplicasToWrite() > 0 && settings.minReplicasMaxLagSeconds() > 0) {
      sb.append("min_slaves_good_slaves:").append(master.acks().goodReplicas()).append("\r\n");
    }
    sb.append(l.substring(firstEnd));
    offsetLines(sb, master, settings);
  }

  /** ROLE's reply. */
  static void role(ReplySink r, ReplicaLink link, ReplicationMaster master) {
    if (!link.isReplica()) {
      List<ReplicaClient> online = new ArrayList<>();
      for (ReplicaClient rc : master.replicas()) {
        if (rc.state() == ReplicaClientState.ONLINE) {
          online.add(rc);
        }
      }
      r.arrayHeader(3);
      r.bulk("master");
      r.integer(master.masterReplOffset());
      r.arrayHeader(online.size());
      for (ReplicaClient rc : online) {
        r.arrayHeader(3);
        r.bulk(rc.ip());
        r.bulk(Integer.toString(rc.listeningPort()));
        r.bulk(Long.toString(rc.ackOffset()));
      }
      return;
    }
    r.arrayHeader(5);
    r.bulk("slave");
    r.bulk(link.masterHost());
    r.integer(link.masterPort());
    r.bulk(link.state().roleName());
    r.integer(link.state() == ReplicaLinkState.CONNECTED ? link.replOffset() : -1);
  }

  /** The master part of INFO replication: connected_slaves and one slaveN line per replica. */
  static void replicaLines(StringBuilder sb, ReplicationMaster master) {
    sb.append("connected_slaves:").append(master.replicas().size()).append("\r\n");
    int i = 0;
    for (ReplicaClient r : master.replicas()) {
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
          .append(master.lagSeconds(r))
          .append("\r\n");
    }
  }

  /** The id, offset and backlog fields of INFO replication, in redis's order. */
  static void offsetLines(
      StringBuilder sb, ReplicationMaster master, ReplicationSettings settings) {
    ReplicationIds ids = master.ids();
    ReplicationBacklog backlog = master.backlog();
    sb.append("master_failover_state:").append(master.failover().state().infoName()).append("\r\n");
    sb.append("master_replid:").append(ids.replid()).append("\r\n");
    sb.append("master_replid2:").append(ids.replid2()).append("\r\n");
    sb.append("master_repl_offset:").append(master.masterReplOffset()).append("\r\n");
    sb.append("second_repl_offset:").append(ids.secondReplidOffset()).append("\r\n");
    sb.append("repl_backlog_active:").append(backlog == null ? 0 : 1).append("\r\n");
    sb.append("repl_backlog_size:").append(settings.replBacklogSize()).append("\r\n");
    sb.append("repl_backlog_first_byte_offset:")
        .append(backlog == null ? 0 : backlog.firstByteOffset())
        .append("\r\n");
    sb.append("repl_backlog_histlen:")
        .append(backlog == null ? 0 : backlog.histlen())
        .append("\r\n");
  }
}
