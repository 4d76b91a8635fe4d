package io.replicheck.server.replication;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The handshake phase of the replica's link, after redis's syncWithMaster: PING, AUTH, REPLCONF
 * listening-port, ip-address and capa eof capa psync2, then PSYNC with the cached master (or {@code
 * ? -1}) and its answer: {@code +CONTINUE} resumes the stream, {@code +FULLRESYNC} starts the
 * transfer, an error falls back to SYNC or tries again later.
 */
final class LinkHandshake {
  private final ReplicaLink link;
  private final ReplicationMaster node;
  private final ReplicationSettings settings;
  private final BugSwitch bugs;
  private final ReplicationLogSink log;
  private final IntSupplier listeningPort;
  private boolean sentIp;
  private boolean sentAuth;

  LinkHandshake(
      ReplicaLink link,
      ReplicationMaster node,
      ReplicationSettings settings,
      BugSwitch bugs,
      ReplicationLogSink log,
      IntSupplier listeningPort) {
    this.link = link;
    this.node = node;
    this.settings = settings;
    this.bugs = bugs;
    this.log = log;
    this.listeningPort = listeningPort;
  }

  /** A reply line from the master during the handshake. */
  void onLine(String line, List<LinkAction> out) {
    switch (link.state) {
      case RECEIVE_PING_REPLY -> {
        // Without auth yet, a master that wants it may refuse PING: that is fine, AUTH follows.
        if (line.startsWith("-")
            && !line.startsWith("-NOAUTH")
            && !line.startsWith("-NOPERM")
            && !line.startsWith("-ERR operation not permitted")) {
          link.fail(out, "Error reply to PING from master: '" + line + "'");
          return;
        }
        log.log(
            ReplicationLogSink.Level.NOTICE, "Master replied to PING, replication can continue...");
        sendHandshake(out);
      }
      case RECEIVE_AUTH_REPLY -> {
        if (line.startsWith("-")) {
          link.fail(out, "Unable to AUTH to MASTER: " + line);
          return;
        }
        link.state = ReplicaLinkState.RECEIVE_PORT_REPLY;
      }
      case RECEIVE_PORT_REPLY -> {
        nonCritical(line, "REPLCONF listening-port");
        link.state =
            sentIp ? ReplicaLinkState.RECEIVE_IP_REPLY : ReplicaLinkState.RECEIVE_CAPA_REPLY;
      }
      case RECEIVE_IP_REPLY -> {
        nonCritical(line, "REPLCONF ip-address");
        link.state = ReplicaLinkState.RECEIVE_CAPA_REPLY;
      }
      case RECEIVE_CAPA_REPLY -> {
        nonCritical(line, "REPLCONF capa");
        link.state = ReplicaLinkState.SEND_PSYNC;
        sendPsync(out);
      }
      case RECEIVE_PSYNC_REPLY -> onPsyncReply(line, out);
      default -> throw new IllegalStateException("handshake line in state " + link.state);
    }
  }

