package io.replicheck.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.cluster.Sentinels;
import io.replicheck.nemesis.ActiveFault;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code // down-after 5 s: a node stalled by a loaded machine is not taken for a dead
 * one @ReplicatedCluster(topology = "sentinel:3,down-after-ms=5000")}: the extension starts three
 * real sentinels watching reference-server nodes and hands their addresses to the test. A
 * Sentinel-aware client (Lettuce) finds the master through them, the master is cut off from the
 * sentinels and replicas, Sentinel promotes a replica, and after the heal the client finds and
 * writes to the new master, which kept the write acknowledged before the cut.
 */
// down-after 5 s: a node stalled by a loaded machine is not taken for a dead one
@ReplicatedCluster(topology = "sentinel:3,down-after-ms=5000")
@Tag("interop") // needs redis-sentinel (or redis-server) for the sentinels
class SentinelClusterIT {

  @Test
  void aSentinelAwareClientFollowsTheFailover(TestCluster cluster) throws Exception {
    List<Deployment.HostPort> sentinels = cluster.sentinelAddresses();
    assertThat(sentinels).hasSize(3);
    RedisURI.Builder uri =
        RedisURI.Builder.sentinel(
            sentinels.get(0).host(), sentinels.get(0).port(), cluster.masterName());
    for (Deployment.HostPort s : sentinels.subList(1, sentinels.size()))
      uri.withSentinel(s.host(), s.port());
    uri.withTimeout(Duration.ofSeconds(5));
    RedisClient client = RedisClient.create(uri.build());
    try {
      // n1 unless Sentinel already failed it over (a stall longer than down-after)
      Node first = cluster.awaitSentinelMaster(Duration.ofSeconds(30));
      try (StatefulRedisConnection<String, String> c = client.connect()) {
        assertThat(c.sync().set("before", "v1")).isEqualTo("OK");
      }
      cluster.awaitConvergence(Duration.ofSeconds(30));

      ActiveFault isolation = cluster.fault("isolate-master");
      Node promoted = awaitAnotherMaster(cluster, first, Duration.ofSeconds(60));
      isolation.heal();
      Node master = cluster.awaitSentinelMaster(Duration.ofSeconds(60));
      assertThat(master).isEqualTo(promoted).isNotEqualTo(first);

      try (StatefulRedisConnection<String, String> c = client.connect()) {
        assertThat(c.sync().set("after", "v2")).isEqualTo("OK");
        assertThat(c.sync().get("before")).isEqualTo("v1");
        assertThat(c.sync().info("replication")).contains("role:master");
      }
      cluster.awaitConvergence(Duration.ofSeconds(60));
      assertThat(cluster.replicas()).contains(first);
      for (Node replica : cluster.replicas())
        assertThat(cluster.digest(replica)).isEqualTo(cluster.digest(master));
    } finally {
      client.shutdown();
    }
  }

  /** Waits, bounded, until a sentinel names a master other than {@code old}. */
  private static Node awaitAnotherMaster(TestCluster cluster, Node old, Duration bound)
      throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      for (Sentinels.Sentinel s : cluster.sentinels().sentinels().all()) {
        Node m = cluster.sentinels().masterAccordingTo(s);
        if (m != null && m != old) return m;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no sentinel promoted a replica within " + bound);
  }
}
