package io.replicheck.nemesis;

import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import java.io.IOException;

/**
 * A write on a node that is a master only by mistake, and as many bytes on the real master: the
 * stray node's offset then lies inside the real master's backlog while its history differs, so a
 * server that lets it continue (instead of full syncing it) keeps the stray key, which FS1 sees.
 */
final class SplitBrain {
  private SplitBrain() {}

  static void write(Node stray, Node master, String key, String value) throws IOException {
    try (AdminClient o = Deployment.admin(stray)) {
      o.callText("SET", key, value);
    }
    try (AdminClient n = Deployment.admin(master)) {
      // a master with min-replicas-to-write refuses it (NOREPLICAS) while its replica is away:
      // the filler only moves the offset, so a refusal is no reason to stop the fault half done
      n.call("SET", "replicheck:filler", "x".repeat(512));
      n.call("DEL", "replicheck:filler");
    }
  }
}
