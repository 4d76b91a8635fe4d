package io.replicheck.nemesis;

import static io.replicheck.invariant.ReplicationSample.infoLong;

import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.replicheck.client.AdminClient;
import io.replicheck.cluster.ClusterException;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.invariant.Promotion;
import io.replicheck.invariant.WaitAcknowledged;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A coordinated failover, as redis's FAILOVER command does it: pause writes on the master, wait
 * until the chosen replica has every byte (and, for a while, the others too), cut every replication
 * link (a paused master still pings), promote the replica, repoint the other replicas, then the old
 * master, then the clients. No acknowledged write may be lost, and every repointed replica that has
 * no byte past the promotion point must continue with PSYNC (PSYNC2), not full sync (IS1). Two
 * times in three the old master takes a split-brain write before it rejoins, so it must full sync
 * (IS2). Before all this, a WAIT probe with one replica's link held (P4: WAIT must not count a
 * replica that cannot have acknowledged). Permanent: healing does nothing.
 */
final class FailoverNemesis implements Nemesis {
  private static final long CATCH_UP_MS = 10_000;
  private static final long HELD_WAIT_MS = 300;

  /**
   * How long the replicas get to be linked and level with the paused master before links are cut.
   */
  private static final long LEVEL_MS = 3_000;

  private static final int FREEZE_TRIES = 3;

  /** How long repointed replicas get to reconnect (replicas retry every second) and continue. */
  private static final long REPOINT_MS = 5_000;

  static final String SPLIT_BRAIN_KEY = "replicheck:split-brain";

  @Override
  public String name() {
    return "failover";
  }

