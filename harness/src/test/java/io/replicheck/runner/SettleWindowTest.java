package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.runner.SettleWindow.Decision;
import io.replicheck.runner.SettleWindow.Reading;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settle window's decisions from a sequence of readings: no sockets, no sleeps. */
class SettleWindowTest {

  private static final long MS = 1_000_000L;

  /** n1 master of n2 and n3 (a star). */
  private static SettleWindow star() {
    return new SettleWindow("n1", Map.of("n1", 2, "n2", 0, "n3", 0));
  }

  private static Reading master(long offset, long full, long partial, Long... acked) {
    return new Reading("n1", offset, false, full, partial, List.of(acked));
  }

  private static Reading replica(String node, long offset) {
    return new Reading(node, offset, true, 0, 0, List.of());
  }

  @Test
  void endsAfterAKeepAliveRoundOverEveryLinkOnceTheMinimumPassed() {
    SettleWindow w = star();
    assertThat(w.observe(0, List.of(master(100, 1, 0), replica("n2", 100), replica("n3", 100))))
        .isEqualTo(Decision.WATCH);
    // the master pinged (offset 114); n2 has it, n3 not yet
    assertThat(
            w.observe(
                400 * MS,
                List.of(master(114, 1, 0, 100L, 100L), replica("n2", 114), replica("n3", 100))))
        .isEqualTo(Decision.WATCH);
    // both have it, but neither acknowledged it yet
    assertThat(
            w.observe(
                500 * MS,
                List.of(master(114, 1, 0, 100L, 100L), replica("n2", 114), replica("n3", 114))))
        .isEqualTo(Decision.WATCH);
    assertThat(w.why()).contains("acknowledged");
    // one acknowledged
    assertThat(
            w.observe(
                700 * MS,
                List.of(master(114, 1, 0, 114L, 100L), replica("n2", 114), replica("n3", 114))))
        .isEqualTo(Decision.WATCH);
    // both acknowledged, still under the minimum
    assertThat(
            w.observe(
                900 * MS,
                List.of(master(128, 1, 0, 114L, 114L), replica("n2", 128), replica("n3", 128))))
        .isEqualTo(Decision.WATCH);
    // the round was for offset 114: later pings do not move the goal
    assertThat(
            w.observe(
                1_000 * MS,
                List.of(master(128, 1, 0, 114L, 128L), replica("n2", 128), replica("n3", 128))))
        .isEqualTo(Decision.QUIET);
    assertThat(w.why()).contains("keep-alive round").contains("114");
  }

  @Test
  void aResyncEndsTheWindowAtOnce() {
    SettleWindow w = star();
    w.observe(0, List.of(master(100, 1, 0), replica("n2", 100), replica("n3", 100)));
    assertThat(w.observe(50 * MS, List.of(master(100, 1, 1), replica("n2", 100))))
        .isEqualTo(Decision.RESYNC);
    assertThat(w.why()).contains("n1");
    SettleWindow full = star();
    full.observe(0, List.of(master(100, 1, 0), replica("n2", 100), replica("n3", 100)));
    assertThat(full.observe(50 * MS, List.of(master(100, 2, 0), replica("n2", 0))))
        .isEqualTo(Decision.RESYNC);
  }

  @Test
  void aQuietMasterOrASilentNodeKeepsTheWindowOpenUntilItsBound() {
    SettleWindow w = star();
    w.observe(0, List.of(master(100, 1, 0), replica("n2", 100), replica("n3", 100)));
    // the offset never moved (no ping): not a round, however long
    assertThat(
            w.observe(
                2_000 * MS,
                List.of(master(100, 1, 0, 100L, 100L), replica("n2", 100), replica("n3", 100))))
        .isEqualTo(Decision.WATCH);
    assertThat(w.why()).contains("has not moved");
    // n3 stops answering after the ping
    assertThat(w.observe(2_500 * MS, List.of(master(114, 1, 0, 114L, 114L), replica("n2", 114))))
        .isEqualTo(Decision.WATCH);
    assertThat(w.why()).contains("n3 did not answer");
    assertThat(
            w.observe(
                SettleWindow.MAX.toNanos(),
                List.of(master(114, 1, 0, 114L, 114L), replica("n2", 114))))
        .isEqualTo(Decision.BOUND);
  }

  @Test
  void aLinkDownOrAMissingReplicaLineIsNoRound() {
    SettleWindow w = star();
    w.observe(0, List.of(master(100, 1, 0), replica("n2", 100), replica("n3", 100)));
    Reading down = new Reading("n3", 114, false, 0, 0, List.of());
    assertThat(
            w.observe(1_500 * MS, List.of(master(114, 1, 0, 114L, 114L), replica("n2", 114), down)))
        .isEqualTo(Decision.WATCH);
    // the master lists only one replica: the other is not online (a sync in progress, dropped)
    assertThat(
            w.observe(
                1_600 * MS,
                List.of(master(114, 1, 0, 114L), replica("n2", 114), replica("n3", 114))))
        .isEqualTo(Decision.WATCH);
    assertThat(
            w.observe(
                1_700 * MS,
                List.of(master(114, 1, 0, 114L, 114L), replica("n2", 114), replica("n3", 114))))
        .isEqualTo(Decision.QUIET);
  }

