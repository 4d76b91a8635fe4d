package io.replicheck.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Sentinels.Sentinel;
import io.replicheck.testkit.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * The container backend's sentinels: redis-server with --sentinel in a FROM scratch image, on the
 * host's network, monitoring a node container; it answers, names the master, takes SIGSTOP and
 * SIGKILL, remembers what it rewrote into its configuration across a restart, and leaves no
 * container behind. Needs a running Docker engine (not run on the machine this was written on).
 */
@Tag("interop") // needs Docker and redis-server
class SentinelContainersIT {

  @TempDir Path dir;

  @Test
  void aSentinelInAContainerMonitorsTakesSignalsAndRestarts() throws Exception {
    ContainerClusterIT.requireDocker();
    ServerBinary redis = ServerBinary.external(Tools.require("redis-server"));
    try (ContainerCluster cluster = new ContainerCluster(redis, dir, 1, List.of());
        Sentinels sentinels = new Sentinels(dir, 1, true)) {
      Node master = cluster.node("n1");
      cluster.start(master);
      Sentinel s = sentinels.all().get(0);
      sentinels.configure(
          s,
          List.of(
              "port " + s.port(),
              "bind 127.0.0.1",
              "daemonize no",
              "logfile \"\"",
              "dir " + s.dir(),
              "bind-source-addr " + s.source(),
              "sentinel monitor replicheck 127.0.0.1 " + master.port() + " 1",
              "sentinel down-after-milliseconds replicheck 2000"));
      sentinels.start(s);
      assertThat(sentinels.isRunning(s)).isTrue();
      assertThat(masterPort(s)).isEqualTo(String.valueOf(master.port()));

      sentinels.pause(s);
      assertThat(sentinels.isRunning(s)).isTrue(); // stopped, not gone
      sentinels.resume(s);
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(masterPort(s)).isEqualTo(String.valueOf(master.port())));

      sentinels.kill(s);
      assertThat(sentinels.isRunning(s)).isFalse();
      // Sentinel rewrote its configuration in the bind-mounted folder: a restart keeps its id
      assertThat(s.conf()).content().contains("sentinel myid");
      sentinels.start(s);
      assertThat(masterPort(s)).isEqualTo(String.valueOf(master.port()));
      assertThat(s.logFile()).content().contains("+monitor master replicheck");
    }
    assertThat(
            DockerClientFactory.instance()
                .client()
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of(SentinelContainers.LABEL))
                .exec())
        .isEmpty();
  }

  private static String masterPort(Sentinel s) throws Exception {
    try (AdminClient c = Sentinels.admin(s)) {
      Object reply = c.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "replicheck");
      return new String((byte[]) ((List<?>) reply).get(1), StandardCharsets.UTF_8);
    }
  }
}
