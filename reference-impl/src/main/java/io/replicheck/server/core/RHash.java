package io.replicheck.server.core;

import io.replicheck.rdb.Encoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A hash: a flat field/value list while small (listpack, insertion order, as redis), converted once
 * and for good to a hash table when it outgrows hash-max-listpack-entries/value.
 */
public final class RHash extends RObject {
  private ArrayList<byte[]> lp; // field, value, field, value ... while listpack-encoded
  private Dict<byte[]> ht;

  public RHash() {
    lp = new ArrayList<>();
  }

  @Override
  public String typeName() {
    return "hash";
  }

  @Override
  public Encoding encoding() {
    return ht == null ? Encoding.LISTPACK : Encoding.HASHTABLE;
  }

  @Override
  RObject copy() {
    RHash h = new RHash();
    if (ht == null) {
      h.lp = new ArrayList<>(lp);
    } else {
      h.lp = null;
      h.ht = new Dict<>();
      ht.forEach(h.ht::put);
    }
    return h;
  }

  public int size() {
    return ht == null ? lp.size() / 2 : ht.size();
  }

  private int lpIndex(byte[] field) {
    for (int i = 0; i < lp.size(); i += 2) {
      if (Arrays.equals(lp.get(i), field)) {
        return i;
      }
    }
    return -1;
  }

  public byte[] get(byte[] field) {
    if (ht != null) {
      return ht.get(field);
    }
    int i = lpIndex(field);
    return i < 0 ? null : lp.get(i + 1);
  }

  /** Converts to a hash table if an argument is longer than the listpack value limit. */
  public void tryConversion(Limits limits, byte[]... args) {
    if (ht != null) {
      return;
    }
    for (byte[] a : args) {
      if (a.length > limits.hashMaxListpackValue) {
        convert();
        return;
      }
    }
  }

  /** Sets a field; returns true if it is new. */
  public boolean put(byte[] field, byte[] value, Limits limits) {
    if (ht == null
        && (field.length > limits.hashMaxListpackValue
            || value.length > limits.hashMaxListpackValue)) {
      convert();
    }
    if (ht != null) {
      return ht.put(field, value) == null;
    }
    int i = lpIndex(field);
    if (i >= 0) {
      lp.set(i + 1, value);
      return false;
    }
    lp.add(field);
    lp.add(value);
    if (lp.size() / 2 > limits.hashMaxListpackEntries) {
      convert();
    }
    return true;
  }

  public boolean remove(byte[] field) {
    if (ht != null) {
      return ht.remove(field) != null;
    }
    int i = lpIndex(field);
    if (i < 0) {
      return false;
    }
    lp.remove(i);
    lp.remove(i);
    return true;
  }

  private void convert() {
    ht = new Dict<>();
    for (int i = 0; i < lp.size(); i += 2) {
      ht.put(lp.get(i), lp.get(i + 1));
    }
    lp = null;
  }

  public void forEach(BiConsumer<byte[], byte[]> visitor) {
    if (ht != null) {
      ht.forEach(visitor);
      return;
    }
    for (int i = 0; i < lp.size(); i += 2) {
      visitor.accept(lp.get(i), lp.get(i + 1));
    }
  }

  /** Fields and values, interleaved, in iteration order. */
  public List<byte[]> flat() {
    List<byte[]> out = new ArrayList<>(size() * 2);
    forEach(
        (f, v) -> {
          out.add(f);
          out.add(v);
        });
    return out;
  }

  /** The hash table when hashtable-encoded (for SCAN), else null. */
  public Dict<byte[]> table() {
    return ht;
  }

  /** Field at position i of the listpack (random picks); only when listpack-encoded. */
  byte[][] pairAt(int i) {
    return new byte[][] {lp.get(2 * i), lp.get(2 * i + 1)};
  }

  public byte[][] randomPair(java.util.random.RandomGenerator rnd) {
    if (ht != null) {
      Dict.Entry<byte[]> e = ht.randomEntry(rnd);
      return new byte[][] {e.key(), e.value()};
    }
    return pairAt(rnd.nextInt(size()));
  }
}
