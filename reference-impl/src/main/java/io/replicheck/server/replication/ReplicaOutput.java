package io.replicheck.server.replication;

/**
 * The connection to one replica, as the master's replication core sees it: the network edge writes
 * to a socket, tests record. Writes keep their order.
 */
public interface ReplicaOutput {
  /** Queues bytes for the replica, in order. */
  void write(byte[] bytes);

  /**
   * Queues {@code len} stream bytes of {@code bytes} from {@code off}, in order with {@link
   * #write}; the caller may reuse the array afterwards. A network edge may gather a turn's stream
   * into one write.
   */
  default void writeStream(byte[] bytes, int off, int len) {
    write(java.util.Arrays.copyOfRange(bytes, off, off + len));
  }

  /**
   * Queues snapshot bytes, in order with {@link #write}. Kept apart because they do not count
   * against the output buffer limit (redis sends the RDB outside the output buffer).
   */
  default void writeSnapshot(byte[] bytes) {
    write(bytes);
  }

  /** Stream bytes queued but not yet taken by the socket (counted against output buffer limits). */
  long pendingBytes();

  /** Closes the connection; {@code reason} is for the log. */
  void close(String reason);

  /** Closes the connection once what was written has been sent. */
  default void closeAfterWrites(String reason) {
    close(reason);
  }
}
