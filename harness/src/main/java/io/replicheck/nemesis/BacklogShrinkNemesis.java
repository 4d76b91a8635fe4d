package io.replicheck.nemesis;

import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import java.util.Random;

/**
 * Shrinks the master's backlog to 16 kB and partitions a replica: writes during the partition
 * overrun the backlog, so the reconnect must end in a full resync (IS2), never a CONTINUE from data
 * the master no longer has.
 */
final class BacklogShrinkNemesis implements Nemesis {
  @Override
  public boolean needsMasterAnswers() {
    return true;
  }

  @Override
  public String name() {
    return "backlog-shrink";
  }

  @Override
  public ActiveFault start(Deployment d, Random random) throws Exception {
    Node master = d.master();
    Node replica = Nemesis.randomReplica(d, random);
    String before;
    try (AdminClient c = Deployment.admin(master)) {
      before =
          AdminClient.text(
              ((java.util.List<?>) c.call("CONFIG", "GET", "repl-backlog-size")).get(1));
      c.callText("CONFIG", "SET", "repl-backlog-size", "16384");
    }
    var proxy = d.replicationProxy(replica);
    proxy.disable();
    return ActiveFault.of(
        "backlog 16kb on " + master.name() + ", partition " + replica.name(),
        () -> {
          proxy.enable();
          try (AdminClient c = Deployment.admin(master)) {
            c.callText("CONFIG", "SET", "repl-backlog-size", before);
          }
        });
  }
}
