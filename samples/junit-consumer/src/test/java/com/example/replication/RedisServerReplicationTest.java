package com.example.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.junit.ReplicatedCluster;
import io.replicheck.junit.TestCluster;
import io.replicheck.nemesis.ActiveFault;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The same kind of test on redis-server (found on PATH): a replica killed, then restarted. */
@ReplicatedCluster(
    replicas = 2,
    server = "redis-server",
    serverArgs = {"--repl-timeout", "5", "--save", ""})
class RedisServerReplicationTest {

  @Test
  void writesWhileAReplicaIsDownReachItAfterRestart(TestCluster cluster) throws Exception {
    ActiveFault kill = cluster.fault("kill");
    Deployment.HostPort master = cluster.clientAddress();
    try (AdminClient c = AdminClient.connect(master.host(), master.port(), Duration.ofSeconds(2))) {
      for (int i = 0; i < 100; i++) c.callText("SET", "k" + i, "v" + i);
    }
    kill.heal();
    cluster.awaitConvergence(Duration.ofSeconds(30));
    for (Node replica : cluster.replicas()) {
      assertThat(cluster.digest(replica)).isEqualTo(cluster.digest(cluster.master()));
    }
  }
}
