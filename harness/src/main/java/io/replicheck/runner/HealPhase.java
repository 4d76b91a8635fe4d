package io.replicheck.runner;

import io.replicheck.cluster.ClusterException;
import io.replicheck.cluster.Node;
import io.replicheck.nemesis.ActiveFault;

/** Heal: the fault still active, paused and stopped nodes, every proxy. */
final class HealPhase implements Phase {

  @Override
  public void run(RunContext r) throws Exception {
    r.progress.phase(
        "heal", "healing every fault, resuming and restarting nodes, resetting proxies");
    for (ActiveFault still : r.active) FaultDriver.healIfActive(r, still);
    for (Node n : r.cluster.nodes()) {
      r.cluster.resume(n);
      if (!r.cluster.isRunning(n)) restart(r, n);
    }
    if (r.deployment.sentinels() != null) r.deployment.sentinels().sentinels().healAll();
    r.toxiproxy.reset();
    // a fault that failed half done (a failover whose REPLICAOF timed out) may have left a node
    // outside the topology the harness meant; Sentinel's runs have Sentinel's topology instead
    if (!r.nemesisErrors.isEmpty() && r.deployment.sentinels() == null) {
      for (String failed : r.deployment.reassertTopology()) r.nemesisErrors.add("heal: " + failed);
    }
  }

  /**
   * Restarts a node the drive left stopped: once more if its first start ran out of its bound (a
   * JVM's start on a loaded machine), then the run is aborted, not failed: the history the drive
   * recorded is still judged by the checks that read only it, and the verdict says why the rest was
   * not.
   */
  static void restart(RunContext r, Node n) {
    ClusterException first = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        r.cluster.start(n);
        return;
      } catch (ClusterException e) {
        if (first == null) first = e;
      }
    }
    String why = first.getMessage();
    int eol = why.indexOf('\n');
    r.abortKeepingHistory(
        n.name() + " did not restart at heal (twice): " + (eol < 0 ? why : why.substring(0, eol)));
  }
}
