package io.replicheck.proxy.toxic;

import java.util.List;
import java.util.SplittableRandom;

/**
 * reset_peer: on the first data (or the end of the stream), waits {@code timeout} ms and aborts the
 * connection with a TCP RST; data is dropped, as Toxiproxy's ResetToxic with SO_LINGER 0. Once
 * triggered, the reset happens even if the toxic is removed first (Toxiproxy's Pipe sits out the
 * timeout before it sees the removal): cancelling it instead would leave a connection that lost the
 * dropped bytes and goes on, a hole in the stream no real network makes.
 */
final class ResetPeerStage extends Stage {
  private final long timeoutNanos;

  /** Set from the first data until the reset: a reset is pending exactly while this is not null. */
  private Scheduler.Cancellable timer;

  private boolean triggered;

  ResetPeerStage(ToxicSpec spec, Link link, SplittableRandom random) {
    super(spec, link, random);
    this.timeoutNanos = spec.attr("timeout") * 1_000_000L;
  }

  @Override
  public void data(Chunk chunk) {
    drop(chunk);
    trigger();
  }

  @Override
  public void end() {
    trigger();
  }

  private void trigger() {
    if (triggered) return;
    triggered = true;
    if (timeoutNanos <= 0) {
      link.reset();
    } else {
      timer = link.scheduler.schedule(this::fire, timeoutNanos);
    }
  }

  private void fire() {
    timer = null;
    link.reset();
  }

  @Override
  List<Object> detach() {
    if (timer != null) { // removed while waiting: the reset is due now
      timer.cancel();
      fire();
    }
    return List.of();
  }
}
