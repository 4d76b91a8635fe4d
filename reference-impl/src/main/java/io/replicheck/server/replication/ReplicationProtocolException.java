package io.replicheck.server.replication;

/** The peer sent bytes that break the replication protocol; the link is closed. */
public final class ReplicationProtocolException extends RuntimeException {
  public ReplicationProtocolException(String message) {
    super(message);
  }
}
