package io.replicheck.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.replication.LoopbackCluster.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The master and replica state machines talking to each other over an in-memory network, checked
 * against the invariants of shared/DESIGN.md: full sync with writes during the snapshot (FS1-FS4),
 * partial resync after a link break (IS1, IS3), backlog overrun (IS2), failover with PSYNC2 and a
 * chained replica; and every bug that these scenarios can reach is caught by them.
 */
class LoopbackReplicationTest {

  /** What one scenario observed; each list holds the invariants found broken. */
  private static List<String> scenario(BugSwitch bugs, boolean diskless) {
    List<String> broken = new ArrayList<>();
    LoopbackCluster c = new LoopbackCluster(bugs);
    c.settings.replDisklessSync(diskless);
    Node a = c.node("a");
    Node b = c.node("b");
    Node chained = c.node("c");
    // Old data on the replica must vanish in the full sync (FS2).
    b.data.computeIfAbsent(9, d -> new java.util.TreeMap<>()).put("stale", "x");
    for (int i = 0; i < 50; i++) {
      a.write(i % 3, "k" + i, "v" + i);
    }
    // The replica's first sync: the writes below happen while the snapshot is in flight (FS3).
    b.execute(b.link.replicaOf("a", 1));
    for (int i = 0;
        i < 2000
            && a.master.replicas().stream()
                .noneMatch(r -> r.state() == ReplicaClientState.WAIT_BGSAVE_END);
        i++) {
      c.settleOne();
    }
    for (int i = 0; i < 20; i++) {
      a.write(1, "during" + i, "d" + i);
    }
    c.settle();
    c.tick(1000);
    check(broken, "FS1", a.dump().equals(b.dump()));
    check(broken, "FS2", !b.data.containsKey(9));
    check(broken, "FS4", a.master.masterReplOffset() == b.link.replOffset());
    check(broken, "FS3", b.data.getOrDefault(1, new java.util.TreeMap<>()).containsKey("during19"));
    // A chained replica of the replica.
    chained.replicaOf(b);
    c.tick(1000);
    // A link break with writes during it: PSYNC continues (IS1) and nothing is lost (IS3).
    long fullBefore = a.master.statSyncFull();
    b.upstream.breakBoth();
    for (int i = 0; i < 30; i++) {
      a.write(i % 2 == 0 ? 1 : 2, "gap" + i, "g" + i);
    }
    c.settle();
    c.tick(1000);
    check(
        broken, "IS1", a.master.statSyncFull() == fullBefore && a.master.statSyncPartialOk() >= 1);
    check(broken, "IS3", a.dump().equals(b.dump()) && a.dump().equals(chained.dump()));
    check(
        broken,
        "P6",
        a.master.masterReplOffset() == b.link.replOffset()
            && b.link.replOffset() == chained.link.replOffset());
    // Backlog overrun: more writes than the backlog holds while the link is down -> full (IS2).
    c.settings.replBacklogSize(16 * 1024);
    a.master.resizeBacklog(16 * 1024);
    b.upstream.breakBoth();
    for (int i = 0; i < 400; i++) {
      a.write(0, "over" + i, "x".repeat(64));
    }
    long fullBeforeOverrun = a.master.statSyncFull();
    c.settle();
    c.tick(1000);
    check(broken, "IS2", a.master.statSyncFull() == fullBeforeOverrun + 1);
    check(broken, "FS1", a.dump().equals(b.dump()));
    // Failover: promote b, repoint a new replica d from a to b: PSYNC continues (P6: no full sync).
    Node d = c.node("d");
    d.replicaOf(a);
    c.tick(1000);
    a.write(0, "last-before-failover", "1");
    c.settle();
    c.tick(1000);
    b.promote();
    long bFull = b.master.statSyncFull();
    d.replicaOf(b);
    c.tick(1000);
    chained.upstream.breakBoth();
    c.settle();
    c.tick(1000);
    check(broken, "P6", b.master.statSyncFull() == bFull && b.master.statSyncPartialOk() >= 1);
    b.write(0, "after-failover", "1");
    c.settle();
    c.tick(1000);
    check(broken, "P5", b.dump().equals(d.dump()) && b.dump().equals(chained.dump()));
    check(
        broken,
        "P6",
        b.master.masterReplOffset() == d.link.replOffset()
            && b.master.masterReplOffset() == chained.link.replOffset());
    // IS4: offsets never went backwards is implied by the checks above for the correct server.
    return broken;
  }

  private static void check(List<String> broken, String invariant, boolean holds) {
    if (!holds && !broken.contains(invariant)) {
      broken.add(invariant);
    }
  }

  @Test
  void correctServerKeepsEveryInvariantWithDiskSync() {
    assertThat(scenario(new BugSwitch(), false)).isEmpty();
  }

  @Test
  void correctServerKeepsEveryInvariantWithDisklessSync() {
    assertThat(scenario(new BugSwitch(), true)).isEmpty();
  }

  @Test
  void everyReachableBugBreaksAnInvariantItIsCataloguedFor() {
    List<InjectedBug> reachable =
        List.of(
            InjectedBug.BACKLOG_OFF_BY_ONE,
            InjectedBug.DROP_WRITES_DURING_SNAPSHOT,
            InjectedBug.NO_FLUSH_BEFORE_LOAD,
            InjectedBug.PROMOTE_WITHOUT_REPLID2,
            InjectedBug.WRONG_RESUME_OFFSET,
            InjectedBug.LOSE_SELECT_AFTER_RECONNECT,
            InjectedBug.FULLSYNC_OFFSET_ZERO);
    for (InjectedBug bug : reachable) {
      List<String> broken = scenario(BugSwitch.of(bug), false);
      System.out.println(bug.configName() + " breaks " + broken);
      assertThat(broken).as(bug.configName()).isNotEmpty();
      assertThat(broken)
          .as(bug.configName() + " should break one of " + bug.invariants())
          .containsAnyElementsOf(bug.invariants());
    }
  }
}
