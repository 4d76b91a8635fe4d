package io.replicheck.nemesis;

import io.replicheck.invariant.WaitAcknowledged;
import io.replicheck.client.AdminClient;
import io.replicheck.cluster.ClusterException;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import java.util.Random;

/**
 * A coordinated failover, as redis's FAILOVER command does it: pause writes on the master, wait
 * until the chosen replica has every byte, promote it, repoint everyone (the old master too) and
 * the clients. No acknowledged write may be lost, and every repointed replica should continue
 * with PSYNC (PSYNC2), not a full sync. Permanent: healing does nothing.
 */
final class FailoverNemesis implements Nemesis {
  private static final long CATCH_UP_MS = 10_000;

  @Override
  public String name() {
    return "failover";
  }

  @Override
  public Fault start(Deployment d, Random random) throws Exception {
    Node old = d.master();
    var candidates = d.replicas().stream()
        .filter(r -> d.upstreamOf(r) == old && d.cluster().isRunning(r))
        .toList();
    if (candidates.isEmpty()) throw new IllegalStateException("failover needs a running direct replica");
    Node candidate = candidates.get(random.nextInt(candidates.size()));
    String marker = "replicheck:p4:" + System.nanoTime();
    long acked;
    try (AdminClient m = Deployment.admin(old)) {
      // P4's probe: a write every direct replica acknowledges must be on whichever is promoted
      m.callText("SET", marker, "acknowledged");
      acked = ((Number) m.call("WAIT", Integer.toString(candidates.size()), "2000")).longValue();
    }
    try (AdminClient m = Deployment.admin(old)) {
      m.callText("CLIENT", "PAUSE", Long.toString(CATCH_UP_MS + 5_000), "WRITE");
      try {
        long target = Long.parseLong(m.info("replication").get("master_repl_offset"));
        awaitOffset(candidate, target);
        d.failover(candidate);
      } finally {
        m.call("CLIENT", "UNPAUSE");
      }
    }
    try (AdminClient c = Deployment.admin(candidate)) {
      boolean survived = "acknowledged".equals(AdminClient.text(c.call("GET", marker)));
      c.call("DEL", marker); // the new master's DEL replicates; the datasets stay comparable
      d.recordWaitProbe(new WaitAcknowledged(marker, acked, candidates.size(), candidate.name(), survived));
    }
    return Fault.of("failover " + old.name() + " -> " + candidate.name(), () -> {});
  }

  private static void awaitOffset(Node replica, long target) throws Exception {
    long deadline = System.currentTimeMillis() + CATCH_UP_MS;
    while (System.currentTimeMillis() < deadline) {
      try (AdminClient c = Deployment.admin(replica)) {
        String off = c.info("replication").get("slave_repl_offset");
        if (off != null && Long.parseLong(off) >= target) return;
      }
      Thread.sleep(20);
    }
    throw new ClusterException(replica.name() + " did not reach offset " + target + " within " + CATCH_UP_MS + " ms");
  }
}
