package io.replicheck.nemesis;

import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import java.io.IOException;

/**
 * A write on a node that is a master only by mistake, and as many bytes on the real master: the
 * stray node's offset then lies inside the real master's backlog while its history differs, so a
 * server that lets it continue (instead of full syncing it) keeps the stray key, which FS1 sees. A
 * stray with {@code min-replicas-to-write} and no replica left refuses the write (NOREPLICAS): that
 * is the setting doing its job, no split brain happens, and the fault goes on without it.
 */
final class SplitBrain {
  private SplitBrain() {}

  /** Whether the stray took the write (false: it refused it with NOREPLICAS). */
  static boolean write(Node stray, Node master, String key, String value) throws IOException {
    try (AdminClient o = Deployment.admin(stray)) {
      Object reply = o.call("SET", key, value);
      if (reply instanceof AdminClient.RespError e) {
        if (e.message().startsWith("NOREPLICAS")) return false;
        throw new IOException(stray.host() + ":" + stray.port() + ": SET failed: " + e.message());
      }
    }
    try (AdminClient n = Deployment.admin(master)) {
      // a master with min-replicas-to-write refuses it (NOREPLICAS) while its replica is away:
      // the filler only moves the offset, so a refusal is no reason to stop the fault half done
      n.call("SET", "replicheck:filler", "x".repeat(512));
      n.call("DEL", "replicheck:filler");
    }
    return true;
  }
}
