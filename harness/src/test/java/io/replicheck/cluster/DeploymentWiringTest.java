package io.replicheck.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.replicheck.runner.ChaosProxy;
import io.replicheck.runner.EmbeddedChaosProxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A mix wired through the (embedded) chaos proxy: each replica's link goes to its own upstream. */
class DeploymentWiringTest {

  @Test
  void aMixPointsEachReplicaThroughItsOwnProxyAtItsUpstream() throws Exception {
    List<Node> nodes = nodes(16000);
    try (ChaosProxy proxy = EmbeddedChaosProxy.start(1)) {
      Deployment d = wiredMix(nodes, proxy);
      Node n1 = nodes.get(0), n2 = nodes.get(1), n3 = nodes.get(2), n4 = nodes.get(3);
      assertThat(d.master()).isSameAs(n1);
      assertThat(d.upstreamOf(n2)).isSameAs(n1);
      assertThat(d.upstreamOf(n3)).isSameAs(n1);
      assertThat(d.upstreamOf(n4)).isSameAs(n2);
      for (Node r : List.of(n2, n3, n4)) {
        var repl = d.replicationProxy(r);
        assertThat(repl.getName()).isEqualTo("repl-" + r.name());
        assertThat(repl.getUpstream()).isEqualTo("127.0.0.1:" + d.upstreamOf(r).port());
        // the replica is told to replicate from its proxy, never from the upstream directly
        assertThat(r.replicaOfPort()).isEqualTo(Deployment.HostPort.parse(repl.getListen()).port());
      }
      assertThat(d.replicasOf(n1)).containsExactly(n2, n3);
      assertThat(d.replicasOf(n2)).containsExactly(n4);
      assertThat(d.nodesOf(Role.MASTER)).containsExactly(n1);
      assertThat(d.nodesOf(Role.MIDDLE)).containsExactly(n2);
      assertThat(d.nodesOf(Role.LEAF)).containsExactly(n3, n4);
      assertThat(d.roleOf(n4)).isEqualTo(Role.LEAF);
      // started level by level: the master alone, n4 only once its upstream n2's own link is up
      assertThat(d.startLevels()).containsExactly(List.of(n1), List.of(n2, n3), List.of(n4));
    }
  }

  @Test
  void aFocusedReplicaIsTakenByANemesisOfItsRoleAndTheSeedsOtherDrawsStay() throws Exception {
    List<Node> nodes = nodes(16100);
    try (ChaosProxy proxy = EmbeddedChaosProxy.start(1)) {
      Deployment d = wiredMix(nodes, proxy);
      Node n2 = nodes.get(1), n4 = nodes.get(3);
      d.focus(n4);
      for (long seed = 0; seed < 20; seed++) {
        java.util.Random focused = new java.util.Random(seed);
        java.util.Random plain = new java.util.Random(seed);
        assertThat(io.replicheck.nemesis.Nemesis.randomNode(d, focused, Role.LEAF)).isSameAs(n4);
        d.focus(null);
        io.replicheck.nemesis.Nemesis.randomNode(d, plain, Role.LEAF);
        d.focus(n4);
        // the random stream moved as it would have without the focus
        assertThat(focused.nextLong()).isEqualTo(plain.nextLong());
        // a focus outside the role is not taken; any replica takes it
        assertThat(io.replicheck.nemesis.Nemesis.randomNode(d, focused, Role.MIDDLE)).isSameAs(n2);
        assertThat(io.replicheck.nemesis.Nemesis.randomReplica(d, focused)).isSameAs(n4);
        assertThat(io.replicheck.nemesis.Nemesis.randomNode(d, focused, Role.MASTER))
            .isSameAs(nodes.get(0));
      }
    }
  }

  @Test
  void aFaultThatOverlapsAnotherAndAvoidsHeldNodesTakesANodeTheOtherDoesNotHold() throws Exception {
    List<Node> nodes = nodes(16200);
    try (ChaosProxy proxy = EmbeddedChaosProxy.start(1)) {
      Deployment d = wiredMix(nodes, proxy);
      Node n3 = nodes.get(2), n4 = nodes.get(3);
      Object partition = new Object(), kill = new Object();
      // what the first fault's nemesis picked is what it holds; outside a start nothing is kept
      d.starting(false);
      io.replicheck.nemesis.Nemesis.randomNode(d, new java.util.Random(1), Role.LEAF);
      List<Node> picked = d.started();
      assertThat(picked).hasSize(1);
      io.replicheck.nemesis.Nemesis.randomNode(d, new java.util.Random(1), Role.LEAF);
      assertThat(d.started()).isEmpty();
      d.hold(partition, List.of(n4));
      // a fault that does not avoid held nodes (a link's) may take it
      assertThat(
              java.util.stream.LongStream.range(0, 20)
                  .mapToObj(
                      seed ->
                          io.replicheck.nemesis.Nemesis.randomNode(
                              d, new java.util.Random(seed), Role.LEAF)))
          .contains(n4);
      d.starting(true);
      for (long seed = 0; seed < 20; seed++) {
        java.util.Random random = new java.util.Random(seed);
        // the other leaf, even when the focus is the held one
        d.focus(n4);
        assertThat(io.replicheck.nemesis.Nemesis.randomNode(d, random, Role.LEAF)).isSameAs(n3);
        d.focus(null);
        assertThat(io.replicheck.nemesis.Nemesis.randomReplica(d, random)).isNotSameAs(n4);
      }
      // every leaf held: a fault still takes one (it composes with the fault there)
      d.hold(kill, List.of(n3));
      assertThat(io.replicheck.nemesis.Nemesis.randomNode(d, new java.util.Random(2), Role.LEAF))
          .isIn(n3, n4);
      d.release(partition);
      d.release(kill);
      assertThat(d.held()).isEmpty();
    }
  }

  /** Four nodes n1..n4 on ports base+1.. (never started). */
  private static List<Node> nodes(int base) {
    List<Node> nodes = new ArrayList<>();
    for (int i = 1; i <= 4; i++)
      nodes.add(new Node("n" + i, "127.0.0.1", base + i, Path.of("/tmp/unused-n" + i)));
    return nodes;
  }

  /** The nodes as a mix (n1 [n2 [n4], n3]), wired through {@code proxy}. */
  private static Deployment wiredMix(List<Node> nodes, ChaosProxy proxy) {
    Deployment d =
        new Deployment(
            new NodesOnly(nodes),
            new ToxiproxyClient(proxy.host(), proxy.port()),
            Topology.parse("mix"));
    d.wire();
    return d;
  }

  /** Nodes that are never started: wiring needs only their names and addresses. */
  private record NodesOnly(List<Node> nodes) implements Cluster {
    @Override
    public String describe() {
      return "nodes only";
    }

    @Override
    public void start(Node node) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void kill(Node node) {}

    @Override
    public void stop(Node node) {}

    @Override
    public void stopSaving(Node node) {}

    @Override
    public void pause(Node node) {}

    @Override
    public void resume(Node node) {}

    @Override
    public boolean isRunning(Node node) {
      return false;
    }

    @Override
    public void close() {}
  }
}
