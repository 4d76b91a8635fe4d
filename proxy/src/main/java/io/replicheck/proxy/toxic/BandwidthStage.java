package io.replicheck.proxy.toxic;

import java.util.SplittableRandom;

/**
 * bandwidth: at most {@code rate} KB/s (1 KB = 1000 bytes, so {@code rate} bytes per ms); a chunk
 * larger than 100 ms worth leaves in 100 ms pieces, as Toxiproxy's BandwidthToxic. Rate 0 lets
 * nothing through until the toxic is removed (Toxiproxy's loop then never ends; Testcontainers cuts
 * connections this way), and then what it held is delivered.
 */
final class BandwidthStage extends QueueStage {
  private static final long PIECE_NANOS = 100_000_000L;
  private static final long HOLD_NANOS = 3_600_000_000_000L;
  private final long rate;
  private boolean waited;
  private long readyAt;

  BandwidthStage(ToxicSpec spec, Link link, SplittableRandom random) {
    super(spec, link, random);
    this.rate = spec.attr("rate");
  }

  @Override
  long step(Chunk head) {
    if (rate <= 0) return HOLD_NANOS; // held until removed; detach hands the data on
    long now = link.scheduler.nanoTime();
    long piece = rate * 100;
    if (!waited) {
      waited = true;
      long wait = head.size() > piece ? PIECE_NANOS : head.size() * 1_000_000L / rate;
      readyAt = now + wait;
      return wait > 0 ? wait : AGAIN;
    }
    if (now < readyAt) return readyAt - now;
    waited = false;
    if (head.size() > piece) {
      emitPart(head, (int) piece);
      return AGAIN;
    }
    out.data(head);
    return DONE;
  }

  @Override
  void resetHead() {
    waited = false;
  }
}
