package io.replicheck.server.replication;

/** The replica's link to its master (redis's repl_state), in redis's order. */
public enum ReplicaLinkState {
  /** Not a replica. */
  NONE("none"),
  /** Must connect (retried by the cron). */
  CONNECT("connect"),
  CONNECTING("connecting"),
  RECEIVE_PING_REPLY("handshake"),
  SEND_HANDSHAKE("handshake"),
  RECEIVE_AUTH_REPLY("handshake"),
  RECEIVE_PORT_REPLY("handshake"),
  RECEIVE_IP_REPLY("handshake"),
  RECEIVE_CAPA_REPLY("handshake"),
  SEND_PSYNC("handshake"),
  RECEIVE_PSYNC_REPLY("handshake"),
  /** Receiving the snapshot. */
  TRANSFER("sync"),
  /** Receiving the stream. */
  CONNECTED("connected");

  private final String roleName;

  ReplicaLinkState(String roleName) {
    this.roleName = roleName;
  }

  /** The state as the ROLE command names it. */
  public String roleName() {
    return roleName;
  }

  /** True between the TCP connect and the PSYNC reply. */
  public boolean isHandshake() {
    return ordinal() >= RECEIVE_PING_REPLY.ordinal() && ordinal() <= RECEIVE_PSYNC_REPLY.ordinal();
  }
}
