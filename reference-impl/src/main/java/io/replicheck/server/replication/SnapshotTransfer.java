package io.replicheck.server.replication;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The transfer phase of the replica's link: after {@code +FULLRESYNC <replid> <offset>} (or SYNC)
 * the snapshot arrives framed as {@code $<size>} (disk) or {@code $EOF:<40-byte mark>} (diskless,
 * ending with the mark); its bytes are handed to the edge as they arrive.
 */
final class SnapshotTransfer {
  /** The replid and offset +FULLRESYNC named; a null replid after SYNC (no history to name). */
  private final String replid;

  private final long offset;

  /** Bytes announced (-1 for the EOF framing, 0 until the header arrives) and read so far. */
  private long size;

  private long read;
  private byte[] eofMark;
  private byte[] eofTail = new byte[0];

  SnapshotTransfer(String replid, long offset) {
    this.replid = replid;
    this.offset = offset;
  }

  String replid() {
    return replid;
  }

  long offset() {
    return offset;
  }

  long size() {
    return size;
  }

  long read() {
    return read;
  }

  boolean headerSeen() {
    return size != 0;
  }

  /** True for the diskless framing (the master then waits for our first ACK). */
  boolean usedEofMark() {
    return eofMark != null;
  }

  /**
   * Reads the transfer's header line: adds {@link LinkAction.BeginSnapshot}, or returns why the
   * link must fail; null also for an empty keepalive line.
   */
  String onHeader(String line, List<LinkAction> out, ReplicationLogSink log) {
    if (line.isEmpty()) {
      return null; // Newline keepalive while the master prepares the snapshot.
    }
    if (line.startsWith("-")) {
      return "MASTER aborted replication with an error: " + line.substring(1);
    }
    if (!line.startsWith("$")) {
      return "Bad protocol from MASTER, the first byte is not '$' (we received '"
          + line
          + "'), are you sure the host and port are right?";
    }
    if (line.startsWith("$EOF:")) {
      String mark = line.substring(5);
      if (mark.length() != ReplicationIds.ID_LENGTH) {
        return "Bad EOF mark from MASTER: '" + mark + "'";
      }
      eofMark = mark.getBytes(StandardCharsets.ISO_8859_1);
      size = -1;
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to disk");
    } else {
      long announced;
      try {
        announced = Long.parseLong(line.substring(1));
      } catch (NumberFormatException e) {
        announced = -1;
      }
      if (announced <= 0) {
        return "Bad bulk length from MASTER: '" + line + "'";
      }
      size = announced;
      log.log(
          ReplicationLogSink.Level.NOTICE,
          "MASTER <-> REPLICA sync: receiving " + size + " bytes from master to disk");
    }
    out.add(new LinkAction.BeginSnapshot(size));
    return null;
  }

  /**
   * Hands the snapshot bytes in {@code in} to the edge; true when the snapshot is complete (what
   * follows it stays in {@code in}: the start of the stream).
   */
  boolean read(InputBuffer in, List<LinkAction> out) {
    if (eofMark == null) {
      long left = size - read;
      int n = (int) Math.min(left, in.available());
      if (n > 0) {
        out.add(new LinkAction.SnapshotData(in.take(n)));
        read += n;
      }
      return read >= size;
    }
    // Diskless: the snapshot ends with the 40-byte mark. Hold back the last 40 bytes until we
    // know whether they are the mark.
    byte[] data = concat(eofTail, in.takeAll());
    int at = indexOf(data, eofMark);
    if (at >= 0) {
      if (at > 0) {
        out.add(new LinkAction.SnapshotData(Arrays.copyOf(data, at)));
        read += at;
      }
      byte[] after = Arrays.copyOfRange(data, at + eofMark.length, data.length);
      in.append(after, 0, after.length);
      eofTail = new byte[0];
      return true;
    }
    int keep = Math.min(data.length, eofMark.length - 1);
    int emit = data.length - keep;
    if (emit > 0) {
      out.add(new LinkAction.SnapshotData(Arrays.copyOf(data, emit)));
      read += emit;
    }
    eofTail = Arrays.copyOfRange(data, emit, data.length);
    return false;
  }

  /** The snapshot is complete: the edge flushes the dataset (unless the bug is on) and loads it. */
  void finish(List<LinkAction> out, BugSwitch bugs, ReplicationLogSink log) {
    if (!bugs.isOn(InjectedBug.NO_FLUSH_BEFORE_LOAD)) {
      log.log(ReplicationLogSink.Level.NOTICE, "MASTER <-> REPLICA sync: Flushing old data");
      out.add(new LinkAction.FlushDataset());
    }
    log.log(ReplicationLogSink.Level.NOTICE, "MASTER <-> REPLICA sync: Loading DB in memory");
    out.add(new LinkAction.LoadSnapshot());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
