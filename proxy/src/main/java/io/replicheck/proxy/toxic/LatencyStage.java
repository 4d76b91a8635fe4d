package io.replicheck.proxy.toxic;

import java.util.SplittableRandom;

/**
 * latency: each chunk leaves {@code latency ± jitter} ms after it arrived, in order (a chunk never
 * overtakes the one before it), as Toxiproxy's LatencyToxic.
 */
final class LatencyStage extends QueueStage {
  private final long latencyMs;
  private final long jitterMs;
  private long dueAt = Long.MIN_VALUE;

  LatencyStage(ToxicSpec spec, Link link, SplittableRandom random) {
    super(spec, link, random);
    this.latencyMs = spec.attr("latency");
    this.jitterMs = spec.attr("jitter");
  }

  /** The delay for the next chunk: Go's {@code latency + rand.Int63n(jitter*2) - jitter}. */
  long delayMillis() {
    long d = latencyMs;
    if (jitterMs > 0) d += random.nextLong(jitterMs * 2) - jitterMs;
    return d;
  }

  @Override
  long step(Chunk head) {
    long now = link.scheduler.nanoTime();
    if (dueAt == Long.MIN_VALUE) {
      dueAt = head.timestamp + delayMillis() * 1_000_000L;
    }
    if (now < dueAt) return dueAt - now;
    head.timestamp = Math.max(head.timestamp, dueAt);
    dueAt = Long.MIN_VALUE;
    out.data(head);
    return DONE;
  }

  @Override
  void resetHead() {
    dueAt = Long.MIN_VALUE;
  }
}
