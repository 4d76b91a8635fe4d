package io.replicheck.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.client.AdminClient;
import io.replicheck.testkit.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

@Tag("interop") // needs Docker and redis-server
class ContainerClusterIT {

  @TempDir Path dir;

  static void requireDocker() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      throw new AssertionError(
          "Docker is not available: container tests need a running engine"
              + " (.ci/run starts dockerd --bridge=none --iptables=false --ip6tables=false)");
    }
  }

  @Test
  void redisServerFromScratchImageReplicatesAndTakesSignals() throws Exception {
    requireDocker();
    ServerBinary redis = ServerBinary.external(Tools.require("redis-server"));
    try (ContainerCluster cluster = new ContainerCluster(redis, dir, 2, List.of())) {
      Node master = cluster.node("n1");
      Node replica = cluster.node("n2");
      cluster.start(master);
      replica.replicaOf(master.host(), master.port());
      cluster.start(replica);
      try (AdminClient m =
          AdminClient.connect(master.host(), master.port(), Duration.ofSeconds(2))) {
        m.callText("SET", "k", "v");
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                try (AdminClient r =
                    AdminClient.connect(replica.host(), replica.port(), Duration.ofSeconds(2))) {
                  assertThat(r.info("replication")).containsEntry("master_link_status", "up");
                  assertThat(r.callText("GET", "k")).isEqualTo("v");
                }
              });
      assertThat(cluster.describe()).contains("replicheck/node-bin");

      cluster.kill(replica);
      assertThat(cluster.isRunning(replica)).isFalse();
      cluster.start(replica);
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                try (AdminClient r =
                    AdminClient.connect(replica.host(), replica.port(), Duration.ofSeconds(2))) {
                  assertThat(r.callText("GET", "k")).isEqualTo("v");
                }
              });
      assertThat(replica.logFile()).content().contains("Ready to accept connections");
    }
    // Nothing left behind: no container with our label.
    assertThat(
            DockerClientFactory.instance()
                .client()
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of(ContainerCluster.LABEL))
                .exec())
        .isEmpty();
  }
}
