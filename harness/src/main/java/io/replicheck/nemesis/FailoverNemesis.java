package io.replicheck.nemesis;

import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.replicheck.invariant.Promotion;
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
 * with PSYNC (PSYNC2), not a full sync. Before it, a WAIT probe with one replica's link held (P4:
 * WAIT must not count a replica that cannot have acknowledged). Permanent: healing does nothing.
 */
final class FailoverNemesis implements Nemesis {
  private static final long CATCH_UP_MS = 10_000;
  private static final long HELD_WAIT_MS = 300;
  static final String SPLIT_BRAIN_KEY = "replicheck:split-brain";

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
    heldLinkProbe(d, old, candidates, candidates.get(random.nextInt(candidates.size())));
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
        java.util.Map<String, String> before;
        try (AdminClient c = Deployment.admin(candidate)) {
          before = c.info("replication");
        }
        d.failover(candidate, (o, n) -> splitBrainWrite(d, o, n));
        try (AdminClient c = Deployment.admin(candidate)) {
          java.util.Map<String, String> after = c.info("replication");
          d.recordPromotion(new Promotion(candidate.name(), before.getOrDefault("master_replid", "?"),
              // the offset it has applied (slave_repl_offset), not what it says master_repl_offset is
              Long.parseLong(before.getOrDefault("slave_repl_offset", before.getOrDefault("master_repl_offset", "-1"))),
              after.getOrDefault("master_replid2", "?"),
              Long.parseLong(after.getOrDefault("second_repl_offset", "-1"))));
        }
      } finally {
        m.call("CLIENT", "UNPAUSE");
        d.clientProxy().enable();
      }
    }
    try (AdminClient c = Deployment.admin(candidate)) {
      boolean survived = "acknowledged".equals(AdminClient.text(c.call("GET", marker)));
      c.call("DEL", marker); // the new master's DEL replicates; the datasets stay comparable
      d.recordWaitProbe(new WaitAcknowledged(marker, acked, candidates.size(), candidate.name(), survived));
    }
    return Fault.of("failover " + old.name() + " -> " + candidate.name(), () -> {});
  }

  /**
   * P4's second probe: with {@code held}'s link holding every byte from the master, a write and
   * WAIT for all direct replicas. {@code held} cannot acknowledge what it never got, so WAIT must
   * count fewer; if it counts them all, {@code held} is checked to lack the write and P4 fails.
   */
  private static void heldLinkProbe(Deployment d, Node master, java.util.List<Node> replicas, Node held) throws Exception {
    String marker = "replicheck:p4-held:" + System.nanoTime();
    var proxy = d.replicationProxy(held);
    proxy.toxics().timeout("nemesis-wait-probe", ToxicDirection.DOWNSTREAM, 0);
    try {
      long acked;
      try (AdminClient m = Deployment.admin(master)) {
        m.callText("SET", marker, "held");
        acked = ((Number) m.call("WAIT", Integer.toString(replicas.size()), Long.toString(HELD_WAIT_MS))).longValue();
      }
      boolean has;
      try (AdminClient r = Deployment.admin(held)) {
        has = "held".equals(AdminClient.text(r.call("GET", marker)));
      }
      d.recordWaitProbe(new WaitAcknowledged(marker, acked, replicas.size(), held.name(), has, WaitAcknowledged.LINK_HELD));
    } finally {
      LinkNemesis.removeQuietly(proxy, "nemesis-wait-probe"); // the held connection closes; the replica resumes with PSYNC
      try (AdminClient m = Deployment.admin(master)) {
        m.call("DEL", marker);
      }
    }
  }

  /**
   * A split brain, as when the old master takes a write before it learns it was demoted: a key
   * written on the old master after the promotion, and as many bytes written on the new master, so
   * the old master's offset lies inside the new master's backlog while its history differs from
   * the promoted one after {@code second_repl_offset}. The old master must full sync (IS2) and lose
   * the key; one that continues keeps it (FS1). Clients are cut off meanwhile, so no client write
   * reaches the old master once it is unpaused.
   */
  private static void splitBrainWrite(Deployment d, Node old, Node promoted) throws java.io.IOException {
    if (!d.cluster().isRunning(old)) return;
    d.clientProxy().disable();
    try (AdminClient o = Deployment.admin(old)) {
      o.call("CLIENT", "UNPAUSE");
      o.callText("SET", SPLIT_BRAIN_KEY, "written on " + old.name() + " after " + promoted.name() + " was promoted");
    }
    try (AdminClient n = Deployment.admin(promoted)) {
      n.callText("SET", "replicheck:filler", "x".repeat(512));
      n.call("DEL", "replicheck:filler");
    }
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
