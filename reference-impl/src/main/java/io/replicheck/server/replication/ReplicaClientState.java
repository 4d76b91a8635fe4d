package io.replicheck.server.replication;

/** A replica connection's state on the master (redis's SLAVE_STATE_*), with INFO's names. */
public enum ReplicaClientState {
  /** Full sync requested, the snapshot has not started. */
  WAIT_BGSAVE_START("wait_bgsave"),
  /** The snapshot is being produced; writes are buffered for this replica. */
  WAIT_BGSAVE_END("wait_bgsave"),
  /** The snapshot is being sent. */
  SEND_BULK("send_bulk"),
  /** Receiving the stream. */
  ONLINE("online");

  private final String infoName;

  ReplicaClientState(String infoName) {
    this.infoName = infoName;
  }

  /** The state as INFO replication's slaveN line shows it. */
  public String infoName() {
    return infoName;
  }
}
