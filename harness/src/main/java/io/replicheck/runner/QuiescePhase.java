package io.replicheck.runner;

import java.time.Duration;

/**
 * Quiesce: wait (bounded) for replicas to reach the master's offset, then watch a settle window for
 * resyncs; stops the sampler.
 */
final class QuiescePhase implements Phase {
  private static final Duration SETTLE_WINDOW = Duration.ofSeconds(3);

  @Override
  public void run(RunContext r) {
    r.progress.phase(
        "quiesce",
        "waiting for replicas to reach the master's offset (bound "
            + Runner.CONVERGENCE_BOUND.toSeconds()
            + " s)");
    long q0 = System.nanoTime();
    r.laggards = Quiescence.await(r.deployment, Runner.CONVERGENCE_BOUND);
    r.convergedIn = r.laggards.isEmpty() ? Duration.ofNanos(System.nanoTime() - q0) : null;
    r.settleStart = r.sampler.sampleAll();
    Waits.sleep(SETTLE_WINDOW.toMillis());
    Quiescence.await(r.deployment, Duration.ofSeconds(2));
    r.settleEnd = Quiescence.stableSample(r.deployment, r.history::now);
    r.sampler.stop();
    r.samplerThread.interrupt();
  }
}
