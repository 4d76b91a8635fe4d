package io.replicheck.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.cluster.SentinelWiring.MasterEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which failovers a fault that forbids one is blamed for: from the sentinels' master events. */
class SentinelFailoverBlameTest {

  private static MasterEvent e(String sentinel, String event, long ms) {
    return new MasterEvent(sentinel, event, ms);
  }

  @Test
  void aFailoverTriedUnderTheCutIsTheFaults() {
    List<MasterEvent> events =
        List.of(
            e("s1", "+sdown", 5_000), e("s2", "+sdown", 5_050), e("s1", "+try-failover", 5_100));
    assertThat(SentinelWiring.failoverBeganUnder(events, 1_000, true)).isTrue();
    assertThat(SentinelWiring.failoverBeganUnder(events, 1_000, false)).isTrue();
  }

  @Test
  void aFailoverTriedBeforeTheCutIsNot() {
    // seen in a 30-minute exploration of redis-server: isolate-master-no-quorum healed, its
    // aftermath reached a quorum, s2 tried at 2522 ms and the next fault cut s3 off at 3021 ms
    List<MasterEvent> events =
        List.of(
            e("s1", "+sdown", 2_220),
            e("s2", "+sdown", 2_472),
            e("s2", "+try-failover", 2_522),
            e("s3", "+sdown", 2_773),
            e("s1", "-sdown", 2_924),
            e("s2", "-sdown", 2_974));
    assertThat(SentinelWiring.failoverBeganUnder(events, 3_021, true)).isFalse();
    assertThat(SentinelWiring.failoverBeganUnder(events, 3_021, false)).isFalse();
  }

  @Test
  void aSentinelStillHoldingAHealthyMasterDownAtTheCutExcusesIt() {
    List<MasterEvent> events =
        List.of(
            e("s3", "+sdown", 2_773), e("s1", "+sdown", 2_800), e("s1", "+try-failover", 3_100));
    // a partition of sentinels leaves the master reachable: s3 and s1 still saw it down
    assertThat(SentinelWiring.failoverBeganUnder(events, 3_021, true)).isFalse();
    // an isolated master is meant to be seen down: a failover tried under the cut counts
    assertThat(SentinelWiring.failoverBeganUnder(events, 3_021, false)).isTrue();
    // cleared before the cut: the master was healthy to every sentinel, the failover counts
    List<MasterEvent> cleared =
        List.of(
            e("s3", "+sdown", 2_773), e("s3", "-sdown", 2_900), e("s1", "+try-failover", 3_100));
    assertThat(SentinelWiring.failoverBeganUnder(cleared, 3_021, true)).isTrue();
  }
}
