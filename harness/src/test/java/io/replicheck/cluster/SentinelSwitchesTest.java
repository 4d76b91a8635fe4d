package io.replicheck.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.cluster.SentinelWiring.Switch;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentinelSwitchesTest {

  private static Switch sw(String from, String to) {
    return new Switch(0, from, to, "s1");
  }

  @Test
  void theSameSwitchLoggedByAnotherSentinelOrLaterByTheLeaderIsNotNew() {
    List<Switch> seen = List.of(sw(null, "n2"), sw("n1", "n2"), sw("n2", "n3"));
    assertThat(SentinelWiring.isNew(seen, sw("n1", "n2"))).isFalse();
    assertThat(SentinelWiring.isNew(seen, sw("n3", "n1"))).isTrue();
  }

  @Test
  void aSwitchBackAfterTheNodeWasMadeMasterAgainIsNew() {
    List<Switch> seen = List.of(sw("n1", "n2"), sw(null, "n1"), sw("n2", "n1"));
    assertThat(SentinelWiring.isNew(seen, sw("n1", "n2"))).isTrue();
  }
}
