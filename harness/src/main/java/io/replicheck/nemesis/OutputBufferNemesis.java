package io.replicheck.nemesis;

import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import java.util.List;
import java.util.Random;

/**
 * Makes a replica's link slow (1 KB/s) and the master's replica output buffer limit tiny, so the
 * master drops the replica for falling behind; it must then resync and converge.
 */
final class OutputBufferNemesis implements Nemesis {
  @Override
  public String name() {
    return "output-buffer";
  }

  @Override
  public Fault start(Deployment d, Random random) throws Exception {
    Node master = d.master();
    Node replica = Nemesis.randomReplica(d, random);
    String before;
    try (AdminClient c = Deployment.admin(master)) {
      before = AdminClient.text(((List<?>) c.call("CONFIG", "GET", "client-output-buffer-limit")).get(1));
      c.callText("CONFIG", "SET", "client-output-buffer-limit", "replica 16384 8192 1");
    }
    var proxy = d.replicationProxy(replica);
    proxy.toxics().bandwidth("nemesis-output-buffer", ToxicDirection.DOWNSTREAM, 1);
    return Fault.of("output buffer limit 16kb on " + master.name() + ", slow link to " + replica.name(), () -> {
      LinkNemesis.removeQuietly(proxy, "nemesis-output-buffer");
      try (AdminClient c = Deployment.admin(master)) {
        c.callText("CONFIG", "SET", "client-output-buffer-limit", before);
      }
    });
  }
}
