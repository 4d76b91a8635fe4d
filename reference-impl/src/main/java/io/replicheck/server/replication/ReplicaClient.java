package io.replicheck.server.replication;

import java.io.ByteArrayOutputStream;
import java.util.Objects;

/**
 * One replica as its master tracks it: address, capabilities, sync state, ACKed offset and when it
 * last ACKed, and the stream buffered for it while its snapshot is produced and sent.
 */
public final class ReplicaClient {
  private final long clientId;
  private final String ip;
  private final int listeningPort;
  private final boolean capaEof;
  private final boolean capaPsync2;
  private final ReplicaOutput output;
  private ReplicaClientState state;

  /**
   * Stream bytes held back until the snapshot has been delivered (redis keeps them in the output
   * buffer).
   */
  private final ByteArrayOutputStream held = new ByteArrayOutputStream();

  private long snapshotOffset = -1;
  private long ackOffset;
  private long ackTimeMillis;
  private long sentOffset;
  private long softLimitSinceMillis = -1;

  /** Stream bytes are held, not sent: until the snapshot is delivered (and ACKed, if diskless). */
  private boolean holding;

  private boolean closed;
  private boolean prePsync;
  private boolean rdbOnly;

  /**
   * @param ip the address the replica announced (REPLCONF ip-address) or connected from
   * @param listeningPort from REPLCONF listening-port (0 when not sent)
   */
  public ReplicaClient(
      long clientId,
      String ip,
      int listeningPort,
      boolean capaEof,
      boolean capaPsync2,
      ReplicaOutput output,
      ReplicaClientState state,
      long nowMillis) {
    this.clientId = clientId;
    this.ip = Objects.requireNonNull(ip, "ip");
    this.listeningPort = listeningPort;
    this.capaEof = capaEof;
    this.capaPsync2 = capaPsync2;
    this.output = Objects.requireNonNull(output, "output");
    this.state = Objects.requireNonNull(state, "state");
    this.ackTimeMillis = nowMillis;
    this.holding = state != ReplicaClientState.ONLINE;
  }

  public long clientId() {
    return clientId;
  }

  public String ip() {
    return ip;
  }

  public int listeningPort() {
    return listeningPort;
  }

  /** The replica understands the diskless {@code $EOF:} framing. */
  public boolean capaEof() {
    return capaEof;
  }

  /** The replica understands {@code +CONTINUE <replid>} (PSYNC2). */
  public boolean capaPsync2() {
    return capaPsync2;
  }

  public ReplicaClientState state() {
    return state;
  }

  void state(ReplicaClientState s) {
    state = s;
  }

  /** master_repl_offset when its snapshot was taken (psync_initial_offset), or -1. */
  public long snapshotOffset() {
    return snapshotOffset;
  }

  void snapshotOffset(long o) {
    snapshotOffset = o;
  }

  /** The offset of the last REPLCONF ACK (repl_ack_off). */
  public long ackOffset() {
    return ackOffset;
  }

  /** When the replica last ACKed, or went online (repl_ack_time), in the clock's milliseconds. */
  public long ackTimeMillis() {
    return ackTimeMillis;
  }

  /** A keepalive that carries no offset (a newline while the replica loads): repl_ack_time only. */
  void touch(long nowMillis) {
    ackTimeMillis = nowMillis;
  }

  void ack(long offset, long nowMillis) {
    // ACKs are monotonic: a stale, reordered ACK must not lower what WAIT relies on.
    if (offset > ackOffset) {
      ackOffset = offset;
    }
    ackTimeMillis = nowMillis;
  }

  /** The stream offset through which bytes have been handed to this replica's connection. */
  public long sentOffset() {
    return sentOffset;
  }

  /** Stream bytes held while the snapshot is produced and sent. */
  public long heldBytes() {
    return held.size();
  }

  /** Everything not yet taken by the socket: held stream plus the connection's queue. */
  public long outputBufferBytes() {
    return held.size() + output.pendingBytes();
  }

