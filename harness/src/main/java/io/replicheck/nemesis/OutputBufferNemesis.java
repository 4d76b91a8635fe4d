package io.replicheck.nemesis;

import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import java.util.List;
import java.util.Random;

/**
 * Makes a replica's link slow (1 KB/s) and the master's replica output buffer limit tiny, then
 * writes 16 MB of filler on the master: more than the kernel's loopback socket buffers and the
 * proxy's hold, so the bytes pile up in the master's own buffer for that replica and it drops the
 * replica, as redis logs ("scheduled to be closed ASAP for overcoming of output buffer limits").
 * The replica must then resync and converge. The filler is deleted on heal.
 */
final class OutputBufferNemesis implements Nemesis {
  private static final String FILLER = "replicheck:filler:";
  private static final int FILLER_KEYS = 256;
  private static final int FILLER_VALUE = 64 * 1024;

  @Override
  public boolean needsMasterAnswers() {
    return true;
  }

  @Override
  public String name() {
    return "output-buffer";
  }

  @Override
  public ActiveFault start(Deployment d, Random random) throws Exception {
    Node master = d.master();
    Node replica = Nemesis.randomReplica(d, random);
    String before;
    try (AdminClient c = Deployment.admin(master)) {
      before =
          AdminClient.text(
              ((List<?>) c.call("CONFIG", "GET", "client-output-buffer-limit")).get(1));
      c.callText("CONFIG", "SET", "client-output-buffer-limit", "replica 16384 8192 1");
    }
    var proxy = d.replicationProxy(replica);
    proxy.toxics().bandwidth("nemesis-output-buffer", ToxicDirection.DOWNSTREAM, 1);
    String filler = "x".repeat(FILLER_VALUE);
    try (AdminClient c = Deployment.admin(master)) {
      for (int i = 0; i < FILLER_KEYS; i++) c.send("SET", FILLER + i, filler);
      for (int i = 0; i < FILLER_KEYS; i++) c.read();
    }
    return ActiveFault.of(
        "output buffer limit 16kb on " + master.name() + ", slow link to " + replica.name(),
        () -> {
          LinkNemesis.removeQuietly(proxy, "nemesis-output-buffer");
          try (AdminClient c = Deployment.admin(d.master())) {
            for (int i = 0; i < FILLER_KEYS; i++) c.call("DEL", FILLER + i);
          }
          try (AdminClient c = Deployment.admin(master)) {
            c.callText("CONFIG", "SET", "client-output-buffer-limit", before);
          }
        });
  }
}
