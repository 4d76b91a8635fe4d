package io.replicheck.server.core;

import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * A chained hash table keyed by byte arrays, like redis's dict: no wrapper object per key, random
 * entry sampling (for RANDOMKEY, SPOP and active expiry) and redis's reverse-binary SCAN cursor,
 * which returns every element present for the whole scan even when the table grows or shrinks
 * between calls. Keys must not be mutated once inserted. Not thread-safe.
 *
 * @param <V> the value type
 */
public final class Dict<V> {
  /** One key/value pair. */
  public static final class Entry<V> {
    final byte[] key;
    final int hash;
    V value;
    Entry<V> next;

    Entry(byte[] key, int hash, V value, Entry<V> next) {
      this.key = key;
      this.hash = hash;
      this.value = value;
      this.next = next;
    }

    public byte[] key() {
      return key;
    }

    public V value() {
      return value;
    }

    public void setValue(V v) {
      value = v;
    }
  }

  private static final int MIN_SIZE = 4;
  private Entry<V>[] table;
  private int size;

  public Dict() {
    table = newTable(MIN_SIZE);
  }

  @SuppressWarnings("unchecked")
  private static <V> Entry<V>[] newTable(int n) {
    return (Entry<V>[]) new Entry[n];
  }

  /** The hash of a key (siphash in redis; any good spread works here). */
  public static int hash(byte[] k) {
    int h = 0x9747b28c;
    for (byte b : k) {
      h = (h ^ (b & 0xff)) * 0x01000193;
    }
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public Entry<V> getEntry(byte[] key) {
    if (size == 0) {
      return null;
    }
    int h = hash(key);
    for (Entry<V> e = table[h & (table.length - 1)]; e != null; e = e.next) {
      if (e.hash == h && Arrays.equals(e.key, key)) {
        return e;
      }
    }
    return null;
  }

  public V get(byte[] key) {
    Entry<V> e = getEntry(key);
    return e == null ? null : e.value;
  }

  public boolean containsKey(byte[] key) {
    return getEntry(key) != null;
  }

  /** Inserts or replaces; returns the previous value or null. */
  public V put(byte[] key, V value) {
    int h = hash(key);
    int i = h & (table.length - 1);
    for (Entry<V> e = table[i]; e != null; e = e.next) {
      if (e.hash == h && Arrays.equals(e.key, key)) {
        V old = e.value;
        e.value = value;
        return old;
      }
    }
    table[i] = new Entry<>(key, h, value, table[i]);
    size++;
    if (size > table.length) {
      resize(table.length * 2);
    }
    return null;
  }

  /** Removes a key; returns its value or null. */
  public V remove(byte[] key) {
    if (size == 0) {
      return null;
    }
    int h = hash(key);
    int i = h & (table.length - 1);
    Entry<V> prev = null;
    for (Entry<V> e = table[i]; e != null; prev = e, e = e.next) {
      if (e.hash == h && Arrays.equals(e.key, key)) {
        if (prev == null) {
          table[i] = e.next;
        } else {
          prev.next = e.next;
        }
        size--;
        if (table.length > MIN_SIZE && size < table.length / 8) {
          resize(Math.max(MIN_SIZE, Integer.highestOneBit(Math.max(size, 1)) * 2));
        }
        return e.value;
      }
    }
    return null;
  }

  public void clear() {
    table = newTable(MIN_SIZE);
    size = 0;
  }

  private void resize(int n) {
    Entry<V>[] old = table;
    Entry<V>[] t = newTable(n);
    for (Entry<V> head : old) {
      Entry<V> e = head;
      while (e != null) {
        Entry<V> next = e.next;
        int i = e.hash & (n - 1);
        e.next = t[i];
        t[i] = e;
        e = next;
      }
    }
    table = t;
  }

  /**
   * A uniformly chosen bucket, then a uniform entry of its chain (as dictGetFairRandomKey roughly).
   */
  public Entry<V> randomEntry(RandomGenerator rnd) {
    if (size == 0) {
      return null;
    }
    Entry<V> head;
    do {
      head = table[rnd.nextInt(table.length)];
    } while (head == null);
    int len = 0;
    for (Entry<V> e = head; e != null; e = e.next) {
      len++;
    }
    int k = rnd.nextInt(len);
    Entry<V> e = head;
    while (k-- > 0) {
      e = e.next;
    }
    return e;
  }

  /** Visits every entry; the dict must not be modified during the visit. */
  public void forEach(BiConsumer<byte[], V> visitor) {
    for (Entry<V> head : table) {
      for (Entry<V> e = head; e != null; e = e.next) {
        visitor.accept(e.key, e.value);
      }
    }
  }

  /** Copies the entries into arrays (keys, values), for iteration that may modify the dict. */
  public Object[][] snapshotArrays() {
    Object[] keys = new Object[size];
    Object[] values = new Object[size];
    int n = 0;
    for (Entry<V> head : table) {
      for (Entry<V> e = head; e != null; e = e.next) {
        keys[n] = e.key;
        values[n++] = e.value;
      }
    }
    return new Object[][] {keys, values};
  }

  /**
   * One SCAN step (redis's dictScan): visits the bucket at {@code cursor} and returns the next
   * cursor, 0 when the scan is complete.
   */
  public long scan(long cursor, BiConsumer<byte[], V> visitor) {
    if (size == 0) {
      return 0;
    }
    long mask = table.length - 1;
    int idx = (int) (cursor & mask);
    for (Entry<V> e = table[idx]; e != null; e = e.next) {
      visitor.accept(e.key, e.value);
    }
    long v = cursor | ~mask;
    v = Long.reverse(v);
    v++;
    v = Long.reverse(v);
    return v & 0xffffffffffffffffL;
  }
}
