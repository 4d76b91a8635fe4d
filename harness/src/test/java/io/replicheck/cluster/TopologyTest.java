package io.replicheck.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopologyTest {

  @Test
  void namedShapesGiveEachNodesUpstream() {
    assertThat(Topology.parse("star").upstreams(4)).containsExactly(-1, 0, 0, 0);
    assertThat(Topology.parse("chain").upstreams(4)).containsExactly(-1, 0, 1, 2);
    // a star whose first replica has its own replica: n1 [n2 [n4], n3]
    assertThat(Topology.parse("mix").upstreams(4)).containsExactly(-1, 0, 0, 1);
    assertThat(Topology.parse("mix").upstreams(6)).containsExactly(-1, 0, 0, 1, 2, 3);
  }

  @Test
  void anExplicitTreeNamesUpstreamsByNodeNumber() {
    Topology t = Topology.parse("tree:1,1,2");
    assertThat(t.upstreams(4)).containsExactly(-1, 0, 0, 1);
    assertThat(t.spec()).isEqualTo("tree:1,1,2");
    assertThat(t).isEqualTo(Topology.parse("tree: 1, 1, 2"));
    assertThat(Topology.parse("tree:1,2,3").upstreams(4)).isEqualTo(Topology.CHAIN.upstreams(4));
    assertThatThrownBy(() -> t.upstreamOf(4)).hasMessageContaining("no upstream for n5");
  }

  @Test
  void badNotationsFailWithTheForms() {
    assertThatThrownBy(() -> Topology.parse("ring"))
        .hasMessageContaining("unknown topology 'ring'")
        .hasMessageContaining("tree:U2,U3");
    assertThatThrownBy(() -> Topology.parse("tree:1,3"))
        .hasMessageContaining("n3's upstream must be a node before it (1..2), was 3");
    assertThatThrownBy(() -> Topology.parse("tree:0")).hasMessageContaining("was 0");
    assertThatThrownBy(() -> Topology.parse("tree:1,x"))
        .hasMessageContaining("upstream of n3 is not a node number");
    assertThatThrownBy(() -> Topology.parse("tree:")).hasMessageContaining("not a node number");
  }

  @Test
  void replicaCountsAreCheckedPerShape() {
    Topology.parse("star").requireReplicas(1);
    Topology.parse("chain").requireReplicas(3);
    Topology.parse("mix").requireReplicas(3);
    assertThatThrownBy(() -> Topology.parse("mix").requireReplicas(2))
        .hasMessageContaining("mix needs at least 3 replicas, was 2");
    assertThatThrownBy(() -> Topology.parse("tree:1,1").requireReplicas(3))
        .hasMessageContaining("tree:1,1 has 2 replicas, not 3");
  }

  @Test
  void depthAndDescription() {
    assertThat(Topology.STAR.depth(3)).isEqualTo(1);
    assertThat(Topology.CHAIN.depth(2)).isEqualTo(2);
    assertThat(Topology.CHAIN.depth(3)).isEqualTo(3);
    assertThat(Topology.MIX.depth(3)).isEqualTo(2);
    assertThat(Topology.MIX.describe(3)).isEqualTo("mix n1 [n2 [n4], n3]");
    assertThat(Topology.CHAIN.describe(2)).isEqualTo("chain n1 [n2 [n3]]");
    assertThat(Topology.STAR.describe(2)).isEqualTo("star n1 [n2, n3]");
    assertThat(Role.of(Topology.STAR, 3)).containsExactly(Role.MASTER, Role.LEAF);
    assertThat(Role.of(Topology.MIX, 3)).containsExactly(Role.MASTER, Role.MIDDLE, Role.LEAF);
    assertThat(Role.parse("middle")).isEqualTo(Role.MIDDLE);
    assertThatThrownBy(() -> Role.parse("boss")).hasMessageContaining("master, middle, leaf");
  }
}
