package io.replicheck.runner;

import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.invariant.ReplicationSample;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Reads INFO replication, stats, persistence and clients of every node, directly (never through a
 * proxy), every {@code periodMs} while the run goes on: the offsets IS4 checks and the report
 * plots, and the fields explore's coverage follows.
 */
final class Sampler implements Runnable {
  private final Deployment deployment;
  private final LongSupplier clock;
  private final long periodMs;
  private final List<ReplicationSample> samples = new ArrayList<>();
  private final Object round = new Object();
  private volatile boolean stopped;

  Sampler(Deployment deployment, LongSupplier clock, long periodMs) {
    this.deployment = deployment;
    this.clock = clock;
    this.periodMs = periodMs;
  }

  @Override
  public void run() {
    while (!stopped) {
      sampleAll();
      try {
        Thread.sleep(periodMs);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  void stop() {
    stopped = true;
  }

  synchronized List<ReplicationSample> samples() {
    return List.copyOf(samples);
  }

  /** One sample of every running node; nodes that do not answer are skipped. */
  List<ReplicationSample> sampleAll() {
    // One round at a time: the sampler thread and the settle phase both sample, and interleaved
    // rounds listed a node's earlier reading after its later one (an IS4 false alarm under load).
    synchronized (round) {
      List<ReplicationSample> now = new ArrayList<>();
      for (Node n : deployment.cluster().nodes()) {
        ReplicationSample s = sample(n);
        if (s != null) now.add(s);
      }
      synchronized (this) {
        samples.addAll(now);
      }
      return now;
    }
  }

  ReplicationSample sample(Node n) {
    // persistence and clients carry rdb_bgsave_in_progress and client_recent_max_output_buffer,
    // which coverage follows (ReplicationSample.INFO_FIELDS)
    return Quiescence.sample(deployment, n, clock.getAsLong(), "persistence", "clients");
  }
}
