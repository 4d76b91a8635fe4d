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

/** The example of docs/junit.md, on replicheck's reference server (the default). */
@ReplicatedCluster(replicas = 2, serverArgs = {"--repl-timeout", "5"})
class MyReplicationTest {

  @Test
  void writesDuringAPartitionReachTheReplicaAfterHeal(TestCluster cluster) throws Exception {
    ActiveFault partition = cluster.fault("partition"); // any nemesis of docs/nemeses.md
    Deployment.HostPort master = cluster.clientAddress(); // the master, through the proxy
    try (AdminClient c = AdminClient.connect(master.host(), master.port(), Duration.ofSeconds(2))) {
      for (int i = 0; i < 100; i++) c.callText("SET", "k" + i, "v" + i);
    }
    partition.heal();
    cluster.awaitConvergence(Duration.ofSeconds(30)); // fails with the laggards
    for (Node replica : cluster.replicas()) {
      assertThat(cluster.digest(replica)).isEqualTo(cluster.digest(cluster.master()));
    }
  }
}
