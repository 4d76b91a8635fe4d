package io.replicheck.runner;

import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.invariant.ReplicationSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quiesce: wait (bounded) for replicas to reach the master's offset, then watch the settle window
 * for resyncs until its evidence is complete ({@link SettleWindow}: at least 1 s and a keep-alive
 * round over every link, at most 3 s), asking the master for that round rather than waiting for its
 * periodic one ({@link Quiescence#askForAcks}); stops the sampler.
 */
final class QuiescePhase implements Phase {
  /** How often the settle window reads every node. */
  static final long SETTLE_POLL_MS = 50;

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
    long w0 = System.nanoTime();
    r.settleStart = r.sampler.sampleAll();
    SettleWindow window =
        new SettleWindow(
            r.deployment.master().name(),
            followers(r.deployment),
            minimum(r.plan.workload().longestTtl(), r.driveEndNanos, w0),
            SettleWindow.MAX);
    List<SettleWindow.Reading> baseline = new ArrayList<>();
    for (ReplicationSample s : r.settleStart) baseline.add(SettleWindow.Reading.of(s));
    SettleWindow.Decision d = window.observe(0, baseline);
    int direct = r.deployment.replicasOf(r.deployment.master()).size();
    while (d == SettleWindow.Decision.WATCH) {
      long t0 = System.nanoTime();
      if (window.waitsForRound()) Quiescence.askForAcks(r.deployment, direct, SETTLE_POLL_MS);
      long left = SETTLE_POLL_MS - (System.nanoTime() - t0) / 1_000_000;
      if (left > 0) Waits.sleep(left);
      List<SettleWindow.Reading> now = new ArrayList<>();
      for (Node n : r.deployment.cluster().nodes()) {
        SettleWindow.Reading s = Quiescence.settleReading(r.deployment, n);
        if (s != null) now.add(s);
      }
      d = window.observe(System.nanoTime() - w0, now);
    }
    r.settleWindow = Duration.ofNanos(System.nanoTime() - w0);
    r.progress.phase(
        "quiesce",
        String.format(
            "settle window %.1f s, %s: %s",
            r.settleWindow.toMillis() / 1000.0, d.name().toLowerCase(), window.why()));
    Quiescence.await(r.deployment, Duration.ofSeconds(2));
    r.settleEnd = Quiescence.stableSample(r.deployment, r.history::now);
    r.sampler.stop();
    r.samplerThread.interrupt();
  }

  /**
   * The window's shortest length: {@link SettleWindow#MIN}, or longer while a key the workload
   * wrote with a time to live may still be alive: until {@code longestTtl} and {@link
   * SettleWindow#EXPIRY_MARGIN} after the drive ended (at most {@link SettleWindow#MAX}).
   */
  static Duration minimum(Duration longestTtl, long driveEndNanos, long windowStartNanos) {
    long min = SettleWindow.MIN.toNanos();
    if (!longestTtl.isZero()) {
      long untilExpired =
          driveEndNanos
              + longestTtl.toNanos()
              + SettleWindow.EXPIRY_MARGIN.toNanos()
              - windowStartNanos;
      min = Math.max(min, untilExpired);
    }
    return Duration.ofNanos(Math.min(min, SettleWindow.MAX.toNanos()));
  }

  /** How many replicas replicate directly from each node, every node named. */
  static Map<String, Integer> followers(Deployment d) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Node n : d.cluster().nodes()) out.put(n.name(), d.replicasOf(n).size());
    return out;
  }
}