  @Test
  void aChainNeedsEveryMiddleReplicasAcknowledgementsToo() {
    // n1 -> n2 -> n3
    SettleWindow w = new SettleWindow("n1", Map.of("n1", 1, "n2", 1, "n3", 0));
    w.observe(0, List.of(master(100, 1, 0), replica("n2", 100), replica("n3", 100)));
    Reading middleUnacked = new Reading("n2", 114, true, 1, 0, List.of(100L));
    Reading middleAcked = new Reading("n2", 114, true, 1, 0, List.of(114L));
    assertThat(
            w.observe(
                1_200 * MS, List.of(master(114, 1, 0, 114L), middleUnacked, replica("n3", 114))))
        .isEqualTo(Decision.RESYNC); // n2's own counter moved 0 -> 1: it served a full sync
    SettleWindow chain = new SettleWindow("n1", Map.of("n1", 1, "n2", 1, "n3", 0));
    chain.observe(
        0,
        List.of(
            master(100, 1, 0), new Reading("n2", 100, true, 1, 0, List.of()), replica("n3", 100)));
    assertThat(
            chain.observe(
                1_200 * MS, List.of(master(114, 1, 0, 114L), middleUnacked, replica("n3", 114))))
        .isEqualTo(Decision.WATCH);
    assertThat(
            chain.observe(
                1_300 * MS, List.of(master(114, 1, 0, 114L), middleAcked, replica("n3", 114))))
        .isEqualTo(Decision.QUIET);
  }

  @Test
  void withoutReplicasOnlyTheMinimumIsWatched() {
    SettleWindow w =
        new SettleWindow("n1", Map.of("n1", 0), Duration.ofSeconds(1), Duration.ofSeconds(3));
    w.observe(0, List.of(master(100, 0, 0)));
    assertThat(w.observe(500 * MS, List.of(master(100, 0, 0)))).isEqualTo(Decision.WATCH);
    assertThat(w.observe(1_000 * MS, List.of(master(100, 0, 0)))).isEqualTo(Decision.QUIET);
  }

  @Test
  void aWorkloadWithTimesToLiveKeepsTheWindowOpenUntilTheyEnded() {
    long driveEnd = 5_000 * MS;
    // no TTLs: the minimum
    assertThat(QuiescePhase.minimum(Duration.ZERO, driveEnd, driveEnd + 300 * MS))
        .isEqualTo(SettleWindow.MIN);
    // bulk's 2 s TTLs and the 1 s margin, counted from the drive's end: 3 s after it
    assertThat(QuiescePhase.minimum(Duration.ofSeconds(2), driveEnd, driveEnd + 300 * MS))
        .isEqualTo(Duration.ofMillis(2_700));
    // a long quiesce already waited them out
    assertThat(QuiescePhase.minimum(Duration.ofSeconds(2), driveEnd, driveEnd + 10_000 * MS))
        .isEqualTo(SettleWindow.MIN);
    // never past the bound
    assertThat(QuiescePhase.minimum(Duration.ofSeconds(60), driveEnd, driveEnd))
        .isEqualTo(SettleWindow.MAX);
  }

  @Test
  void readsTheAcknowledgedOffsetsFromInfo() {
    Reading r =
        Reading.fromInfo(
            "n1",
            Map.of(
                "role", "master",
                "master_repl_offset", "128",
                "slave0", "ip=127.0.0.1,port=7001,state=online,offset=114,lag=0",
                "slave1", "ip=127.0.0.1,port=7002,state=wait_bgsave,offset=0,lag=1",
                "sync_full", "2",
                "sync_partial_ok", "3"));
    assertThat(r).isEqualTo(new Reading("n1", 128, false, 2, 3, List.of(114L, 0L)));
    Reading replica =
        Reading.fromInfo(
            "n2", Map.of("role", "slave", "slave_repl_offset", "114", "master_link_status", "up"));
    assertThat(replica).isEqualTo(new Reading("n2", 114, true, -1, -1, List.of()));
  }

  @Test
  void asksForTheRoundOnlyWhileItIsMissing() {
    SettleWindow w = star();
    w.observe(0, List.of(master(100, 1, 0), replica("n2", 100), replica("n3", 100)));
    assertThat(w.waitsForRound()).isTrue();
    // an ask: the GETACK moved the master to 137; the replicas' answers report 100, before it
    w.observe(
        60 * MS, List.of(master(137, 1, 0, 100L, 100L), replica("n2", 137), replica("n3", 137)));
    assertThat(w.waitsForRound()).isTrue();
    // a second ask: the answers now report 137, the round is complete, under the minimum
    assertThat(
            w.observe(
                120 * MS,
                List.of(master(174, 1, 0, 137L, 137L), replica("n2", 174), replica("n3", 174))))
        .isEqualTo(Decision.WATCH);
    assertThat(w.waitsForRound()).isFalse();
    assertThat(
            w.observe(
                1000 * MS,
                List.of(master(174, 1, 0, 174L, 174L), replica("n2", 174), replica("n3", 174))))
        .isEqualTo(Decision.QUIET);
  }
}
