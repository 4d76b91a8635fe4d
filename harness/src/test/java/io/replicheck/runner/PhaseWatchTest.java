package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicheck.cluster.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Waiting for a replica's replication phase, on scripted INFO readings and a fake clock. */
class PhaseWatchTest {
  private static final Node N2 = new Node("n2", "127.0.0.1", 1, Path.of("/tmp/unused-n2"));
  private static final Node N3 = new Node("n3", "127.0.0.1", 2, Path.of("/tmp/unused-n3"));

  private static final Map<String, String> UP =
      Map.of("role", "slave", "master_link_status", "up", "master_sync_in_progress", "0");
  private static final Map<String, String> RECONNECTING =
      Map.of("role", "slave", "master_link_status", "down", "master_sync_in_progress", "0");
  private static final Map<String, String> SYNCING =
      Map.of("role", "slave", "master_link_status", "down", "master_sync_in_progress", "1");
  private static final Map<String, String> MASTER =
      Map.of("role", "master", "master_link_status", "down");

  @Test
  void phasesAreReadFromInfoReplication() {
    assertThat(ReplicationPhase.LINK_DOWN.test(RECONNECTING)).isTrue();
    assertThat(ReplicationPhase.LINK_DOWN.test(SYNCING)).isTrue();
    assertThat(ReplicationPhase.LINK_DOWN.test(UP)).isFalse();
    assertThat(ReplicationPhase.FULL_SYNC.test(SYNCING)).isTrue();
    assertThat(ReplicationPhase.FULL_SYNC.test(RECONNECTING)).isFalse();
    // a node promoted meanwhile is in no replica's phase
    assertThat(ReplicationPhase.LINK_DOWN.test(MASTER)).isFalse();
    assertThat(ReplicationPhase.parse("full-sync")).isEqualTo(ReplicationPhase.FULL_SYNC);
    assertThatThrownBy(() -> ReplicationPhase.parse("loading"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown replication phase 'loading' (link-down, full-sync)");
  }

  @Test
  void answersWithTheFirstReplicaSeenInThePhaseAndWhen() {
    AtomicLong clock = new AtomicLong();
    // n3 syncs from its third reading on; n2 stays up
    List<Map<String, String>> n3 = new ArrayList<>(List.of(UP, RECONNECTING, SYNCING));
    PhaseWatch w =
        new PhaseWatch(
            n -> n == N2 ? UP : n3.size() > 1 ? n3.remove(0) : n3.get(0),
            clock::get,
            () -> clock.addAndGet(5));
    Optional<PhaseWatch.Seen> seen =
        w.await(ReplicationPhase.FULL_SYNC, List.of(N2, N3), 2000, () -> false);
    assertThat(seen).contains(new PhaseWatch.Seen(N3, 10));
  }

  @Test
  void aReplicaThatDoesNotAnswerIsSkipped() {
    AtomicLong clock = new AtomicLong();
    PhaseWatch w =
        new PhaseWatch(
            n -> {
              if (n == N2) throw new IOException("n2 is paused");
              return RECONNECTING;
            },
            clock::get,
            () -> clock.addAndGet(5));
    assertThat(w.await(ReplicationPhase.LINK_DOWN, List.of(N2, N3), 2000, () -> false))
        .contains(new PhaseWatch.Seen(N3, 0));
  }

  @Test
  void givesUpAtItsBoundOrWhenStopped() {
    AtomicLong clock = new AtomicLong();
    AtomicLong reads = new AtomicLong();
    PhaseWatch w =
        new PhaseWatch(
            n -> {
              reads.incrementAndGet();
              return UP;
            },
            clock::get,
            () -> clock.addAndGet(5));
    assertThat(w.await(ReplicationPhase.FULL_SYNC, List.of(N2), 2000, () -> false)).isEmpty();
    assertThat(clock.get()).isEqualTo(2000);
    assertThat(reads.get()).isEqualTo(401);
    clock.set(0);
    assertThat(w.await(ReplicationPhase.FULL_SYNC, List.of(N2), 2000, () -> clock.get() >= 50))
        .isEmpty();
    assertThat(clock.get()).isEqualTo(50);
  }
}
