package io.replicheck.workload;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * RPUSH of unique values and LRANGE reads. Unique values make the order of appends observable:
 * every replica must hold a prefix of the master's list (P1).
 */
public final class ListAppendWorkload implements Workload {
  private final List<String> keys;
  private final AtomicLong nextValue = new AtomicLong();

  public ListAppendWorkload(int keys) {
    this.keys = Workload.keyNames("l", keys);
  }

  @Override
  public String name() {
    return "list-append";
  }

  @Override
  public String model() {
    return "list-append";
  }

  @Override
  public List<String> keys() {
    return keys;
  }

  @Override
  public OpSpec next(Random random, int process) {
    String key = keys.get(random.nextInt(keys.size()));
    return random.nextInt(4) == 0
        ? new OpSpec("read", key, null)
        : new OpSpec("append", key, nextValue.incrementAndGet());
  }
}