  public boolean isClosed() {
    return closed;
  }

  /** Sends bytes now, bypassing the held stream (handshake replies, newlines, the snapshot). */
  void writeDirect(byte[] bytes) {
    if (!closed) {
      output.write(bytes);
    }
  }

  /** Sends snapshot bytes (with their framing). */
  void writeSnapshot(byte[] bytes) {
    if (!closed) {
      output.writeSnapshot(bytes);
    }
  }

  /** Stream bytes ending at {@code endOffset}: sent when online, held before. */
  void writeStream(byte[] bytes, long endOffset) {
    writeStream(bytes, 0, bytes.length, endOffset);
  }

  /** As {@link #writeStream(byte[], long)} for a range; the bytes are copied, not kept. */
  void writeStream(byte[] bytes, int off, int len, long endOffset) {
    if (closed) {
      return;
    }
    if (!holding) {
      output.writeStream(bytes, off, len);
      sentOffset = endOffset;
    } else {
      held.write(bytes, off, len);
    }
  }

  /**
   * The snapshot has been delivered: the replica is online. The held stream follows at once, or,
   * after a diskless transfer, at the replica's first ACK (so nothing is glued to the EOF mark).
   */
  void goOnline(long nowMillis, long masterReplOffset, boolean releaseNow) {
    state = ReplicaClientState.ONLINE;
    ackTimeMillis = nowMillis;
    if (releaseNow) {
      release(masterReplOffset);
      sentOffset = masterReplOffset;
    }
  }

  /** True while the stream is held for this replica. */
  public boolean holdingStream() {
    return holding;
  }

  /** Sends the held stream, in order, and streams directly from now on. */
  void release(long masterReplOffset) {
    if (!holding) {
      return;
    }
    holding = false;
    if (held.size() > 0 && !closed) {
      output.write(held.toByteArray());
    }
    held.reset();
    sentOffset = masterReplOffset;
  }

  /** Joins {@code other}'s snapshot: same offset, a copy of the stream held for it so far. */
  void shareSnapshotOf(ReplicaClient other) {
    snapshotOffset = other.snapshotOffset;
    state = ReplicaClientState.WAIT_BGSAVE_END;
    holding = true;
    held.reset();
    byte[] copy = other.held.toByteArray();
    held.write(copy, 0, copy.length);
  }

  /** Checks the output buffer limit; true when the replica must be dropped. */
  boolean overOutputLimit(OutputBufferLimit limit, long nowMillis) {
    long pending = outputBufferBytes();
    if (limit.overSoft(pending)) {
      if (softLimitSinceMillis < 0) {
        softLimitSinceMillis = nowMillis;
      }
    } else {
      softLimitSinceMillis = -1;
    }
    return limit.reached(pending, softLimitSinceMillis, nowMillis);
  }

  void syncFlags(boolean prePsync, boolean rdbOnly) {
    this.prePsync = prePsync;
    this.rdbOnly = rdbOnly;
  }

  /** Asked with SYNC, not PSYNC: no +FULLRESYNC line. */
  public boolean prePsync() {
    return prePsync;
  }

  /** REPLCONF rdb-only 1: wants the snapshot and nothing after it. */
  public boolean rdbOnly() {
    return rdbOnly;
  }

  /** Closes once everything written so far has gone out. */
  void closeAfterWrites(String reason) {
    if (!closed) {
      closed = true;
      held.reset();
      output.closeAfterWrites(reason);
    }
  }

  void close(String reason) {
    if (!closed) {
      closed = true;
      held.reset();
      output.close(reason);
    }
  }

  /** Name for logs, as redis's replicationGetSlaveName: ip:port, or the client id. */
  public String name() {
    return listeningPort > 0 ? ip + ":" + listeningPort : "client id #" + clientId;
  }

  @Override
  public String toString() {
    return "replica " + name() + " " + state + " ack=" + ackOffset;
  }
}
