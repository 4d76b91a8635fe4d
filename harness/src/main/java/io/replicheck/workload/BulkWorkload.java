package io.replicheck.workload;

import java.util.List;
import java.util.Random;

/**
 * Many keys and larger values, written blind: the dataset that full syncs move. Checked by the sync
 * invariants (digests equal after quiesce), not by linearizability.
 *
 * <p>Besides SET it deletes keys, so a replica that loads a snapshot on top of its old dataset
 * keeps keys the master no longer has (FS2); and it writes keys with TTLs of {@value
 * #MIN_TTL_MS}..{@value #MAX_TTL_MS} ms and PERSISTs some of them before their TTL ends. A replica
 * that expires keys on its own clock (redis replicas never do: they wait for the master's DEL)
 * loses such a key whenever the PERSIST reaches it after the TTL, behind a lagging or partitioned
 * link; the key is rarely written again, so the datasets stay different.
 */
public final class BulkWorkload implements Workload {
  static final int MIN_TTL_MS = 500;
  static final int MAX_TTL_MS = 2000;
  private static final int RECENT = 4096;

  private final List<String> keys;
  private final int valueSize;

  /** A ring of keys recently written with a TTL, and when (System.nanoTime) each TTL ends. */
  private final String[] ttlKeys = new String[RECENT];

  private final long[] ttlEnds = new long[RECENT];
  private int ttlWritten;

  public BulkWorkload(int keys, int valueSize) {
    this.keys = Workload.keyNames("b", keys);
    this.valueSize = valueSize;
  }

  @Override
  public java.time.Duration longestTtl() {
    return java.time.Duration.ofMillis(MAX_TTL_MS);
  }

  @Override
  public String name() {
    return "bulk";
  }

  @Override
  public Object finalValue(String raw) {
    return WorkloadClient.summary(raw);
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

  /** The TTL of a put-ttl op whose value is {@code seed}. */
  public static long ttlMillis(long seed) {
    return MIN_TTL_MS + Math.floorMod(seed, MAX_TTL_MS - MIN_TTL_MS + 1);
  }

  @Override
  public OpSpec next(Random random, int process) {
    int roll = random.nextInt(20);
    if (roll < 11) return new OpSpec("put", randomKey(random), random.nextLong());
    if (roll < 14) return new OpSpec("del", randomKey(random), null);
    if (roll < 18) {
      String key = randomKey(random);
      long seed = random.nextLong();
      synchronized (ttlKeys) {
        ttlKeys[ttlWritten % RECENT] = key;
        ttlEnds[ttlWritten % RECENT] = System.nanoTime() + ttlMillis(seed) * 1_000_000;
        ttlWritten++;
      }
      return new OpSpec("put-ttl", key, seed);
    }
    return new OpSpec("persist", liveTtlKey(random), null);
  }

  /** A key written with a TTL that has not ended yet (a random key when a few tries find none). */
  private String liveTtlKey(Random random) {
    long now = System.nanoTime();
    synchronized (ttlKeys) {
      int size = Math.min(ttlWritten, RECENT);
      for (int i = 0; i < 4 && size > 0; i++) {
        int at = random.nextInt(size);
        if (ttlEnds[at] - now > 0) return ttlKeys[at];
      }
    }
    return randomKey(random);
  }

  private String randomKey(Random random) {
    return keys.get(random.nextInt(keys.size()));
  }
}
