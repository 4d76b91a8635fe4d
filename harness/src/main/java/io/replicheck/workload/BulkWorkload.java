package io.replicheck.workload;

import java.util.List;
import java.util.Random;

/**
 * Many keys and larger values, written blind: the dataset that full syncs move. Checked by the
 * sync invariants (digests equal after quiesce), not by linearizability.
 */
public final class BulkWorkload implements Workload {
  private final List<String> keys;
  private final int valueSize;

  public BulkWorkload(int keys, int valueSize) {
    this.keys = Workload.keyNames("b", keys);
    this.valueSize = valueSize;
  }

  @Override
  public String name() {
    return "bulk";
  }

  @Override
  public String model() {
    return "none";
  }

  @Override
  public List<String> keys() {
    return keys;
  }

  public int valueSize() {
    return valueSize;
  }

  @Override
  public OpSpec next(Random random, int process) {
    String key = keys.get(random.nextInt(keys.size()));
    return new OpSpec("put", key, random.nextLong());
  }
}
