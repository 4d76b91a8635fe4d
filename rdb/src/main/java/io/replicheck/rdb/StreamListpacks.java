package io.replicheck.rdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The parts of a stream value and the layout of its listpack nodes (t_stream.c streamAppendItem): a
 * master entry {@code count, deleted, num-fields, field..., 0} followed by entries {@code flags,
 * ms-diff, seq-diff, [num-fields, field, value | value]..., lp-count}, IDs delta-encoded against
 * the node's master ID, entries whose fields equal the master fields flagged SAMEFIELDS.
 */
public final class StreamListpacks {
  /** Entry flags. */
  public static final int FLAG_DELETED = 1;

  public static final int FLAG_SAMEFIELDS = 2;

  private StreamListpacks() {}

  /** A stream ID: two unsigned 64-bit numbers held in longs, ordered unsigned. */
  public record Id(long ms, long seq) implements Comparable<Id> {
    public static final Id ZERO = new Id(0, 0);
    public static final Id MAX = new Id(-1L, -1L);

    @Override
    public int compareTo(Id o) {
      int c = Long.compareUnsigned(ms, o.ms);
      return c != 0 ? c : Long.compareUnsigned(seq, o.seq);
    }

    public boolean isZero() {
      return ms == 0 && seq == 0;
    }

    /** The 16-byte big-endian form (radix tree keys, PEL entries in the RDB). */
    public byte[] toKey() {
      byte[] k = new byte[16];
      for (int i = 0; i < 8; i++) {
        k[i] = (byte) (ms >>> (56 - 8 * i));
        k[8 + i] = (byte) (seq >>> (56 - 8 * i));
      }
      return k;
    }

    public static Id fromKey(byte[] k) {
      if (k.length != 16) {
        throw new IllegalArgumentException("stream ID key of " + k.length + " bytes, not 16");
      }
      long ms = 0;
      long seq = 0;
      for (int i = 0; i < 8; i++) {
        ms = (ms << 8) | (k[i] & 0xff);
        seq = (seq << 8) | (k[8 + i] & 0xff);
      }
      return new Id(ms, seq);
    }

    @Override
    public String toString() {
      return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }
  }

  /** One radix tree node: the master ID as 16 big-endian bytes and the listpack. */
  public record Node(byte[] key, byte[] listpack) {}

  /** A pending entry of a group: ID, last delivery time (Unix ms), delivery count. */
  public record Nack(Id id, long deliveryTime, long deliveryCount) {}

  /** A consumer: name, seen time (Unix ms), the IDs of its pending entries (ascending). */
  public record Consumer(byte[] name, long seenTime, List<Id> pending) {}

  /**
   * A consumer group: name, last delivered ID, entries read (-1 = unknown), its pending entries
   * (ascending) and consumers (by name, bytewise).
   */
  public record Group(
      byte[] name, Id lastId, long entriesRead, List<Nack> pel, List<Consumer> consumers) {}

  /** An entry of a node, deleted ones included. */
  public record Entry(Id id, boolean deleted, List<byte[]> fields, List<byte[]> values) {}

  /** A node decoded: its master ID and fields, and its entries in order. */
  public record DecodedNode(Id master, List<byte[]> masterFields, List<Entry> entries) {}