  @Override
  public ActiveFault start(Deployment d, Random random) throws Exception {
    Node old = d.master();
    var candidates =
        d.replicas().stream()
            .filter(r -> d.upstreamOf(r) == old && d.cluster().isRunning(r))
            .toList();
    if (candidates.isEmpty())
      throw new IllegalStateException("failover needs a running direct replica");
    Node candidate = candidates.get(random.nextInt(candidates.size()));
    heldLinkProbe(d, old, candidates, candidates.get(random.nextInt(candidates.size())));
    String marker = "replicheck:p4:" + System.nanoTime();
    String note = "";
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
        // Freeze every replica's offset before reading it: a paused master still pings, so cut its
        // links first (redis's FAILOVER command stops the pings instead).
        List<Node> replicas = d.replicas();
        List<String> linked = freezeLevel(d, old, candidate, replicas);
        Map<String, String> before;
        Map<String, String> statsBefore;
        try (AdminClient c = Deployment.admin(candidate)) {
          before = c.info("replication");
          statsBefore = c.info("stats");
        }
        // the offset it has applied (slave_repl_offset), not what it says master_repl_offset is
        long promotedAt =
            infoLong(
                before,
                before.containsKey("slave_repl_offset")
                    ? "slave_repl_offset"
                    : "master_repl_offset");
        List<String> mustContinue = mustContinue(d, linked, old, candidate, before, promotedAt);
        long[] resyncs = {0, 0};
        List<String> expected = new ArrayList<>(mustContinue);
        boolean splitBrain = random.nextInt(3) > 0; // two failovers in three
        List<Map<String, String>> statsAtRejoin = new ArrayList<>();
        boolean[] oldMustContinue = {false};
        boolean[] refused = {false};
        d.failover(
            candidate,
            (o, n) -> {
              for (Node r : replicas) {
                if (r != candidate) d.replicationProxy(r).enable();
              }
              // the other replicas resync first, while the new master's offset still equals theirs
              long[] r = awaitResyncs(candidate, statsBefore, mustContinue.size());
              resyncs[0] = r[0];
              resyncs[1] = r[1];
              try (AdminClient c = Deployment.admin(candidate)) {
                statsAtRejoin.add(c.info("stats"));
              }
              // clients wait (cut off) until the old master has rejoined: a write on the new master
              // before its PSYNC would move it off the edge of the backlog that is worth testing
              d.clientProxy().disable();
              if (splitBrain) {
                refused[0] = !splitBrainWrite(d, o, n);
              } else if (d.cluster().isRunning(o)) {
                // no split brain: an old master with no byte past the promotion point must continue
                // too
                try (AdminClient c = Deployment.admin(o)) {
                  oldMustContinue[0] =
                      infoLong(c.info("replication"), "master_repl_offset") <= promotedAt;
                }
              }
            });
        d.replicationProxy(old).enable();
        if (refused[0]) note = " (split-brain write refused: NOREPLICAS)";
        if (oldMustContinue[0]) {
          long[] r = awaitResyncs(candidate, statsAtRejoin.get(0), 1);
          resyncs[0] += r[0];
          resyncs[1] += r[1];
          expected.add(old.name());
        }
        try (AdminClient c = Deployment.admin(candidate)) {
          Map<String, String> after = c.info("replication");
          d.recordPromotion(
              new Promotion(
                  candidate.name(),
                  before.getOrDefault("master_replid", "?"),
                  promotedAt,
                  after.getOrDefault("master_replid2", "?"),
                  infoLong(after, "second_repl_offset"),
                  expected,
                  resyncs[0],
                  resyncs[1]));
        }
      } finally {
        // a fresh connection: the split-brain step kills the old master's clients, this one's too
        try (AdminClient u = Deployment.admin(old)) {
          u.call("CLIENT", "UNPAUSE");
        } finally {
          d.clientProxy().enable();
          for (Node n : d.cluster().nodes()) {
            if (n != d.master())
              d.replicationProxy(n).enable(); // whatever failed above, no link stays cut
          }
        }
      }
    }
    try (AdminClient c = Deployment.admin(candidate)) {
      boolean survived = "acknowledged".equals(AdminClient.text(c.call("GET", marker)));
      c.call("DEL", marker); // the new master's DEL replicates; the datasets stay comparable
      d.recordWaitProbe(
          new WaitAcknowledged(marker, acked, candidates.size(), candidate.name(), survived));
    }
    return ActiveFault.of("failover " + old.name() + " -> " + candidate.name() + note, () -> {});
  }

  /**
   * P4's second probe: with {@code held}'s link holding every byte from the master, a write and
   * WAIT for all direct replicas. {@code held} cannot acknowledge what it never got, so WAIT must
   * count fewer; if it counts them all, {@code held} is checked to lack the write and P4 fails.
   */
  private static void heldLinkProbe(
      Deployment d, Node master, java.util.List<Node> replicas, Node held) throws Exception {
    String marker = "replicheck:p4-held:" + System.nanoTime();
    var proxy = d.replicationProxy(held);
    proxy.toxics().timeout("nemesis-wait-probe", ToxicDirection.DOWNSTREAM, 0);
    try {
      long acked;
      try (AdminClient m = Deployment.admin(master)) {
        m.callText("SET", marker, "held");
        acked =
            ((Number)
                    m.call("WAIT", Integer.toString(replicas.size()), Long.toString(HELD_WAIT_MS)))
                .longValue();
      }
      boolean has;
      try (AdminClient r = Deployment.admin(held)) {
        has = "held".equals(AdminClient.text(r.call("GET", marker)));
      }
      d.recordWaitProbe(
          new WaitAcknowledged(
              marker, acked, replicas.size(), held.name(), has, WaitAcknowledged.LINK_HELD));
    } finally {
      LinkNemesis.removeQuietly(
          proxy,
          "nemesis-wait-probe"); // the held connection closes; the replica resumes with PSYNC
      try (AdminClient m = Deployment.admin(master)) {
        m.call("DEL", marker);
      }
    }
  }

  /**
   * A split brain, as when the old master takes a write before it learns it was demoted: a key
   * written on the old master after the promotion, and as many bytes written on the new master, so
   * the old master's offset lies inside the new master's backlog while its history differs from the
   * promoted one after {@code second_repl_offset}. The old master must full sync (IS2) and lose the
   * key; one that continues keeps it (FS1). Clients are cut off by then, so no client write reaches
   * the old master once it is unpaused. Returns false when the old master refused the write: with
   * {@code min-replicas-to-write} and its replicas gone it must (explore seed 1003).
   */
  private static boolean splitBrainWrite(Deployment d, Node old, Node promoted)
      throws java.io.IOException {
    if (!d.cluster().isRunning(old)) return true;
    try (AdminClient o = Deployment.admin(old)) {
      // writes still held by the pause must never run: a client could be told ok for a write the
      // old master then loses. Killing the clients (not this one) drops them, unexecuted.
      o.callText("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
      o.call("CLIENT", "UNPAUSE");
    }
    return SplitBrain.write(
        old,
        promoted,
        SPLIT_BRAIN_KEY,
        "written on " + old.name() + " after " + promoted.name() + " was promoted");
  }

  /**
   * The replicas besides the old master whose link is up and whose next byte the candidate's
   * backlog holds: repointed to the promoted candidate (the old master's replicas) or already its
   * own replicas (in a chain or mix), each must continue with PSYNC from it. Replicas of another
   * middle replica stay with theirs and resync there, so the candidate serves them nothing.
   */
  private static List<String> mustContinue(
      Deployment d,
      List<String> linked,
      Node old,
      Node candidate,
      Map<String, String> candidateInfo,
      long candidateOffset)
      throws java.io.IOException {
    List<String> out = new ArrayList<>();
    if (!"1".equals(candidateInfo.get("repl_backlog_active"))) return out;
    long first = infoLong(candidateInfo, "repl_backlog_first_byte_offset");
    for (Node n : d.replicas()) {
      if (n == candidate || !linked.contains(n.name())) continue;
      if (d.upstreamOf(n) != old && d.upstreamOf(n) != candidate) continue;
      try (AdminClient c = Deployment.admin(n)) {
        Map<String, String> info = c.info("replication");
        if (!info.containsKey("slave_repl_offset")) continue;
        long offset = infoLong(info, "slave_repl_offset");
        if (offset + 1 >= first && offset <= candidateOffset) out.add(n.name());
      }
    }
    return out;
  }

  /** The running replicas whose link is up. */
  private static List<String> linkedReplicas(Deployment d, List<Node> replicas)
      throws java.io.IOException {
    List<String> out = new ArrayList<>();
    for (Node n : replicas) {
      if (!d.cluster().isRunning(n)) continue;
      try (AdminClient c = Deployment.admin(n)) {
        if ("up".equals(c.info("replication").get("master_link_status"))) out.add(n.name());
      }
    }
    return out;
  }

  /**
   * Partial and full resyncs the promoted node served since {@code before}, waiting up to the bound
   * until {@code expected} partial ones or any full one happened.
   */
  private static long[] awaitResyncs(Node promoted, Map<String, String> before, int expected)
      throws java.io.IOException {
    long deadline = System.currentTimeMillis() + REPOINT_MS;
    long[] served;
    do {
      try (AdminClient c = Deployment.admin(promoted)) {
        Map<String, String> stats = c.info("stats");
        served =
            new long[] {
              infoLong(stats, "sync_partial_ok") - infoLong(before, "sync_partial_ok"),
              infoLong(stats, "sync_full") - infoLong(before, "sync_full")
            };
      }
      if (served[0] >= expected || served[1] > 0) return served;
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return served;
      }
    } while (System.currentTimeMillis() < deadline);
    return served;
  }

  /**
   * Cuts every replica's link at a moment when the linked ones hold the same offset as the
   * candidate, so that a repointed replica with every byte of the promoted backlog (the edge of
   * PSYNC's window, where off-by-one bugs live) is the usual case, not luck. Links are cut one by
   * one, so a byte the master sends in between reaches some replicas only: then the links are
   * restored, and cut again once level, up to {@link #FREEZE_TRIES} times. Returns the replicas
   * whose link was up when cut.
   */
  private static List<String> freezeLevel(
      Deployment d, Node master, Node candidate, List<Node> replicas) throws Exception {
    for (int attempt = 1; ; attempt++) {
      awaitLevel(d, master);
      List<String> linked = linkedReplicas(d, replicas);
      for (Node r : replicas) d.replicationProxy(r).disable();
      if (attempt == FREEZE_TRIES || sameOffset(d, candidate, linked)) return linked;
      for (Node r : replicas) d.replicationProxy(r).enable();
    }
  }

  /** Whether the linked replicas all stand at the candidate's offset. */
  private static boolean sameOffset(Deployment d, Node candidate, List<String> linked)
      throws java.io.IOException {
    Long offset = null;
    for (Node r : d.replicas()) {
      if (r != candidate && !linked.contains(r.name())) continue;
      try (AdminClient c = Deployment.admin(r)) {
        Map<String, String> info = c.info("replication");
        if (!info.containsKey("slave_repl_offset")) return false;
        long o = infoLong(info, "slave_repl_offset");
        if (offset != null && o != offset) return false;
        offset = o;
      }
    }
    return true;
  }

  /**
   * Waits, up to {@link #LEVEL_MS}, until every running replica's link is up and its offset equals
   * the master's (read before and after the replicas). The probe above closes the held replica's
   * link, and a paused master still pings: without this the other replicas are often reconnecting
   * or a ping behind, so the edge case worth testing (a replica with every byte of the promoted
   * backlog must continue) would happen only by chance. Not reaching it is not an error: the
   * replicas that are behind or unlinked are judged as they are.
   */
  private static void awaitLevel(Deployment d, Node master) throws Exception {
    long deadline = System.currentTimeMillis() + LEVEL_MS;
    while (System.currentTimeMillis() < deadline) {
      if (level(d, master)) return;
      Thread.sleep(20);
    }
  }

  private static boolean level(Deployment d, Node master) throws java.io.IOException {
    long before;
    try (AdminClient m = Deployment.admin(master)) {
      before = infoLong(m.info("replication"), "master_repl_offset");
    }
    for (Node r : d.replicas()) {
      if (!d.cluster().isRunning(r)) continue;
      try (AdminClient c = Deployment.admin(r)) {
        Map<String, String> info = c.info("replication");
        if (!"up".equals(info.get("master_link_status"))
            || !info.containsKey("slave_repl_offset")
            || infoLong(info, "slave_repl_offset") != before) {
          return false;
        }
      }
    }
    try (AdminClient m = Deployment.admin(master)) {
      return infoLong(m.info("replication"), "master_repl_offset") == before;
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
    throw new ClusterException(
        replica.name() + " did not reach offset " + target + " within " + CATCH_UP_MS + " ms");
  }
}
