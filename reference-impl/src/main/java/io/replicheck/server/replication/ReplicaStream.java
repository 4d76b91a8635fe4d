package io.replicheck.server.replication;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The stream phase of the replica's link: the master's command stream after the sync, parsed into
 * commands applied in the db the stream SELECTed, counted in the replication offset (applied and
 * read), forwarded unchanged to sub-replicas, and answered with an ACK on REPLCONF GETACK.
 */
final class ReplicaStream {
  private final ReplicationMaster node;
  private ReplicationStreamParser parser;
  private long replOffset;
  private long readReplOffset;
  private int db;

  /** Where applied frames go on (the backlog and sub-replicas), bound once. */
  private final ReplicationStreamParser.RangeConsumer forward;

  ReplicaStream(ReplicationMaster node) {
    this.node = node;
    this.forward = node::feedStream;
  }

  /** The stream starts (after a full sync or a partial resync) at this offset and db. */
  void start(long offset, int db) {
    this.replOffset = offset;
    this.readReplOffset = offset;
    this.db = db;
  }

  /** A fresh parser once the link is connected. */
  void connected() {
    parser = new ReplicationStreamParser();
  }

  long replOffset() {
    return replOffset;
  }

  long readReplOffset() {
    return readReplOffset;
  }

  int db() {
    return db;
  }

  /** Applies stream bytes; {@code ack} makes the ACK a GETACK asks for. */
  void apply(
      byte[] bytes,
      int off,
      int len,
      List<LinkAction> out,
      java.util.function.Supplier<LinkAction> ack) {
    readReplOffset += len;
    parser.feed(bytes, off, len);
    byte[][] argv;
    while ((argv = parser.nextArgv()) != null) {
      applyFrame(argv, out, ack);
      replOffset += parser.frameLength();
      // Chained replicas (and the backlog) get exactly the bytes we applied, from the buffer.
      parser.frameBytes(forward);
      parser.consumeFrame();
    }
  }

  private static final byte[] SELECT = "select".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] REPLCONF = "replconf".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] GETACK = "getack".getBytes(StandardCharsets.US_ASCII);

  private void applyFrame(
      byte[][] argv, List<LinkAction> out, java.util.function.Supplier<LinkAction> ack) {
    if (argv.length == 0) {
      // a keepalive newline
      return;
    }
    if (argv.length == 2 && equalsIgnoreCase(argv[0], SELECT)) {
      // Tracked here (to resume in the right db after a partial resync) and applied too, since
      // inside MULTI the core must queue it in order.
      try {
        db = Integer.parseInt(new String(argv[1], StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new ReplicationProtocolException("SELECT with a bad db index in the stream");
      }
    }
    if (argv.length >= 2
        && equalsIgnoreCase(argv[0], REPLCONF)
        && equalsIgnoreCase(argv[1], GETACK)) {
      // The offset before this command, as redis reports it.
      out.add(ack.get());
      return;
    }
    out.add(new LinkAction.ApplyCommand(db, argv));
  }

  /** ASCII case-insensitive equality against a lower-case name, without making Strings. */
  private static boolean equalsIgnoreCase(byte[] a, byte[] lower) {
    if (a.length != lower.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      int c = a[i];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != lower[i]) {
        return false;
      }
    }
    return true;
  }
}
