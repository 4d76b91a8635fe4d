package io.replicheck.server.replication;

import io.replicheck.server.core.Client;
import io.replicheck.server.core.ServerCore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Clients blocked in WAIT (redis's clients_waiting_acks and processClientsWaitingReplicas): each
 * waits until enough replicas ACK the offset it was called at, or its timeout; the replicas are
 * asked for an ACK with REPLCONF GETACK in the stream, once per event-loop turn.
 */
final class ClientsWaitingAcks {
  private final ServerCore core;
  private final ReplicationMaster master;
  private final BooleanSupplier following;
  private final List<WaitBlocker> waiting = new ArrayList<>();
  private boolean getackScheduled;

  ClientsWaitingAcks(ServerCore core, ReplicationMaster master, BooleanSupplier following) {
    this.core = core;
    this.master = master;
    this.following = following;
  }

  /** WAIT: replies now, or blocks the client until enough replicas ACK or the timeout. */
  void waitFor(Client c, int numReplicas, long timeoutMillis, boolean inExec) {
    long target = master.masterReplOffset();
    int acked = master.acks().countAcked(target);
    if (acked >= numReplicas || inExec) {
      c.reply().integer(acked);
      return;
    }
    long timeoutAt = timeoutMillis == 0 ? 0 : core.clock().currentTimeMillis() + timeoutMillis;
    WaitBlocker b = new WaitBlocker(timeoutAt, target, numReplicas, c, this);
    waiting.add(b);
    core.blocking().block(c, b);
    requestAcks();
  }

  int countAcked(long target) {
    return master.acks().countAcked(target);
  }

  void ended(WaitBlocker b) {
    waiting.remove(b);
  }

  /** An ACK arrived: answers the clients whose replicas are now enough. */
  void check() {
    for (WaitBlocker b : List.copyOf(waiting)) {
      int acked = master.acks().countAcked(b.target());
      if (acked >= b.numReplicas() && b.client() != null) {
        b.client().reply().integer(acked);
        core.blocking().unblock(b.client());
      }
    }
  }

  /** The node became a replica: its waiting clients are unblocked with redis's error. */
  void unblockAll() {
    for (WaitBlocker b : List.copyOf(waiting)) {
      if (b.client() != null) {
        b.client()
            .reply()
            .error(
                "UNBLOCKED force unblock from blocking operation, instance state changed (master ->"
                    + " replica?)");
        core.blocking().unblock(b.client());
      }
    }
  }

  /** Asks every replica for an ACK (REPLCONF GETACK in the stream), once per event-loop turn. */
  private void requestAcks() {
    if (getackScheduled || following.getAsBoolean()) {
      return;
    }
    getackScheduled = true;
    core.executor()
        .execute(
            () -> {
              getackScheduled = false;
              master.feedStream(RespCommands.encode("REPLCONF", "GETACK", "*"));
            });
  }
}
