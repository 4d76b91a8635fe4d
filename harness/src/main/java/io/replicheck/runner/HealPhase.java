package io.replicheck.runner;

import io.replicheck.cluster.Node;
import io.replicheck.nemesis.ActiveFault;

/** Heal: the fault still active, paused and stopped nodes, every proxy. */
final class HealPhase implements Phase {

  @Override
  public void run(RunContext r) throws Exception {
    r.progress.phase(
        "heal", "healing every fault, resuming and restarting nodes, resetting proxies");
    ActiveFault still = r.active.getAndSet(null);
    if (still != null) FaultDriver.heal(still, r.history);
    for (Node n : r.cluster.nodes()) {
      r.cluster.resume(n);
      if (!r.cluster.isRunning(n)) r.cluster.start(n);
    }
    if (r.deployment.sentinels() != null) r.deployment.sentinels().sentinels().healAll();
    r.toxiproxy.reset();
  }
}
