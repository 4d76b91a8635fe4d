package io.replicheck.proxy.toxic;

import java.util.List;
import java.util.SplittableRandom;

/**
 * reset_peer: on the first data (or the end of the stream), waits {@code timeout} ms and aborts the
 * connection with a TCP RST; data is dropped, as Toxiproxy's ResetToxic with SO_LINGER 0.
 */
final class ResetPeerStage extends Stage {
  private final long timeoutNanos;
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
      timer = link.scheduler.schedule(link::reset, timeoutNanos);
    }
  }

  @Override
  List<Object> detach() {
    if (timer != null) timer.cancel();
    timer = null;
    return List.of();
  }
}
