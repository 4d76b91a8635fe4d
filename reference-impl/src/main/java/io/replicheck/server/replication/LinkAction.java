package io.replicheck.server.replication;

import java.nio.charset.StandardCharsets;

/**
 * What the replica's link state machine asks the network edge and the command core to do, in order.
 * Produced by {@link ReplicaLink}; no action is done inside it.
 */
public sealed interface LinkAction {
  /** Open a TCP connection to the master; report events with {@code linkId}. */
  record Connect(String host, int port, long linkId) implements LinkAction {}

  /** Write bytes on the master connection. */
  record Send(byte[] bytes) implements LinkAction {
    @Override
    public String toString() {
      return "Send[" + new String(bytes, StandardCharsets.UTF_8).replace("\r\n", "\\r\\n") + "]";
    }
  }

  /** Close the master connection; no {@code disconnected} event is expected for it. */
  record Close(String reason) implements LinkAction {}

  /** A snapshot follows: {@code size} bytes, or -1 when its end is an EOF mark (diskless). */
  record BeginSnapshot(long size) implements LinkAction {}

  /** The next bytes of the snapshot, in order. */
  record SnapshotData(byte[] bytes) implements LinkAction {
    @Override
    public String toString() {
      return "SnapshotData[" + bytes.length + " bytes]";
    }
  }

  /** Drop the old dataset (all dbs) before the snapshot is loaded. */
  record FlushDataset() implements LinkAction {}

  /**
   * Load the snapshot received since {@link BeginSnapshot}, then report {@link
   * ReplicaLink#snapshotLoaded} (with the RDB's repl-stream-db) or {@link ReplicaLink#loadFailed}.
   */
  record LoadSnapshot() implements LinkAction {}

  /**
   * Apply a command of the stream as the master client; no reply. {@code db} is the db the stream
   * has selected (for SELECT itself, the db it selects): the edge selects it on the master client
   * before applying unless the client is inside MULTI (where the stream's own SELECTs are queued).
   */
  record ApplyCommand(int db, byte[][] argv) implements LinkAction {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("ApplyCommand[db=").append(db);
      for (byte[] a : argv) {
        sb.append(' ').append(new String(a, StandardCharsets.UTF_8));
      }
      return sb.append(']').toString();
    }
  }

  /**
   * The answer to a {@code PSYNC ... FAILOVER} this node sent as a failing-over master: accepted
   * (+CONTINUE or +FULLRESYNC: the failover is done) or rejected (it is rolled back).
   */
  record FailoverPsyncReply(boolean accepted) implements LinkAction {}
}
