package io.replicheck.proxy.toxic;

import java.util.List;
import java.util.SplittableRandom;

/**
 * slow_close: data passes; the end of the stream is held back {@code delay} ms, as Toxiproxy's
 * SlowCloseToxic.
 */
final class SlowCloseStage extends Stage {
  private final long delayNanos;
  private Scheduler.Cancellable timer;

  SlowCloseStage(ToxicSpec spec, Link link, SplittableRandom random) {
    super(spec, link, random);
    this.delayNanos = spec.attr("delay") * 1_000_000L;
  }

  @Override
  public void data(Chunk chunk) {
    out.data(chunk);
  }

  @Override
  public void end() {
    if (timer != null) return;
    timer = link.scheduler.schedule(() -> out.end(), delayNanos);
  }

  @Override
  List<Object> detach() {
    if (timer == null) return List.of();
    timer.cancel();
    timer = null;
    return List.of(Link.END);
  }
}
