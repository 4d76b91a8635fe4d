package io.replicheck.proxy.toxic;

import java.util.List;
import java.util.SplittableRandom;

/**
 * timeout: stops all data (drops it) and ends the stream {@code timeout} ms after the last chunk (0
 * = never); removing it ends the stream too, as Toxiproxy's TimeoutToxic and its Cleanup.
 */
final class TimeoutStage extends Stage {
  private final long timeoutNanos;
  private Scheduler.Cancellable timer;
  private boolean ended;

  TimeoutStage(ToxicSpec spec, Link link, SplittableRandom random) {
    super(spec, link, random);
    this.timeoutNanos = spec.attr("timeout") * 1_000_000L;
  }

  @Override
  void start() {
    arm();
  }

  private void arm() {
    if (timeoutNanos <= 0 || ended) return;
    if (timer != null) timer.cancel();
    timer = link.scheduler.schedule(this::fire, timeoutNanos);
  }

  private void fire() {
    timer = null;
    end();
  }

  @Override
  public void data(Chunk chunk) {
    drop(chunk);
    arm(); // Go's select makes a fresh time.After on every loop turn
  }

  @Override
  public void end() {
    if (ended) return;
    ended = true;
    if (timer != null) timer.cancel();
    timer = null;
    out.end();
  }

  @Override
  List<Object> detach() {
    if (timer != null) timer.cancel();
    timer = null;
    return List.of();
  }

  @Override
  boolean endsStreamOnRemoval() {
    return !ended;
  }
}
