package io.replicheck.nemesis;

import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.cluster.Role;
import java.util.List;
import java.util.Random;

/**
 * CLIENT PAUSE WRITE on a node (the master unless aimed at another role): on the master writes
 * stall (bounded by the pause) and replication must not; on a replica its readers and its own
 * replicas' links see a node that holds client writes while its master's stream goes on.
 */
final class ClientPauseNemesis implements Nemesis {
  /** A paused node's clients wait, as a SIGSTOPped one's do: the two do not stack on one node. */
  @Override
  public boolean holdsNode() {
    return true;
  }

  @Override
  public String name() {
    return "client-pause";
  }

  @Override
  public List<Role> roles() {
    return List.of(Role.values());
  }

  @Override
  public ActiveFault start(Deployment d, Random random) throws Exception {
    return start(d, random, Role.MASTER);
  }

  @Override
  public ActiveFault start(Deployment d, Random random, Role role) throws Exception {
    Node node =
        role == null || role == Role.MASTER ? d.master() : Nemesis.randomNode(d, random, role);
    long ms = 500 + random.nextInt(2500);
    try (AdminClient c = Deployment.admin(node)) {
      c.callText("CLIENT", "PAUSE", Long.toString(ms), "WRITE");
    }
    return ActiveFault.of(
        "CLIENT PAUSE " + ms + " WRITE on " + node.name() + " (" + d.roleOf(node).label() + ")",
        () -> {
          try (AdminClient c = Deployment.admin(node)) {
            c.call("CLIENT", "UNPAUSE");
          }
        });
  }
}
