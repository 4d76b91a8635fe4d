package io.replicheck.nemesis;

import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Deployment;
import java.util.Random;

/** CLIENT PAUSE on the master: writes stall (bounded by the pause), replication must not. */
final class ClientPauseNemesis implements Nemesis {
  @Override
  public String name() {
    return "client-pause";
  }

  @Override
  public ActiveFault start(Deployment d, Random random) throws Exception {
    var master = d.master();
    long ms = 500 + random.nextInt(2500);
    try (AdminClient c = Deployment.admin(master)) {
      c.callText("CLIENT", "PAUSE", Long.toString(ms), "WRITE");
    }
    return ActiveFault.of(
        "CLIENT PAUSE " + ms + " WRITE on " + master.name(),
        () -> {
          try (AdminClient c = Deployment.admin(master)) {
            c.call("CLIENT", "UNPAUSE");
          }
        });
  }
}