  private void nonCritical(String line, String what) {
    if (line.startsWith("-")) {
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "(Non critical) Master does not understand " + what + ": " + line);
    }
  }

  private void sendHandshake(List<LinkAction> out) {
    link.state = ReplicaLinkState.SEND_HANDSHAKE;
    sentAuth = settings.masterauth() != null;
    if (sentAuth) {
      if (settings.masteruser() != null) {
        out.add(ReplicaLink.send("AUTH", settings.masteruser(), settings.masterauth()));
      } else {
        out.add(ReplicaLink.send("AUTH", settings.masterauth()));
      }
    }
    int port =
        settings.replicaAnnouncePort() > 0
            ? settings.replicaAnnouncePort()
            : listeningPort.getAsInt();
    out.add(ReplicaLink.send("REPLCONF", "listening-port", Integer.toString(port)));
    sentIp = settings.replicaAnnounceIp() != null;
    if (sentIp) {
      out.add(ReplicaLink.send("REPLCONF", "ip-address", settings.replicaAnnounceIp()));
    }
    out.add(ReplicaLink.send("REPLCONF", "capa", "eof", "capa", "psync2"));
    link.state =
        sentAuth ? ReplicaLinkState.RECEIVE_AUTH_REPLY : ReplicaLinkState.RECEIVE_PORT_REPLY;
  }

  private void sendPsync(List<LinkAction> out) {
    if (link.cached.isSet()) {
      long next =
          bugs.isOn(InjectedBug.WRONG_RESUME_OFFSET)
              ? link.cached.offset()
              : link.cached.offset() + 1;
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "Trying a partial resynchronization (request "
              + link.cached.replid()
              + ":"
              + next
              + ").");
      if (node.failover().inProgress()) {
        // A master failing over asks its target to become the master (redis 6.2+).
        out.add(ReplicaLink.send("PSYNC", link.cached.replid(), Long.toString(next), "FAILOVER"));
      } else {
        out.add(ReplicaLink.send("PSYNC", link.cached.replid(), Long.toString(next)));
      }
    } else {
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "Partial resynchronization not possible (no cached master)");
      if (node.failover().inProgress()) {
        out.add(ReplicaLink.send("PSYNC", "?", "-1", "FAILOVER"));
      } else {
        out.add(ReplicaLink.send("PSYNC", "?", "-1"));
      }
    }
    link.state = ReplicaLinkState.RECEIVE_PSYNC_REPLY;
  }

  private void onPsyncReply(String line, List<LinkAction> out) {
    if (line.isEmpty()) {
      return; // The master may send newlines before its reply to keep the link alive.
    }
    if (line.startsWith("+FULLRESYNC")) {
      String[] parts = line.split(" ");
      long offset;
      try {
        offset = parts.length == 3 ? Long.parseLong(parts[2]) : -1;
      } catch (NumberFormatException e) {
        offset = -1;
      }
      if (parts.length != 3 || !ReplicationIds.isValidId(parts[1]) || offset < 0) {
        link.fail(out, "Master replied with wrong +FULLRESYNC syntax.");
        return;
      }
      log.log(
          ReplicationLogSink.Level.NOTICE, "Full resync from master: " + parts[1] + ":" + offset);
      if (link.cached.isSet()) {
        log.log(ReplicationLogSink.Level.NOTICE, "Discarding previously cached master state.");
        link.cached.clear();
      }
      // Our history ends here: sub-replicas must resync with us too.
      node.disconnectReplicas();
      link.beginTransfer(parts[1], offset);
      if (node.failover().inProgress()) {
        out.add(new LinkAction.FailoverPsyncReply(true));
      }
      return;
    }
    if (line.startsWith("+CONTINUE")) {
      onContinue(line.substring("+CONTINUE".length()).trim(), out);
      if (node.failover().inProgress()) {
        out.add(new LinkAction.FailoverPsyncReply(true));
      }
      return;
    }
    if (node.failover().inProgress()) {
      // The target refused to take over: the node rolls the failover back (no SYNC fallback).
      log.log(ReplicationLogSink.Level.NOTICE, "PSYNC FAILOVER refused by the target: " + line);
      out.add(new LinkAction.FailoverPsyncReply(false));
      return;
    }
    if (line.startsWith("-NOMASTERLINK") || line.startsWith("-LOADING")) {
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "Master is currently unable to PSYNC but should be in the future: " + line);
      out.add(new LinkAction.Close("PSYNC try later"));
      link.state = ReplicaLinkState.CONNECT;
      return;
    }
    if (line.startsWith("-ERR")) {
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "Master does not support PSYNC or is in error state (reply: " + line + ")");
    } else {
      log.log(ReplicationLogSink.Level.WARNING, "Unexpected reply to PSYNC from master: " + line);
    }
    link.cached.clear();
    node.disconnectReplicas();
    log.log(ReplicationLogSink.Level.NOTICE, "Retrying with SYNC...");
    out.add(new LinkAction.Send("SYNC\r\n".getBytes(StandardCharsets.US_ASCII)));
    link.beginTransfer(null, 0);
  }

  private void onContinue(String newId, List<LinkAction> out) {
    log.log(ReplicationLogSink.Level.NOTICE, "Successful partial resynchronization with master.");
    if (!link.cached.isSet()) {
      link.fail(out, "Master accepted a partial resynchronization we did not ask for.");
      return;
    }
    if (ReplicationIds.isValidId(newId) && !newId.equalsIgnoreCase(link.cached.replid())) {
      log.log(ReplicationLogSink.Level.WARNING, "Master replication ID changed to " + newId);
      // Our old id stays valid up to here as replid2, for our own sub-replicas.
      node.ids().adoptNewMasterId(newId, link.cached.offset());
      node.disconnectReplicas();
    }
    node.ensureBacklog();
    int db = bugs.isOn(InjectedBug.LOSE_SELECT_AFTER_RECONNECT) ? 0 : link.cached.db();
    link.stream.start(link.cached.offset(), db);
    link.cached.clear();
    link.goConnected();
    log.log(
        ReplicationLogSink.Level.NOTICE,
        "MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.");
  }
}
