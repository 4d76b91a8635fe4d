package io.replicheck.server.replication;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

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

  ReplicaStream(ReplicationMaster node) {
    this.node = node;
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
    ReplicationStreamParser.Frame f;
    while ((f = parser.next()) != null) {
      applyFrame(f, out, ack);
      replOffset += f.raw().length;
      // Chained replicas get exactly the bytes we applied.
      node.feedStream(f.raw());
    }
  }

  private void applyFrame(
      ReplicationStreamParser.Frame f,
      List<LinkAction> out,
      java.util.function.Supplier<LinkAction> ack) {
    if (f.isKeepalive()) {
      return;
    }
    List<byte[]> argv = f.argv();
    String name = new String(argv.get(0), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    if (name.equals("select") && argv.size() == 2) {
      // Tracked here (to resume in the right db after a partial resync) and applied too, since
      // inside MULTI the core must queue it in order.
      try {
        db = Integer.parseInt(new String(argv.get(1), StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new ReplicationProtocolException("SELECT with a bad db index in the stream");
      }
    }
    if (name.equals("replconf")
        && argv.size() >= 2
        && new String(argv.get(1), StandardCharsets.UTF_8).equalsIgnoreCase("getack")) {
      // The offset before this command, as redis reports it.
      out.add(ack.get());
      return;
    }
    out.add(new LinkAction.ApplyCommand(db, argv));
  }
}
