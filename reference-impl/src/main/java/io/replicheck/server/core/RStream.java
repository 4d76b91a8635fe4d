package io.replicheck.server.core;

import io.replicheck.rdb.Encoding;
import io.replicheck.rdb.Listpack;
import io.replicheck.rdb.RdbValue;
import io.replicheck.rdb.StreamListpacks;
import io.replicheck.rdb.StreamListpacks.Id;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A stream as redis 7.0 keeps it (t_stream.c): entries in nodes of at most stream-node-max-entries
 * entries and stream-node-max-bytes listpack bytes, each node keyed by its master ID and compressed
 * against its master fields; XDEL and exact trimming only flag entries deleted (tombstones) until a
 * node is empty. The node layout decides what {@code ~} trimming removes and is written to the RDB
 * as it is, so both follow redis byte for byte. Consumer groups keep their pending entries (NACKs
 * shared between the group's and the owning consumer's lists) and consumers ordered bytewise, as
 * redis's radix trees do.
 */
public final class RStream extends RObject {
  /** redis 7.0's defaults of stream-node-max-bytes and stream-node-max-entries. */
  public static final int NODE_MAX_BYTES = 4096;

  public static final int NODE_MAX_ENTRIES = 100;

  /** One entry; {@code deleted} marks a tombstone still inside its node. */
  public static final class Entry {
    public final Id id;
    public final byte[][] fields;
    public final byte[][] values;
    boolean deleted;

    Entry(Id id, byte[][] fields, byte[][] values, boolean deleted) {
      this.id = id;
      this.fields = fields;
      this.values = values;
      this.deleted = deleted;
    }
  }

  /** A radix tree node: master ID and fields, entries (tombstones included) in ID order. */
  static final class Node {
    final Id master;
    final byte[][] masterFields;
    final ArrayList<Entry> entries = new ArrayList<>();
    int live;
    int deleted;

    /** Listpack bytes of everything but the header, terminator and the two counters. */
    long body;

    Node(Id master, byte[][] masterFields) {
      this.master = master;
      this.masterFields = masterFields;
      body = Listpack.intElementSize(masterFields.length) + Listpack.intElementSize(0);
      for (byte[] f : masterFields) {
        body += Listpack.elementSize(f);
      }
    }

    long lpBytes() {
      return 7 + Listpack.intElementSize(live) + Listpack.intElementSize(deleted) + body;
    }

    void add(Entry e) {
      boolean same = sameFields(masterFields, e.fields);
      int flags = (same ? StreamListpacks.FLAG_SAMEFIELDS : 0) | (e.deleted ? 1 : 0);
      body += Listpack.intElementSize(flags);
      body += Listpack.intElementSize(e.id.ms() - master.ms());
      body += Listpack.intElementSize(e.id.seq() - master.seq());
      int n = e.fields.length;
      if (!same) {
        body += Listpack.intElementSize(n);
        for (byte[] f : e.fields) {
          body += Listpack.elementSize(f);
        }
      }
      for (byte[] v : e.values) {
        body += Listpack.elementSize(v);
      }
      body += Listpack.intElementSize(n + 3 + (same ? 0 : n + 1));
      entries.add(e);
      if (e.deleted) {
        deleted++;
      } else {
        live++;
      }
    }

