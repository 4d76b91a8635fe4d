package io.replicheck.runner;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * An immutable list of longs in one array: a node's final list values (every value a run appended,
 * on every node) at 8 bytes a value instead of a boxed Long's 20. Equal to any list of the same
 * Longs.
 */
final class LongList extends AbstractList<Long> implements RandomAccess {
  private final long[] values;

  LongList(long[] values) {
    this.values = values;
  }

  @Override
  public Long get(int index) {
    return values[index];
  }

  @Override
  public int size() {
    return values.length;
  }
}