  /** Whether an entry with these fields is stored SAMEFIELDS in a node with these master fields. */
  public static boolean sameFields(List<byte[]> masterFields, List<byte[]> fields) {
    if (masterFields.size() != fields.size()) {
      return false;
    }
    for (int i = 0; i < fields.size(); i++) {
      if (!Arrays.equals(masterFields.get(i), fields.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Builds the listpack of a node exactly as redis holds it. */
  public static Node encode(DecodedNode n) {
    int live = 0;
    for (Entry e : n.entries()) {
      live += e.deleted() ? 0 : 1;
    }
    Listpack.Builder b = new Listpack.Builder(256);
    b.append(Ints.toBytes(live));
    b.append(Ints.toBytes(n.entries().size() - live));
    b.append(Ints.toBytes(n.masterFields().size()));
    for (byte[] f : n.masterFields()) {
      b.append(f);
    }
    b.append(Ints.toBytes(0));
    for (Entry e : n.entries()) {
      boolean same = sameFields(n.masterFields(), e.fields());
      int flags = (e.deleted() ? FLAG_DELETED : 0) | (same ? FLAG_SAMEFIELDS : 0);
      b.append(Ints.toBytes(flags));
      b.append(Ints.toBytes(e.id().ms() - n.master().ms()));
      b.append(Ints.toBytes(e.id().seq() - n.master().seq()));
      int numfields = e.fields().size();
      if (!same) {
        b.append(Ints.toBytes(numfields));
      }
      for (int i = 0; i < numfields; i++) {
        if (!same) {
          b.append(e.fields().get(i));
        }
        b.append(e.values().get(i));
      }
      b.append(Ints.toBytes(numfields + 3 + (same ? 0 : numfields + 1)));
    }
    return new Node(n.master().toKey(), b.finish().toByteArray());
  }

  /**
   * Reads a node back.
   *
   * @throws IllegalArgumentException when the listpack is not a well-formed stream node
   */
  public static DecodedNode decode(Node node) {
    Id master = Id.fromKey(node.key());
    List<byte[]> lp = Listpack.decode(node.listpack());
    if (lp.isEmpty()) {
      throw new IllegalArgumentException("Empty listpack inside stream");
    }
    int[] p = {0};
    long count = num(lp, p);
    long deleted = num(lp, p);
    long nf = num(lp, p);
    if (nf < 0 || nf > lp.size()) {
      throw new IllegalArgumentException("bad master field count " + nf);
    }
    List<byte[]> masterFields = new ArrayList<>();
    for (int i = 0; i < nf; i++) {
      masterFields.add(get(lp, p));
    }
    if (num(lp, p) != 0) {
      throw new IllegalArgumentException("master entry without its 0 terminator");
    }
    List<Entry> entries = new ArrayList<>();
    long live = 0;
    while (p[0] < lp.size()) {
      long flags = num(lp, p);
      Id id = new Id(master.ms() + num(lp, p), master.seq() + num(lp, p));
      boolean same = (flags & FLAG_SAMEFIELDS) != 0;
      long n = same ? nf : num(lp, p);
      if (n < 0 || n > lp.size()) {
        throw new IllegalArgumentException("bad entry field count " + n);
      }
      List<byte[]> fields = new ArrayList<>();
      List<byte[]> values = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        fields.add(same ? masterFields.get(i) : get(lp, p));
        values.add(get(lp, p));
      }
      num(lp, p); // lp-count
      boolean del = (flags & FLAG_DELETED) != 0;
      live += del ? 0 : 1;
      entries.add(new Entry(id, del, fields, values));
    }
    if (live != count || entries.size() - live != deleted) {
      throw new IllegalArgumentException(
          "stream node counts " + count + "/" + deleted + " do not match its entries");
    }
    return new DecodedNode(master, masterFields, entries);
  }

  /** The live entries of a stream value, in ID order. */
  public static List<Entry> liveEntries(RdbValue.StreamValue s) {
    List<Entry> out = new ArrayList<>();
    for (Node n : s.nodes()) {
      for (Entry e : decode(n).entries()) {
        if (!e.deleted()) {
          out.add(e);
        }
      }
    }
    return out;
  }

  private static byte[] get(List<byte[]> lp, int[] p) {
    if (p[0] >= lp.size()) {
      throw new IllegalArgumentException("stream node listpack ends inside an entry");
    }
    return lp.get(p[0]++);
  }

  private static long num(List<byte[]> lp, int[] p) {
    byte[] b = get(lp, p);
    long[] v = new long[1];
    if (!Ints.parse(b, 0, b.length, v)) {
      throw new IllegalArgumentException("stream node listpack has a string where a number goes");
    }
    return v[0];
  }
}