    /** Index of the first entry with an ID at least {@code id}. */
    int lowerBound(Id id) {
      int lo = 0;
      int hi = entries.size();
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (entries.get(mid).id.compareTo(id) < 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    Id lastId() {
      return entries.get(entries.size() - 1).id;
    }
  }

  /** A pending entry: owner, last delivery (Unix ms) and delivery count. */
  public static final class Nack {
    public Consumer consumer;
    public long deliveryTime;
    public long deliveryCount;

    public Nack(Consumer consumer, long deliveryTime, long deliveryCount) {
      this.consumer = consumer;
      this.deliveryTime = deliveryTime;
      this.deliveryCount = deliveryCount;
    }
  }

  /** A consumer of a group. */
  public static final class Consumer {
    public final byte[] name;
    public long seenTime;
    public final TreeMap<Id, Nack> pel = new TreeMap<>();

    public Consumer(byte[] name, long seenTime) {
      this.name = name;
      this.seenTime = seenTime;
    }
  }

  /** A consumer group. */
  public static final class Group {
    public Id lastId;

    /** The logical read counter; -1 = unknown (SCG_INVALID_ENTRIES_READ). */
    public long entriesRead;

    public final TreeMap<Id, Nack> pel = new TreeMap<>();
    public final TreeMap<byte[], Consumer> consumers = new TreeMap<>(Arrays::compareUnsigned);

    public Group(Id lastId, long entriesRead) {
      this.lastId = lastId;
      this.entriesRead = entriesRead;
    }
  }

  final TreeMap<Id, Node> nodes = new TreeMap<>();
  public long length;
  public Id lastId = Id.ZERO;
  public Id firstId = Id.ZERO;
  public Id maxDeletedId = Id.ZERO;
  public long entriesAdded;
  public final TreeMap<byte[], Group> groups = new TreeMap<>(Arrays::compareUnsigned);

  @Override
  public String typeName() {
    return "stream";
  }

  @Override
  public Encoding encoding() {
    return Encoding.STREAM;
  }

  static boolean sameFields(byte[][] master, byte[][] fields) {
    if (master.length != fields.length) {
      return false;
    }
    for (int i = 0; i < fields.length; i++) {
      if (!Arrays.equals(master[i], fields[i])) {
        return false;
      }
    }
    return true;
  }

  // ---- entries ----

  /**
   * streamAppendItem with the ID already chosen (greater than {@link #lastId}): appends to the last
   * node unless it is full, else starts a node whose master fields are this entry's.
   */
  public void append(Id id, byte[][] fields, byte[][] values) {
    long totelelen = 0;
    for (int i = 0; i < fields.length; i++) {
      totelelen += fields[i].length + values[i].length;
    }
    Map.Entry<Id, Node> tail = nodes.lastEntry();
    Node n = tail == null ? null : tail.getValue();
    if (n != null
        && (n.lpBytes() + totelelen >= NODE_MAX_BYTES || n.live + n.deleted >= NODE_MAX_ENTRIES)) {
      n = null;
    }
    if (n == null) {
      n = new Node(id, fields);
      nodes.put(id, n);
    }
    n.add(new Entry(id, fields, values, false));
    length++;
    entriesAdded++;
    lastId = id;
    if (length == 1) {
      firstId = id;
    }
  }

  /** The live entry with this ID, or null. */
  public Entry get(Id id) {
    Map.Entry<Id, Node> ne = nodes.floorEntry(id);
    if (ne == null) {
      return null;
    }
    Node n = ne.getValue();
    int i = n.lowerBound(id);
    if (i < n.entries.size()) {
      Entry e = n.entries.get(i);
      if (e.id.equals(id) && !e.deleted) {
        return e;
      }
    }
    return null;
  }

  /** streamDeleteItem: flags the entry deleted, dropping its node when it was the last live one. */
  public boolean delete(Id id) {
    Map.Entry<Id, Node> ne = nodes.floorEntry(id);
    if (ne == null) {
      return false;
    }
    Node n = ne.getValue();
    int i = n.lowerBound(id);
    if (i >= n.entries.size()) {
      return false;
    }
    Entry e = n.entries.get(i);
    if (!e.id.equals(id) || e.deleted) {
      return false;
    }
    e.deleted = true;
    if (n.live == 1) {
      nodes.remove(ne.getKey());
    } else {
      n.live--;
      n.deleted++;
    }
    length--;
    return true;
  }

  /**
   * Live entries from start to end inclusive (both may be null: unbounded), ascending or, with
   * {@code rev}, descending; at most {@code count} (0 = all).
   */
  public List<Entry> range(Id start, Id end, long count, boolean rev) {
    List<Entry> out = new ArrayList<>();
    Id s = start == null ? Id.ZERO : start;
    Id e = end == null ? Id.MAX : end;
    if (s.compareTo(e) > 0) {
      return out;
    }
    if (!rev) {
      Id from = nodes.floorKey(s);
      NavigableMap<Id, Node> view = from == null ? nodes : nodes.tailMap(from, true);
      for (Node n : view.values()) {
        if (n.master.compareTo(e) > 0) {
          break;
        }
        for (int i = n.lowerBound(s); i < n.entries.size(); i++) {
          Entry en = n.entries.get(i);
          if (en.id.compareTo(e) > 0) {
            return out;
          }
          if (!en.deleted) {
            out.add(en);
            if (count > 0 && out.size() >= count) {
              return out;
            }
          }
        }
      }
    } else {
      NavigableMap<Id, Node> view = nodes.headMap(e, true).descendingMap();
      for (Node n : view.values()) {
        int i = n.lowerBound(e);
        if (i == n.entries.size() || n.entries.get(i).id.compareTo(e) > 0) {
          i--;
        }
        for (; i >= 0; i--) {
          Entry en = n.entries.get(i);
          if (en.id.compareTo(s) < 0) {
            return out;
          }
          if (!en.deleted) {
            out.add(en);
            if (count > 0 && out.size() >= count) {
              return out;
            }
          }
        }
      }
    }
    return out;
  }

  /** streamGetEdgeID: the first or last entry's ID, tombstones skipped or not; MAX/ZERO if none. */
  public Id edgeId(boolean first, boolean skipTombstones) {
    Iterable<Node> ns = first ? nodes.values() : nodes.descendingMap().values();
    for (Node n : ns) {
      for (int k = 0; k < n.entries.size(); k++) {
        Entry e = n.entries.get(first ? k : n.entries.size() - 1 - k);
        if (!skipTombstones || !e.deleted) {
          return e.id;
        }
      }
    }
    return first ? Id.MAX : Id.ZERO;
  }

  /** streamLastValidID. */
  public Id lastValidId() {
    return edgeId(false, true);
  }

  /** Number of radix tree keys (XINFO radix-tree-keys). */
  public int nodeCount() {
    return nodes.size();
  }

  /**
   * XINFO radix-tree-nodes: the nodes of redis's rax holding the 16-byte node keys (compressed
   * chains, branching nodes and key leaves), counted on the canonical tree for those keys.
   */
  public long radixTreeNodes() {
    List<byte[]> keys = new ArrayList<>(nodes.size());
    for (Id id : nodes.keySet()) {
      keys.add(id.toKey());
    }
    if (keys.isEmpty()) {
      return 1;
    }
    return raxNodes(keys, 0, keys.size(), 0);
  }

  private static long raxNodes(List<byte[]> keys, int from, int to, int depth) {
    if (to - from == 1 && keys.get(from).length == depth) {
      return 1;
    }
    byte[] a = keys.get(from);
    byte[] b = keys.get(to - 1);
    int lcp = depth;
    while (lcp < a.length && lcp < b.length && a[lcp] == b[lcp]) {
      lcp++;
    }
    if (to - from == 1) {
      return 1 + 1; // a compressed chain to the key leaf
    }
    long count = 1;
    if (lcp > depth) {
      return 1 + raxNodes(keys, from, to, lcp);
    }
    int i = from;
    while (i < to) {
      int j = i + 1;
      while (j < to && keys.get(j)[depth] == keys.get(i)[depth]) {
        j++;
      }
      count += raxChild(keys, i, j, depth + 1);
      i = j;
    }
    return count;
  }

  /** The subtree after a branching node consumed one byte. */
  private static long raxChild(List<byte[]> keys, int from, int to, int depth) {
    if (to - from == 1) {
      return keys.get(from).length == depth ? 1 : 2;
    }
    return raxNodes(keys, from, to, depth);
  }

  // ---- trimming ----

  /**
   * streamTrim: removes whole nodes from the head while they fit the strategy, then (unless {@code
   * approx}) flags entries of the next node deleted. {@code minId} null = MAXLEN {@code maxLen};
   * {@code limit} 0 = no limit on the entries removed. Returns the number removed.
   */
  public long trim(long maxLen, Id minId, boolean approx, long limit) {
    long deleted = 0;
    while (!nodes.isEmpty()) {
      if (minId == null && length <= maxLen) {
        break;
      }
      Map.Entry<Id, Node> ne = nodes.firstEntry();
      Node n = ne.getValue();
      long entries = n.live;
      if (limit != 0 && deleted + entries > limit) {
        break;
      }
      boolean removeNode =
          minId == null ? length - entries >= maxLen : n.lastId().compareTo(minId) < 0;
      if (removeNode) {
        nodes.remove(ne.getKey());
        length -= entries;
        deleted += entries;
        continue;
      }
      if (approx) {
        break;
      }
      long fromNode = 0;
      for (Entry e : n.entries) {
        boolean stop = minId == null ? length <= maxLen : e.id.compareTo(minId) >= 0;
        if (stop) {
          break;
        }
        if (!e.deleted) {
          e.deleted = true;
          fromNode++;
          length--;
        }
      }
      n.live -= (int) fromNode;
      n.deleted += (int) fromNode;
      deleted += fromNode;
      break;
    }
    firstId = length == 0 ? Id.ZERO : edgeId(true, true);
    return deleted;
  }

  // ---- groups ----

  public Group group(byte[] name) {
    return groups.get(name);
  }

  /** streamEstimateDistanceFromFirstEverEntry; -1 when it cannot be known. */
  public long estimateDistance(Id id) {
    if (entriesAdded == 0) {
      return 0;
    }
    if (length == 0 && id.compareTo(lastId) < 1) {
      return entriesAdded;
    }
    int cmpLast = id.compareTo(lastId);
    if (cmpLast == 0) {
      return entriesAdded;
    } else if (cmpLast > 0) {
      return -1;
    }
    int cmpIdFirst = id.compareTo(firstId);
    int cmpXdelFirst = maxDeletedId.compareTo(firstId);
    if (maxDeletedId.isZero() || cmpXdelFirst < 0) {
      if (cmpIdFirst < 0) {
        return entriesAdded - length;
      } else if (cmpIdFirst == 0) {
        return entriesAdded - length + 1;
      }
    }
    return -1;
  }

  /** streamRangeHasTombstones from start to the end of the stream. */
  public boolean rangeHasTombstones(Id start) {
    if (length == 0 || maxDeletedId.isZero()) {
      return false;
    }
    if (firstId.compareTo(maxDeletedId) > 0) {
      return false;
    }
    Id s = start == null ? Id.ZERO : start;
    return s.compareTo(maxDeletedId) <= 0;
  }

  /** The group's lag (streamReplyWithCGLag); null when it cannot be known. */
  public Long lag(Group g) {
    if (entriesAdded == 0) {
      return 0L;
    }
    if (g.entriesRead != -1 && !rangeHasTombstones(g.lastId)) {
      return entriesAdded - g.entriesRead;
    }
    long er = estimateDistance(g.lastId);
    return er != -1 ? entriesAdded - er : null;
  }

  // ---- copies and the RDB form ----

  @Override
  RObject copy() {
    RStream c = new RStream();
    for (Node n : nodes.values()) {
      Node m = new Node(n.master, n.masterFields);
      for (Entry e : n.entries) {
        m.add(new Entry(e.id, e.fields, e.values, e.deleted));
      }
      c.nodes.put(m.master, m);
    }
    c.length = length;
    c.lastId = lastId;
    c.firstId = firstId;
    c.maxDeletedId = maxDeletedId;
    c.entriesAdded = entriesAdded;
    for (Map.Entry<byte[], Group> ge : groups.entrySet()) {
      Group g = ge.getValue();
      Group h = new Group(g.lastId, g.entriesRead);
      Map<Consumer, Consumer> cons = new IdentityHashMap<>();
      for (Consumer k : g.consumers.values()) {
        Consumer k2 = new Consumer(k.name, k.seenTime);
        cons.put(k, k2);
        h.consumers.put(k.name, k2);
      }
      for (Map.Entry<Id, Nack> pe : g.pel.entrySet()) {
        Nack n = pe.getValue();
        Consumer owner = cons.get(n.consumer);
        Nack n2 = new Nack(owner, n.deliveryTime, n.deliveryCount);
        h.pel.put(pe.getKey(), n2);
        if (owner != null) {
          owner.pel.put(pe.getKey(), n2);
        }
      }
      c.groups.put(ge.getKey(), h);
    }
    return c;
  }

  /** The RDB form: nodes encoded as redis's listpacks, groups in bytewise order. */
  public RdbValue.StreamValue toRdb() {
    List<StreamListpacks.Node> ns = new ArrayList<>(nodes.size());
    for (Node n : nodes.values()) {
      List<StreamListpacks.Entry> es = new ArrayList<>(n.entries.size());
      for (Entry e : n.entries) {
        es.add(
            new StreamListpacks.Entry(
                e.id, e.deleted, Arrays.asList(e.fields), Arrays.asList(e.values)));
      }
      ns.add(
          StreamListpacks.encode(
              new StreamListpacks.DecodedNode(n.master, Arrays.asList(n.masterFields), es)));
    }
    List<StreamListpacks.Group> gs = new ArrayList<>();
    for (Map.Entry<byte[], Group> ge : groups.entrySet()) {
      Group g = ge.getValue();
      List<StreamListpacks.Nack> pel = new ArrayList<>();
      for (Map.Entry<Id, Nack> pe : g.pel.entrySet()) {
        pel.add(
            new StreamListpacks.Nack(
                pe.getKey(), pe.getValue().deliveryTime, pe.getValue().deliveryCount));
      }
      List<StreamListpacks.Consumer> cs = new ArrayList<>();
      for (Consumer k : g.consumers.values()) {
        cs.add(new StreamListpacks.Consumer(k.name, k.seenTime, new ArrayList<>(k.pel.keySet())));
      }
      gs.add(new StreamListpacks.Group(ge.getKey(), g.lastId, g.entriesRead, pel, cs));
    }
    return new RdbValue.StreamValue(ns, length, lastId, firstId, maxDeletedId, entriesAdded, gs);
  }

  /** rdbLoadObject for streams: nodes as they were, groups with their shared NACKs. */
  public static RStream fromRdb(RdbValue.StreamValue v) {
    RStream s = new RStream();
    for (StreamListpacks.Node node : v.nodes()) {
      StreamListpacks.DecodedNode d = StreamListpacks.decode(node);
      Node n = new Node(d.master(), d.masterFields().toArray(new byte[0][]));
      for (StreamListpacks.Entry e : d.entries()) {
        n.add(
            new Entry(
                e.id(),
                e.fields().toArray(new byte[0][]),
                e.values().toArray(new byte[0][]),
                e.deleted()));
      }
      if (!n.entries.isEmpty()) {
        s.nodes.put(n.master, n);
      }
    }
    s.length = v.length();
    s.lastId = v.lastId();
    s.firstId = v.firstId();
    s.maxDeletedId = v.maxDeletedId();
    s.entriesAdded = v.entriesAdded();
    for (StreamListpacks.Group g : v.groups()) {
      Group h = new Group(g.lastId(), g.entriesRead());
      for (StreamListpacks.Nack n : g.pel()) {
        h.pel.put(n.id(), new Nack(null, n.deliveryTime(), n.deliveryCount()));
      }
      for (StreamListpacks.Consumer c : g.consumers()) {
        Consumer k = new Consumer(c.name(), c.seenTime());
        for (Id id : c.pending()) {
          Nack n = h.pel.get(id);
          if (n == null) {
            throw new IllegalArgumentException("Consumer entry not found in group global PEL");
          }
          n.consumer = k;
          k.pel.put(id, n);
        }
        h.consumers.put(c.name(), k);
      }
      s.groups.put(g.name(), h);
    }
    return s;
  }
}
