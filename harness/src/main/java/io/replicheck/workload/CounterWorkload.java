package io.replicheck.workload;

import java.util.List;
import java.util.Random;

/** INCR and GET: a lost or doubled increment shows as a count no order explains. */
public final class CounterWorkload implements Workload {
  private final List<String> keys;

  public CounterWorkload(int keys) {
    this.keys = Workload.keyNames("c", keys);
  }

  @Override
  public String name() {
    return "counter";
  }

  @Override
  public String model() {
    return "counter";
  }

  @Override
  public List<String> keys() {
    return keys;
  }

  @Override
  public OpSpec next(Random random, int process) {
    String key = keys.get(random.nextInt(keys.size()));
    return random.nextInt(3) == 0 ? new OpSpec("read", key, null) : new OpSpec("incr", key, 1L);
  }
}
