package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.cluster.Cluster;
import io.replicheck.cluster.ClusterException;
import io.replicheck.cluster.Node;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heal's restart of a node the drive left stopped: a start that runs out of its bound is tried once
 * more, then the run is aborted with the reason and its history kept for the history checks (a
 * one-hour run ended with exit 3 and no results when a JVM took over 30 s to start at heal). Final
 * reads that fail end the same way (the next one-hour run's DEBUG DIGEST outlasted its bound).
 */
class HealRestartTest {

  @TempDir Path store;

  private RunContext context(Cluster cluster) {
    RunSpec spec = RunPlanTest.spec("register", "none", store);
    RunContext r =
        new RunContext(
            RunPlan.of(spec), RunStore.create(spec), new Closer(), Progress.silent(), null);
    r.cluster = cluster;
    return r;
  }

  /** A cluster whose start fails {@code failures} times with the message of ProcessCluster. */
  private static Cluster failingStarts(int failures, AtomicInteger starts) {
    return (Cluster)
        Proxy.newProxyInstance(
            Cluster.class.getClassLoader(),
            new Class<?>[] {Cluster.class},
            (proxy, method, args) -> {
              if (method.getName().equals("start")) {
                if (starts.incrementAndGet() <= failures) {
                  throw new ClusterException(
                      "n3 did not answer PING within 30 s (Read timed out); last log lines:\nx");
                }
              }
              return method.getReturnType() == boolean.class ? Boolean.FALSE : null;
            });
  }

  private final Node n3 = new Node("n3", "127.0.0.1", 1, Path.of("n3"));

  @Test
  void aStartThatFailsOnceIsTriedAgainAndTheRunGoesOn() {
    AtomicInteger starts = new AtomicInteger();
    RunContext r = context(failingStarts(1, starts));
    HealPhase.restart(r, n3);
    assertThat(starts).hasValue(2);
    assertThat(r.aborted).isNull();
  }

  @Test
  void aStartThatFailsTwiceAbortsTheRunAndKeepsItsHistory() {
    AtomicInteger starts = new AtomicInteger();
    RunContext r = context(failingStarts(2, starts));
    HealPhase.restart(r, n3);
    assertThat(starts).hasValue(2);
    assertThat(r.aborted)
        .isEqualTo(
            "n3 did not restart at heal (twice): n3 did not answer PING within 30 s (Read timed"
                + " out); last log lines:");
    assertThat(r.judgeHistoryAfterAbort).isTrue();
    assertThat(r.stop).isTrue();
  }

  @Test
  void finalReadsThatFailAbortTheRunAndKeepItsHistory() throws Exception {
    RunContext r = context(failingStarts(0, new AtomicInteger()));
    Runner.collect(
        r,
        x -> {
          throw new java.net.SocketTimeoutException(
              "127.0.0.1:7001: no reply to DEBUG DIGEST within 300000 ms");
        });
    assertThat(r.aborted)
        .isEqualTo(
            "the final reads failed: 127.0.0.1:7001: no reply to DEBUG DIGEST within 300000 ms");
    assertThat(r.judgeHistoryAfterAbort).isTrue();
  }

  @Test
  void finalReadsThatSucceedLeaveTheRunAsItWas() throws Exception {
    RunContext r = context(failingStarts(0, new AtomicInteger()));
    Runner.collect(r, x -> {});
    assertThat(r.aborted).isNull();
    assertThat(r.judgeHistoryAfterAbort).isFalse();
  }

  @Test
  void aSignalAfterwardsStopsTheHistoryChecksToo() {
    RunContext r = context(failingStarts(2, new AtomicInteger()));
    HealPhase.restart(r, n3);
    r.abort("interrupted (SIGINT)");
    assertThat(r.judgeHistoryAfterAbort).isFalse();
  }
}
