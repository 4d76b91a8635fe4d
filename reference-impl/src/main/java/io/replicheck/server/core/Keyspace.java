package io.replicheck.server.core;

import io.replicheck.rdb.Encoding;
import io.replicheck.rdb.RdbEntry;
import io.replicheck.rdb.RdbValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The numbered databases and point-in-time snapshots of them.
 *
 * <p>A {@link Snapshot} copies each db's key/object/expiry table (cheap: references only) and
 * switches on copy-on-write for containers: until it is closed, the first in-place write to an
 * object the snapshot holds replaces it by a copy ({@link Db#lookupWrite}); strings are immutable
 * anyway. So a snapshot can be read from another thread (to write an RDB file or feed a replica)
 * while the command thread goes on writing, and it shows the dataset exactly as it was when taken.
 */
public final class Keyspace {
  private static final AtomicInteger GEN = new AtomicInteger(1);

  static int currentGen() {
    return GEN.get();
  }

  final ServerCore core;
  private Db[] dbs;

  /** Objects with a generation below this are shared with an open snapshot. */
  int cowGen = Integer.MIN_VALUE;

  private int openSnapshots;

  /**
   * The sources of the function libraries (FUNCTION LOAD), by library name: kept here so that
   * snapshots, the RDB (FUNCTION2) and full syncs carry them with the keys. The script package
   * compiles them; FLUSHALL leaves them, as redis does.
   */
  private List<String> functionLibraries = List.of();

  Keyspace(ServerCore core, int databases) {
    this.core = core;
    this.dbs = new Db[databases];
    for (int i = 0; i < databases; i++) {
      dbs[i] = new Db(i, this);
    }
  }

  public int count() {
    return dbs.length;
  }

  public Db db(int i) {
    return dbs[i];
  }

  /** Total keys in all dbs. */
  public long totalKeys() {
    long n = 0;
    for (Db d : dbs) {
      n += d.size();
    }
    return n;
  }

  void flushAll() {
    for (Db d : dbs) {
      d.clear();
    }
  }

  /** Replaces every db's content by the loaded ones (same count); used after a successful load. */
  void replaceAll(Keyspace loaded) {
    for (int i = 0; i < dbs.length; i++) {
      dbs[i].swapContents(loaded.dbs[i]);
    }
    functionLibraries = loaded.functionLibraries;
  }

  /** The function libraries' sources (immutable). */
  public List<String> functionLibraries() {
    return functionLibraries;
  }

  /** Sets the function libraries' sources (the script package, after each change). */
  public void setFunctionLibraries(List<String> codes) {
    functionLibraries = List.copyOf(codes);
  }

  /** Adds a loaded library source (RDB FUNCTION2) to a keyspace that is not yet live. */
  public void loadFunctionLibrary(String code) {
    List<String> l = new ArrayList<>(functionLibraries);
    l.add(code);
    functionLibraries = List.copyOf(l);
  }

  /** Takes a consistent point-in-time view of all dbs; close it when done. */
  public Snapshot snapshot() {
    int g = GEN.incrementAndGet();
    cowGen = g;
    openSnapshots++;
    List<DbSnapshot> out = new ArrayList<>();
    for (Db d : dbs) {
      if (d.size() == 0) {
        continue;
      }
      Object[] keys = new Object[d.size()];
      RObject[] objs = new RObject[d.size()];
      long[] exp = new long[d.size()];
      int[] n = {0};
      d.dict.forEach(
          (k, v) -> {
            keys[n[0]] = k;
            objs[n[0]] = v;
            exp[n[0]++] = v.expireAt;
          });
      out.add(new DbSnapshot(d.id, keys, objs, exp));
    }
    return new Snapshot(out, functionLibraries);
  }

  private void release() {
    if (--openSnapshots == 0) {
      cowGen = Integer.MIN_VALUE;
    }
  }

  /** A point-in-time view of all non-empty dbs. Close it on the command thread. */
  public final class Snapshot implements AutoCloseable {
    private final List<DbSnapshot> dbs;
    private final List<String> functionLibraries;
    private boolean closed;

    Snapshot(List<DbSnapshot> dbs, List<String> functionLibraries) {
      this.dbs = dbs;
      this.functionLibraries = functionLibraries;
    }

    /** The function libraries' sources at the snapshot's instant (RDB FUNCTION2 opcodes). */
    public List<String> functionLibraries() {
      return functionLibraries;
    }

    /** Non-empty dbs in ascending order. Safe to read from any thread until closed. */
    public List<DbSnapshot> dbs() {
      return dbs;
    }

    /** Every entry of every db, db by db. */
    public Iterable<RdbEntry> entries() {
      return () ->
          new Iterator<>() {
            private int db;
            private Iterator<RdbEntry> cur = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
              while (!cur.hasNext() && db < dbs.size()) {
                cur = dbs.get(db++).entries().iterator();
              }
              return cur.hasNext();
            }

            @Override
            public RdbEntry next() {
              if (!hasNext()) {
                throw new NoSuchElementException();
              }
              return cur.next();
            }
          };
    }

    /** Ends copy-on-write for this snapshot; must run on the command thread. */
    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release();
      }
    }
  }

  /** One db of a snapshot. */
  public static final class DbSnapshot {
    private final int db;
    private final Object[] keys;
    private final RObject[] objs;
    private final long[] expires;

    DbSnapshot(int db, Object[] keys, RObject[] objs, long[] expires) {
      this.db = db;
      this.keys = keys;
      this.objs = objs;
      this.expires = expires;
    }

    public int db() {
      return db;
    }

    public int size() {
      return keys.length;
    }

    public int expiresSize() {
      int n = 0;
      for (long e : expires) {
        if (e >= 0) {
          n++;
        }
      }
      return n;
    }

    /** The entries, converted lazily to the RDB codec's neutral form. */
    public Iterable<RdbEntry> entries() {
      return () ->
          new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
              return i < keys.length;
            }

            @Override
            public RdbEntry next() {
              if (i >= keys.length) {
                throw new NoSuchElementException();
              }
              RdbEntry e =
                  new RdbEntry(
                      db,
                      (byte[]) keys[i],
                      toRdb(objs[i]),
                      expires[i] >= 0 ? expires[i] : RdbEntry.NO_EXPIRE);
              i++;
              return e;
            }
          };
    }
  }

  /** The neutral RDB form of a value, with its current encoding (sticky encodings kept). */
  public static RdbValue toRdb(RObject o) {
    if (o instanceof RString s) {
      return new RdbValue.Str(s.bytes(), s.encoding());
    }
    if (o instanceof RList l) {
      List<byte[]> el = new ArrayList<>(l.size());
      for (int i = 0; i < l.size(); i++) {
        el.add(l.get(i));
      }
      return new RdbValue.ListValue(el, Encoding.QUICKLIST);
    }
    if (o instanceof RHash h) {
      List<byte[]> f = new ArrayList<>(h.size());
      List<byte[]> v = new ArrayList<>(h.size());
      h.forEach(
          (a, b) -> {
            f.add(a);
            v.add(b);
          });
      return new RdbValue.HashValue(f, v, h.encoding());
    }
    if (o instanceof RZSet z) {
      return new RdbValue.ZSetValue(z.memberList(), z.scoreList(), z.encoding());
    }
    if (o instanceof RStream st) {
      return st.toRdb();
    }
    RSet s = (RSet) o;
    return new RdbValue.SetValue(s.members(), s.encoding());
  }

  /** Builds an object from its RDB form, applying the thresholds as redis does on load. */
  public static RObject fromRdb(RdbValue v, Limits limits) {
    if (v instanceof RdbValue.Str s) {
      return RString.of(s.value());
    }
    if (v instanceof RdbValue.ListValue l) {
      RList list = new RList();
      for (byte[] e : l.elements()) {
        list.addLast(e);
      }
      return list;
    }
    if (v instanceof RdbValue.HashValue h) {
      RHash hash = new RHash();
      for (int i = 0; i < h.fields().size(); i++) {
        hash.put(h.fields().get(i), h.values().get(i), limits);
      }
      return hash;
    }
    if (v instanceof RdbValue.ZSetValue zv) {
      return zsetFromRdb(zv, limits);
    }
    if (v instanceof RdbValue.StreamValue sv) {
      return RStream.fromRdb(sv);
    }
    RdbValue.SetValue sv = (RdbValue.SetValue) v;
    RSet set =
        sv.members().isEmpty() ? RSet.emptyIntset() : RSet.forFirstMember(sv.members().get(0));
    for (byte[] m : sv.members()) {
      set.add(m, limits);
    }
    return set;
  }

  /**
   * rdbLoadObject for sorted sets: a skiplist that fits the listpack limits becomes a listpack, a
   * listpack longer than zset-max-listpack-entries a skiplist.
   */
  private static RZSet zsetFromRdb(RdbValue.ZSetValue zv, Limits limits) {
    boolean fits = zv.members().size() <= limits.zsetMaxListpackEntries;
    if (zv.encoding() != io.replicheck.rdb.Encoding.LISTPACK) {
      for (byte[] m : zv.members()) {
        fits &= m.length <= limits.zsetMaxListpackValue;
      }
    }
    RZSet z = fits ? RZSet.listpack() : RZSet.skiplist();
    Limits unlimited = new Limits();
    unlimited.zsetMaxListpackEntries = Integer.MAX_VALUE;
    unlimited.zsetMaxListpackValue = Integer.MAX_VALUE;
    for (int i = 0; i < zv.members().size(); i++) {
      z.insert(zv.members().get(i), zv.scores().get(i), unlimited);
    }
    return z;
  }

  /** A deep copy of a value without its time to live (COPY). */
  public static RObject duplicate(RObject o) {
    RObject c = o.copy();
    if (c == o) {
      c = ((RString) o).duplicate();
    }
    c.expireAt = -1;
    return c;
  }

  /** A fresh, empty keyspace of the same shape, to load into before swapping it in. */
  public Keyspace emptyCopy() {
    return new Keyspace(core, dbs.length);
  }

  /** Adds a loaded entry to a keyspace that is not yet live (see {@link #emptyCopy}). */
  public void load(RdbEntry e, Limits limits) {
    if (e.db() < 0 || e.db() >= dbs.length) {
      throw new IllegalArgumentException(
          "DB index " + e.db() + " is out of range (databases " + dbs.length + ")");
    }
    RObject o = fromRdb(e.value(), limits);
    o.expireAt = e.expireAtMs() >= 0 ? e.expireAtMs() : -1;
    Db d = dbs[e.db()];
    d.dict.put(e.key(), o);
    d.mem.changed(d, e.key(), o);
    if (o.expireAt >= 0) {
      d.expires.put(e.key(), Boolean.TRUE);
    }
  }
}
