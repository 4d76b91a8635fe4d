package io.replicheck.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A harness JVM that starts one node and waits to be killed; see ProcessClusterIT. */
public final class ReaperChild {
  public static void main(String[] args) throws Exception {
    ProcessCluster cluster =
        new ProcessCluster(
            ServerBinary.external(Path.of(args[0])),
            Path.of(args[1]).resolve("child"),
            1,
            List.of());
    Node n = cluster.node("n1");
    cluster.start(n);
    Files.writeString(Path.of(args[2]), Long.toString(cluster.pid(n)));
    Thread.sleep(120_000); // bounded: the test kills us long before
    cluster.close();
  }
}
