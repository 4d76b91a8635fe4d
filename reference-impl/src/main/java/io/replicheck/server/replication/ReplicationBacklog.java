package io.replicheck.server.replication;

/**
 * The replication backlog: a ring holding the newest {@code repl-backlog-size} bytes of the
 * replication stream, so a replica that lost its link can continue from its offset (PSYNC).
 *
 * <p>Offsets are redis's: {@code master_repl_offset} counts every byte ever fed; the byte at offset
 * {@code o} is the o-th byte of the stream (the first is 1). The ring holds {@code histlen} bytes,
 * from {@code repl_backlog_first_byte_offset = master_repl_offset - histlen + 1} through {@code
 * master_repl_offset}. A new backlog starts empty at {@code master_repl_offset + 1}.
 *
 * <p>Not thread-safe: it belongs to the single-threaded command core.
 */
public final class ReplicationBacklog {
  /** redis clamps repl-backlog-size to at least 16kb (CONFIG_REPL_BACKLOG_MIN_SIZE). */
  public static final long MIN_SIZE = 16 * 1024;

  /** Largest ring a Java array can hold. */
  public static final long MAX_SIZE = Integer.MAX_VALUE - 8;

  private byte[] ring;

  /** Where the next byte goes. */
  private int idx;

  private long histlen;
  private long masterReplOffset;

  /**
   * An empty backlog of {@code size} bytes (clamped to {@link #MIN_SIZE}) whose next byte will have
   * offset {@code masterReplOffset + 1}.
   */
  public ReplicationBacklog(long size, long masterReplOffset) {
    if (masterReplOffset < 0) {
      throw new IllegalArgumentException("negative master_repl_offset: " + masterReplOffset);
    }
    this.ring = new byte[capacityFor(size)];
    this.masterReplOffset = masterReplOffset;
  }

  private static int capacityFor(long size) {
    if (size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "repl-backlog-size " + size + " is larger than the maximum " + MAX_SIZE);
    }
    return (int) Math.max(MIN_SIZE, size);
  }

  /** The ring's capacity (repl_backlog_size). */
  public long size() {
    return ring.length;
  }

  /** Offset of the last byte fed (master_repl_offset). */
  public long masterReplOffset() {
    return masterReplOffset;
  }

  /** Number of bytes held (repl_backlog_histlen). */
  public long histlen() {
    return histlen;
  }

  /** Offset of the oldest byte held (repl_backlog_first_byte_offset). */
  public long firstByteOffset() {
    return masterReplOffset - histlen + 1;
  }

  /** Feeds stream bytes: they get the offsets after master_repl_offset. */
  public void append(byte[] bytes) {
    append(bytes, 0, bytes.length);
  }

  /** Feeds {@code len} bytes of {@code bytes} from {@code off}. */
  public void append(byte[] bytes, int off, int len) {
    if (off < 0 || len < 0 || off + len > bytes.length) {
      throw new IndexOutOfBoundsException("off=" + off + " len=" + len + " of " + bytes.length);
    }
    masterReplOffset += len;
    int cap = ring.length;
    if (len >= cap) {
      // Only the newest cap bytes survive.
      System.arraycopy(bytes, off + len - cap, ring, 0, cap);
      idx = 0;
      histlen = cap;
      return;
    }
    int first = Math.min(len, cap - idx);
    System.arraycopy(bytes, off, ring, idx, first);
    System.arraycopy(bytes, off + first, ring, 0, len - first);
    idx = (idx + len) % cap;
    histlen = Math.min(histlen + len, cap);
  }

  /**
   * True when a replica asking for {@code offset} (the next byte it wants) can be served from the
   * ring: {@code firstByteOffset <= offset <= firstByteOffset + histlen}. The upper bound is the
   * offset of the next byte not yet fed: a replica that has everything continues with nothing.
   */
  public boolean canServeFrom(long offset) {
    return offset >= firstByteOffset() && offset <= firstByteOffset() + histlen;
  }

  /**
   * The bytes from {@code offset} through master_repl_offset (redis's addReplyReplicationBacklog):
   * what a replica continuing at {@code offset} must receive.
   *
   * @throws IllegalArgumentException when {@code offset} is outside the window
   */
  public byte[] copyFrom(long offset) {
    if (!canServeFrom(offset)) {
      throw new IllegalArgumentException(
          "offset "
              + offset
              + " outside the backlog window ["
              + firstByteOffset()
              + ", "
              + (firstByteOffset() + histlen)
              + "]");
    }
    int count = (int) (masterReplOffset - offset + 1);
    byte[] out = new byte[count];
    int cap = ring.length;
    int start = Math.floorMod(idx - count, cap);
    int first = Math.min(count, cap - start);
    System.arraycopy(ring, start, out, 0, first);
    System.arraycopy(ring, 0, out, first, count - first);
    return out;
  }

  /**
   * Resizes the ring at run time (CONFIG SET repl-backlog-size), keeping the newest bytes that fit,
   * as redis 7.0 does by trimming its replication buffer.
   */
  public void resize(long newSize) {
    int cap = capacityFor(newSize);
    if (cap == ring.length) {
      return;
    }
    long keep = Math.min(histlen, cap);
    byte[] kept = copyFrom(masterReplOffset - keep + 1);
    ring = new byte[cap];
    System.arraycopy(kept, 0, ring, 0, kept.length);
    idx = kept.length % cap;
    histlen = keep;
  }

  @Override
  public String toString() {
    return "backlog[size="
        + ring.length
        + " first="
        + firstByteOffset()
        + " histlen="
        + histlen
        + " master_repl_offset="
        + masterReplOffset
        + "]";
  }
}
