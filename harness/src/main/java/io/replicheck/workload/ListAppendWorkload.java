package io.replicheck.workload;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * RPUSH of unique values and LRANGE reads. Unique values make the order of appends observable:
 * every replica must hold a prefix of the master's list (P1).
 *
 * <p>Keys rotate, as Elle's list-append does: {@code keys} keys are in play at once and each takes
 * about {@link #APPENDS_PER_KEY} appends before newer keys replace it. Short lists keep every key's
 * sub-history small, so P3's search stays fast however long the run, and a run touches many keys,
 * each going from missing to written to retired.
 */
public final class ListAppendWorkload implements Workload {
  /** Appends a key receives, on average, before it leaves the active window. */
  public static final int APPENDS_PER_KEY = 100;

  private final int active;
  private final int waitReplicas;
  private final AtomicLong nextValue = new AtomicLong();
  private final AtomicLong highestKey;

  public ListAppendWorkload(int keys) {
    this(keys, 0);
  }

  /**
   * @param waitReplicas above 0: each append is followed by {@code WAIT waitReplicas 1000} and
   *     counts as acknowledged only when that many replicas acknowledged it ({@code
   *     list-append-wait})
   */
  public ListAppendWorkload(int keys, int waitReplicas) {
    this.active = keys;
    this.waitReplicas = waitReplicas;
    this.highestKey = new AtomicLong(keys - 1);
  }

  @Override
  public String name() {
    return waitReplicas > 0 ? "list-append-wait" : "list-append";
  }

  @Override
  public int waitReplicas() {
    return waitReplicas;
  }

  @Override
  public String model() {
    return "list-append";
  }

  /** Every key used so far (final reads and FS1 look at all of them). */
  @Override
  public List<String> keys() {
    return Workload.keyNames("l", (int) highestKey.get() + 1);
  }

  /** The keys in play now. */
  @Override
  public List<String> activeKeys() {
    long base = nextValue.get() / APPENDS_PER_KEY;
    List<String> keys = new java.util.ArrayList<>(active);
    for (int i = 0; i < active; i++) keys.add("l" + (base + i));
    return keys;
  }

  @Override
  public OpSpec next(Random random, int process) {
    if (random.nextInt(4) == 0) {
      List<String> keys = activeKeys();
      return new OpSpec("read", keys.get(random.nextInt(keys.size())), null);
    }
    long value = nextValue.incrementAndGet();
    long key = value / APPENDS_PER_KEY + random.nextInt(active);
    highestKey.accumulateAndGet(key, Math::max);
    return new OpSpec("append", "l" + key, value);
  }
}
