package io.replicheck.nemesis;

import io.replicheck.cluster.Cluster;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import java.util.Random;

/**
 * Real signals on a replica's process: {@code kill} (SIGKILL, started again on heal), {@code pause}
 * (SIGSTOP, SIGCONT on heal), {@code restart} (graceful stop, started again on heal). Replicas
 * only: a master without persistence that restarts empty is redis's documented data loss, not a
 * replication bug; master faults come with failover.
 */
final class ProcessNemesis implements Nemesis {
  private final String name;

  ProcessNemesis(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean needsProcessControl() {
    return true;
  }

  @Override
  public ActiveFault start(Deployment d, Random random) {
    Cluster cluster = d.cluster();
    Node replica = Nemesis.randomReplica(d, random);
    switch (name) {
      case "kill":
        cluster.kill(replica);
        return ActiveFault.of("kill -9 " + replica.name(), () -> startIfDown(cluster, replica));
      case "pause":
        cluster.pause(replica);
        return ActiveFault.of("SIGSTOP " + replica.name(), () -> cluster.resume(replica));
      case "restart":
        cluster.stop(replica);
        return ActiveFault.of("restart " + replica.name(), () -> startIfDown(cluster, replica));
      default:
        throw new IllegalStateException(name);
    }
  }

  private static void startIfDown(Cluster cluster, Node node) {
    if (!cluster.isRunning(node)) cluster.start(node);
  }
}
