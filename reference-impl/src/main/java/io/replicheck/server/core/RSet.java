package io.replicheck.server.core;

import io.replicheck.rdb.Encoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A set: a sorted array of integers while every member is a canonical integer and there are at most
 * set-max-intset-entries (intset), otherwise a hash table; conversion is one-way as in redis.
 */
public final class RSet extends RObject {
  private long[] ints; // sorted, while intset-encoded
  private int n;
  private Dict<Boolean> ht;

  /** An empty set encoded as redis's setTypeCreate would for this first member. */
  public static RSet forFirstMember(byte[] first) {
    RSet s = new RSet();
    if (Numbers.parseLong(first) != null) {
      s.ints = new long[4];
    } else {
      s.ht = new Dict<>();
    }
    return s;
  }

  /** An empty intset (results of SINTERSTORE etc. start like this in redis). */
  public static RSet emptyIntset() {
    RSet s = new RSet();
    s.ints = new long[4];
    return s;
  }

  @Override
  public String typeName() {
    return "set";
  }

  @Override
  public Encoding encoding() {
    return ht == null ? Encoding.INTSET : Encoding.HASHTABLE;
  }

  @Override
  RObject copy() {
    RSet s = new RSet();
    if (ht == null) {
      s.ints = Arrays.copyOf(ints, Math.max(4, n));
      s.n = n;
    } else {
      s.ht = new Dict<>();
      ht.forEach(s.ht::put);
    }
    return s;
  }

  public int size() {
    return ht == null ? n : ht.size();
  }

  public boolean contains(byte[] m) {
    if (ht != null) {
      return ht.containsKey(m);
    }
    Long v = Numbers.parseLong(m);
    return v != null && Arrays.binarySearch(ints, 0, n, v) >= 0;
  }

  /** Adds a member; returns true if it was not there. */
  public boolean add(byte[] m, Limits limits) {
    if (ht == null) {
      Long v = Numbers.parseLong(m);
      if (v != null) {
        int i = Arrays.binarySearch(ints, 0, n, v);
        if (i >= 0) {
          return false;
        }
        int at = -i - 1;
        if (n == ints.length) {
          ints = Arrays.copyOf(ints, ints.length * 2);
        }
        System.arraycopy(ints, at, ints, at + 1, n - at);
        ints[at] = v;
        n++;
        if (n > limits.setMaxIntsetEntries) {
          convert();
        }
        return true;
      }
      convert();
    }
    return ht.put(m, Boolean.TRUE) == null;
  }

  public boolean remove(byte[] m) {
    if (ht != null) {
      return ht.remove(m) != null;
    }
    Long v = Numbers.parseLong(m);
    if (v == null) {
      return false;
    }
    int i = Arrays.binarySearch(ints, 0, n, v);
    if (i < 0) {
      return false;
    }
    System.arraycopy(ints, i + 1, ints, i, n - i - 1);
    n--;
    return true;
  }

  private void convert() {
    ht = new Dict<>();
    for (int i = 0; i < n; i++) {
      ht.put(Numbers.toBytes(ints[i]), Boolean.TRUE);
    }
    ints = null;
    n = 0;
  }

  public void forEach(Consumer<byte[]> visitor) {
    if (ht != null) {
      ht.forEach((k, v) -> visitor.accept(k));
      return;
    }
    for (int i = 0; i < n; i++) {
      visitor.accept(Numbers.toBytes(ints[i]));
    }
  }

  public List<byte[]> members() {
    List<byte[]> out = new ArrayList<>(size());
    forEach(out::add);
    return out;
  }

  /** A uniformly random member (set must not be empty). */
  public byte[] random(java.util.random.RandomGenerator rnd) {
    if (ht != null) {
      return ht.randomEntry(rnd).key();
    }
    return Numbers.toBytes(ints[rnd.nextInt(n)]);
  }

  public Dict<Boolean> table() {
    return ht;
  }
}
