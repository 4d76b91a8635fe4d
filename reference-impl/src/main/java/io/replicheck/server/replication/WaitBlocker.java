package io.replicheck.server.replication;

import io.replicheck.server.core.Blocker;
import io.replicheck.server.core.Client;

/**
 * A client blocked in WAIT until {@code numReplicas} replicas ACK {@code target} or it times out.
 */
final class WaitBlocker extends Blocker {
  private final long target;
  private final int numReplicas;
  private final Client client;
  private final ClientsWaitingAcks waits;

  WaitBlocker(
      long timeoutAt, long target, int numReplicas, Client client, ClientsWaitingAcks waits) {
    super(timeoutAt);
    this.target = target;
    this.numReplicas = numReplicas;
    this.client = client;
    this.waits = waits;
  }

  long target() {
    return target;
  }

  int numReplicas() {
    return numReplicas;
  }

  Client client() {
    return client;
  }

  /** On timeout WAIT answers how many replicas did ACK. */
  @Override
  public void onTimeout(Client c) {
    c.reply().integer(waits.countAcked(target));
  }

  @Override
  public void onUnblock(Client c) {
    waits.ended(this);
  }
}
