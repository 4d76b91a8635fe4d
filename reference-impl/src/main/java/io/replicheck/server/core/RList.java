package io.replicheck.server.core;

import io.replicheck.rdb.Encoding;
import java.util.Arrays;

/** A list as a circular array of elements (redis 7.0 always reports "quicklist" for lists). */
public final class RList extends RObject {
  private byte[][] items;
  private int head;
  private int size;

  public RList() {
    items = new byte[8][];
  }

  private RList(RList o) {
    items = new byte[Math.max(8, Integer.highestOneBit(Math.max(1, o.size)) * 2)][];
    for (int i = 0; i < o.size; i++) {
      items[i] = o.get(i);
    }
    size = o.size;
  }

  @Override
  public String typeName() {
    return "list";
  }

  @Override
  public Encoding encoding() {
    return Encoding.QUICKLIST;
  }

  @Override
  RObject copy() {
    return new RList(this);
  }

  public int size() {
    return size;
  }

  private int idx(int i) {
    return (head + i) & (items.length - 1);
  }

  public byte[] get(int i) {
    return items[idx(i)];
  }

  public void set(int i, byte[] v) {
    items[idx(i)] = v;
  }

  private void grow() {
    if (size < items.length) {
      return;
    }
    byte[][] n = new byte[items.length * 2][];
    for (int i = 0; i < size; i++) {
      n[i] = get(i);
    }
    items = n;
    head = 0;
  }

  public void addFirst(byte[] v) {
    grow();
    head = (head - 1) & (items.length - 1);
    items[head] = v;
    size++;
  }

  public void addLast(byte[] v) {
    grow();
    items[idx(size)] = v;
    size++;
  }

  public byte[] removeFirst() {
    byte[] v = items[head];
    items[head] = null;
    head = (head + 1) & (items.length - 1);
    size--;
    shrink();
    return v;
  }

  public byte[] removeLast() {
    int i = idx(size - 1);
    byte[] v = items[i];
    items[i] = null;
    size--;
    shrink();
    return v;
  }

  private void shrink() {
    if (items.length > 64 && size < items.length / 8) {
      byte[][] n = new byte[items.length / 4][];
      for (int i = 0; i < size; i++) {
        n[i] = get(i);
      }
      items = n;
      head = 0;
    }
  }

  /** Inserts at position i (0..size). */
  public void insert(int i, byte[] v) {
    if (i == 0) {
      addFirst(v);
      return;
    }
    if (i == size) {
      addLast(v);
      return;
    }
    byte[][] all = toArray();
    byte[][] n = new byte[Math.max(8, Integer.highestOneBit(size + 1) * 2)][];
    System.arraycopy(all, 0, n, 0, i);
    n[i] = v;
    System.arraycopy(all, i, n, i + 1, size - i);
    items = n;
    head = 0;
    size++;
  }

  /** Removes the element at position i. */
  public void remove(int i) {
    if (i == 0) {
      removeFirst();
      return;
    }
    if (i == size - 1) {
      removeLast();
      return;
    }
    for (int j = i; j < size - 1; j++) {
      set(j, get(j + 1));
    }
    items[idx(size - 1)] = null;
    size--;
    shrink();
  }

  /** Keeps only [start, end] (inclusive, already clamped). */
  public void trim(int start, int end) {
    byte[][] all = toArray();
    int n = end < start ? 0 : end - start + 1;
    items = new byte[Math.max(8, Integer.highestOneBit(Math.max(1, n)) * 2)][];
    System.arraycopy(all, start, items, 0, n);
    head = 0;
    size = n;
  }

  /** Replaces the content with these elements (LREM). */
  public void replaceAll(java.util.List<byte[]> elems) {
    items = new byte[Math.max(8, Integer.highestOneBit(Math.max(1, elems.size())) * 2)][];
    for (int i = 0; i < elems.size(); i++) {
      items[i] = elems.get(i);
    }
    head = 0;
    size = elems.size();
  }

  public byte[][] toArray() {
    byte[][] out = new byte[size][];
    for (int i = 0; i < size; i++) {
      out[i] = get(i);
    }
    return out;
  }

  @Override
  public String toString() {
    return "RList" + Arrays.deepToString(toArray());
  }
}
