package io.replicheck.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.nemesis.ActiveFault;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The example of docs/junit.md, run for real: a user's own replication test with the extension. A
 * partition of one replica's link, writes meanwhile, heal, and every replica equal to the master.
 */
@ReplicatedCluster(
    replicas = 2,
    server = "redis-server",
    serverArgs = {"--repl-timeout", "5"})
@Tag("interop") // needs redis-server
class ReplicatedClusterExampleIT {

  @Test
  void writesDuringAPartitionReachTheReplicaAfterHeal(TestCluster cluster) throws Exception {
    ActiveFault partition = cluster.fault("partition");
    Deployment.HostPort master = cluster.clientAddress();
    try (AdminClient c = AdminClient.connect(master.host(), master.port(), Duration.ofSeconds(2))) {
      for (int i = 0; i < 100; i++) c.callText("SET", "k" + i, "v" + i);
    }
    partition.heal();
    cluster.awaitConvergence(Duration.ofSeconds(30));
    for (Node replica : cluster.replicas()) {
      assertThat(cluster.digest(replica)).isEqualTo(cluster.digest(cluster.master()));
    }
  }
}
