package io.replicheck.runner;

import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.cluster.SentinelWiring;
import io.replicheck.cluster.Sentinels.Sentinel;
import io.replicheck.invariant.SentinelConvergence;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Settle ({@code --topology sentinel} only): waits, bounded, until every sentinel names the same
 * master, that node says it is master and every other node replicates from its announced address
 * with the link up; watches a little longer for another switch (a loop), then takes that node as
 * the master the later phases read. What it saw is P8's evidence.
 */
final class SentinelSettlePhase implements Phase {
  private static final Duration STABLE = Duration.ofSeconds(2);

  @Override
  public void run(RunContext r) {
    SentinelWiring w = r.deployment.sentinels();
    if (w == null) return;
    Duration bound = Duration.ofMillis(Math.max(30_000, 3 * w.settings().failoverTimeoutMs()));
    r.progress.phase(
        "settle",
        "waiting for the sentinels and nodes to agree on one master (bound "
            + bound.toSeconds()
            + " s)");
    long t0 = System.nanoTime();
    long deadline = t0 + bound.toNanos();
    List<String> off = new ArrayList<>();
    Node agreed = null;
    while (System.nanoTime() < deadline) {
      off.clear();
      agreed = agreement(r.deployment, w, off);
      if (agreed != null) break;
      Waits.sleep(200);
    }
    Duration took = agreed == null ? null : Duration.ofNanos(System.nanoTime() - t0);
    if (r.sentinelWatch != null) r.sentinelWatch.stopFollowing();
    int switchesBefore = w.switches().size();
    if (agreed != null) {
      Waits.sleep(STABLE.toMillis());
      List<String> still = new ArrayList<>();
      Node again = agreement(r.deployment, w, still);
      if (again != agreed) {
        off.addAll(still);
        off.add("after agreeing on " + agreed.name() + ", they did not 2 s later");
        took = null;
        agreed = again;
      }
      if (agreed != null) r.deployment.adoptMaster(agreed);
    }
    int loop = w.switches().size() - switchesBefore;
    r.sentinelOutcome =
        new SentinelConvergence.Outcome(
            took,
            bound,
            agreed == null ? null : agreed.name(),
            List.copyOf(off),
            distinctSwitches(w),
            loop,
            w.unexpectedFailovers());
    r.progress.phase(
        "settle",
        agreed == null
            ? "no agreement: " + String.join("; ", off)
            : "agreed on " + agreed.name() + " in " + took.toMillis() + " ms");
    // P8 is measured: the sentinels stop before the final reads, whose DEBUG DIGEST can block a
    // node longer than down-after-milliseconds on a loaded machine; a failover then would move the
    // master under the reads and kill the harness's connections (CLIENT KILL)
    if (r.sentinelWatch != null) r.sentinelWatch.stop();
    w.sentinels().close();
  }

  /** Failovers, not log lines: each sentinel logs every switch it learns of. */
  private static int distinctSwitches(SentinelWiring w) {
    return (int) w.switches().stream().map(s -> s.from() + ">" + s.to()).distinct().count();
  }

  /** The master all agree on, or null with what is off added to {@code off}. */
  private static Node agreement(Deployment d, SentinelWiring w, List<String> off) {
    Node named = null;
    for (Sentinel s : w.sentinels().all()) {
      Node m = w.masterAccordingTo(s);
      if (m == null) off.add(s.name() + " names no master");
      else if (named == null) named = m;
      else if (m != named) off.add(s.name() + " names " + m.name() + ", not " + named.name());
    }
    if (named == null || !off.isEmpty()) return null;
    int port = w.nodeAddress(named).port();
    for (Node n : d.cluster().nodes()) {
      try (AdminClient c = Deployment.admin(n)) {
        Map<String, String> info = c.info("replication");
        String role = info.get("role");
        if (n == named) {
          if (!"master".equals(role)) off.add(n.name() + " (named master) is " + role);
        } else if (!"slave".equals(role)) {
          off.add(n.name() + " is " + role + ", not a replica of " + named.name());
        } else if (!String.valueOf(port).equals(info.get("master_port"))) {
          off.add(n.name() + " follows port " + info.get("master_port") + ", not " + named.name());
        } else if (!"up".equals(info.get("master_link_status"))) {
          off.add(n.name() + " link to " + named.name() + " is down");
        }
      } catch (IOException e) {
        off.add(n.name() + " does not answer");
      }
    }
    return off.isEmpty() ? named : null;
  }
}
