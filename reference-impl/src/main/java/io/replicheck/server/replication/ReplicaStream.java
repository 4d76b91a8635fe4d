package io.replicheck.server.replication;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The stream phase of the replica's link: the master's command stream after the sync, parsed into
 * commands applied in the db the stream SELECTed, counted in the replication offset (applied and
 * read), forwarded unchanged to sub-replicas, and answered with an ACK on REPLCONF GETACK.
 *
 * <p>A transaction counts as a whole, as in redis's {@code commandProcessed}: from its {@code
 * MULTI} until its {@code EXEC} (or {@code DISCARD}) the commands are queued on the master client,
 * so the applied offset stays before the {@code MULTI} and nothing of it goes to the backlog or the
 * sub-replicas; at {@code EXEC} the offset moves past the whole block and the block is forwarded. A
 * link cut inside a transaction drops the queued commands with the master client, and the partial
 * resync asks for the stream from before its {@code MULTI}, so the whole transaction comes again.
 * (Counting each queued command lost a cut transaction's first commands: found by the {@code
 * limit-data} nemesis on a chain, 2026-12-07.)
 */
final class ReplicaStream {
  private final BugSwitch bugs;
  private ReplicationStreamParser parser;
  private long replOffset;
  private long readReplOffset;
  private int db;
  // the db as of replOffset: what a partial resync resumes in (db runs ahead inside MULTI)
  private int dbAtOffset;
  // an open transaction: its bytes so far (MULTI on), counted and forwarded at EXEC
  private boolean inMulti;
  private final ByteArrayOutputStream multiBytes = new ByteArrayOutputStream();

  /** Where applied frames go on (the backlog and sub-replicas), bound once. */
  private final ReplicationStreamParser.RangeConsumer forward;

  ReplicaStream(ReplicationMaster node, BugSwitch bugs) {
    this.bugs = bugs;
    this.forward = node::feedStream;
  }

  /** The stream starts (after a full sync or a partial resync) at this offset and db. */
  void start(long offset, int db) {
    this.replOffset = offset;
    this.readReplOffset = offset;
    this.db = db;
    this.dbAtOffset = db;
    dropTransaction();
  }

  /** A fresh parser once the link is connected. */
  void connected() {
    parser = new ReplicationStreamParser();
    dropTransaction();
  }

  /** Forgets an open transaction's bytes: the master client that queued it is gone. */
  private void dropTransaction() {
    if (inMulti) db = dbAtOffset;
    inMulti = false;
    multiBytes.reset();
  }

  long replOffset() {
    return replOffset;
  }

  long readReplOffset() {
    return readReplOffset;
  }

  /** The db the stream had selected as of {@link #replOffset}. */
  int db() {
    return dbAtOffset;
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
      if (!inMulti
          && argv.length == 1
          && equalsIgnoreCase(argv[0], MULTI)
          && !bugs.isOn(InjectedBug.COUNT_QUEUED_TRANSACTION)) inMulti = true;
      if (inMulti) {
        parser.frameBytes(multiBytes::write);
        if (argv.length == 1
            && (equalsIgnoreCase(argv[0], EXEC) || equalsIgnoreCase(argv[0], DISCARD))) {
          inMulti = false;
          replOffset += multiBytes.size();
          dbAtOffset = db;
          byte[] block = multiBytes.toByteArray();
          multiBytes.reset();
          forward.accept(block, 0, block.length);
        }
      } else {
        replOffset += parser.frameLength();
        dbAtOffset = db;
        // Chained replicas (and the backlog) get exactly the bytes we applied, from the buffer.
        parser.frameBytes(forward);
      }
      parser.consumeFrame();
    }
  }

  private static final byte[] MULTI = "multi".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EXEC = "exec".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DISCARD = "discard".getBytes(StandardCharsets.US_ASCII);

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
