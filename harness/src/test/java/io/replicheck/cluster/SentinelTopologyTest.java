package io.replicheck.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SentinelTopologyTest {

  @Test
  void sentinelIsAStarWatchedByAMajorityQuorum() {
    Topology t = Topology.parse("sentinel");
    assertThat(t.shape()).isEqualTo("sentinel");
    assertThat(t.upstreams(3)).containsExactly(-1, 0, 0);
    assertThat(t.sentinel()).isEqualTo(SentinelSettings.defaults());
    assertThat(t.sentinel().quorum()).isEqualTo(2);
    assertThat(t.spec()).isEqualTo("sentinel");
    assertThat(t.describe(2)).startsWith("sentinel n1 [n2, n3] watched by 3 sentinels (quorum 2");
    assertThat(Topology.parse("star").sentinel()).isNull();
  }

  @Test
  void settingsRoundTripThroughTheNotation() {
    Topology t = Topology.parse("sentinel:5,down-after-ms=3000,failover-timeout-ms=9000");
    assertThat(t.sentinel()).isEqualTo(new SentinelSettings(5, 3000, 9000));
    assertThat(t.sentinel().quorum()).isEqualTo(3);
    assertThat(Topology.parse(t.spec())).isEqualTo(t);
    assertThat(Topology.parse("sentinel:4").sentinel().quorum()).isEqualTo(3);
  }

  @Test
  void badSettingsFailWithTheForm() {
    assertThatThrownBy(() -> Topology.parse("sentinel:0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 1 and 9");
    assertThatThrownBy(() -> Topology.parse("sentinel:3,quorum=1"))
        .hasMessageContaining("sentinel:N,down-after-ms=MS,failover-timeout-ms=MS");
    assertThatThrownBy(() -> Topology.parse("sentinel:three")).hasMessageContaining("not a number");
  }
}
