package io.replicheck.nemesis;

import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.SentinelWiring;
import io.replicheck.cluster.Sentinels;
import java.util.List;
import java.util.Random;

/**
 * Faults of the sentinels themselves ({@code --topology sentinel}): SIGKILL one (started again on
 * heal, with the configuration it rewrote) or SIGSTOP one (SIGCONT on heal). With one sentinel down
 * the others still make a quorum; a failover must still work, and none may happen without cause.
 */
final class SentinelNemesis implements Nemesis {
  private final String name;
  private final boolean kill;

  SentinelNemesis(String name, boolean kill) {
    this.name = name;
    this.kill = kill;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean needsProcessControl() {
    return true;
  }

  @Override
  public ActiveFault start(Deployment d, Random random) {
    SentinelWiring w = wiring(d, name);
    List<Sentinels.Sentinel> all = w.sentinels().all();
    Sentinels.Sentinel s = all.get(random.nextInt(all.size()));
    if (kill) {
      w.sentinels().kill(s);
      return ActiveFault.of(
          "kill sentinel " + s.name(),
          () -> {
            if (!w.sentinels().isRunning(s)) w.sentinels().start(s);
          });
    }
    w.sentinels().pause(s);
    return ActiveFault.of("pause sentinel " + s.name(), () -> w.sentinels().resume(s));
  }

  /** The deployment's sentinels; a nemesis of them fails clearly without. */
  static SentinelWiring wiring(Deployment d, String nemesis) {
    SentinelWiring w = d.sentinels();
    if (w == null) throw new IllegalStateException(nemesis + " needs --topology sentinel");
    return w;
  }
}
