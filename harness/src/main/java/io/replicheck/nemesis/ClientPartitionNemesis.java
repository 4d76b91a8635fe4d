package io.replicheck.nemesis;

import io.replicheck.cluster.Deployment;
import java.util.Random;

/** Cuts the workload clients off the master: their ops fail or end unknown, none may be lost. */
final class ClientPartitionNemesis implements Nemesis {
  @Override
  public String name() {
    return "partition-clients";
  }

  @Override
  public ActiveFault start(Deployment d, Random random) throws Exception {
    var proxy = d.clientProxy();
    proxy.disable();
    return ActiveFault.of("partition clients<->" + d.master().name(), proxy::enable);
  }
}
