package io.replicheck.nemesis;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.cluster.SentinelWiring;
import io.replicheck.cluster.Sentinels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The partition of the classic Sentinel result ({@code --topology sentinel}): the master and client
 * group {@code a} on one side; the sentinels, the replicas and client group {@code b} on the other.
 * Group {@code a} keeps writing to the old master, which acknowledges; the majority promotes a
 * replica; on heal the old master becomes its replica and drops what it took meanwhile. The heal
 * waits for the failover ({@code +switch-master}), bounded by down-after-milliseconds plus
 * failover-timeout plus 5 s, so the partition always outlasts down-after-milliseconds.
 *
 * <p>The links are disabled: open connections close and new ones are refused, so the master sees
 * its replicas go at once. With {@code blackhole} they stay up and hold every byte both ways
 * (Toxiproxy {@code timeout} 0), as a network that silently drops packets does: the master learns
 * of nothing until {@code repl-timeout}, and {@code min-replicas-max-lag} counts from the last
 * acknowledgement.
 *
 * <p>With {@code noQuorum}, a majority of the sentinels is cut off first, from every node and from
 * the other sentinels ({@link SentinelWiring#cutOff}), so the sentinels left are too few for ODOWN
 * and for electing a leader, and the cut ones reach no replica to promote: no failover may happen,
 * and the heal comes after the fault's duration.
 */
final class IsolateMasterNemesis implements Nemesis {
  private static final String HOLD_UP = "isolate-hold-up";
  private static final String HOLD_DOWN = "isolate-hold-down";

  private final String name;
  private final boolean noQuorum;
  private final boolean blackhole;

  IsolateMasterNemesis(String name, boolean noQuorum, boolean blackhole) {
    this.name = name;
    this.noQuorum = noQuorum;
    this.blackhole = blackhole;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean needsProcessControl() {
    return false;
  }

  @Override
  public ActiveFault start(Deployment d, Random random) throws Exception {
    SentinelWiring w = SentinelNemesis.wiring(d, name);
    Node master = d.master();
    int switchesBefore = w.switches().size();
    List<Sentinels.Sentinel> paused = new ArrayList<>();
    Runnable rejoin = () -> {};
    if (noQuorum) {
      List<Sentinels.Sentinel> all = new ArrayList<>(w.sentinels().all());
      Collections.shuffle(all, random);
      paused.addAll(all.subList(0, w.settings().quorum()));
      rejoin = w.cutOff(paused);
    }
    List<Proxy> cut = new ArrayList<>();
    cut.add(w.proxy("node-" + master.name())); // sentinels and replicas -> master
    cut.add(w.proxy("b-" + master.name())); // group b -> master
    for (Sentinels.Sentinel s : w.sentinels().all()) cut.add(w.proxy("a-" + s.name()));
    for (Node n : d.cluster().nodes()) if (n != master) cut.add(w.proxy("a-" + n.name()));
    for (Proxy p : cut) {
      if (blackhole) {
        p.toxics().timeout(HOLD_UP, ToxicDirection.UPSTREAM, 0);
        p.toxics().timeout(HOLD_DOWN, ToxicDirection.DOWNSTREAM, 0);
      } else {
        p.disable();
      }
    }
    List<String> others = new ArrayList<>();
    for (Node n : d.cluster().nodes()) if (n != master) others.add(n.name());
    String description =
        name
            + " "
            + master.name()
            + " + clients a | sentinels, "
            + String.join(", ", others)
            + ", clients b"
            + (paused.isEmpty()
                ? ""
                : "; sentinels "
                    + String.join(",", paused.stream().map(Sentinels.Sentinel::name).toList())
                    + " cut off (no quorum)");
    Runnable rejoinSentinels = rejoin;
    long cutAtMs = System.currentTimeMillis();
    long bound = w.settings().downAfterMs() + w.settings().failoverTimeoutMs() + 5_000;
    return ActiveFault.of(
        description,
        () -> {
          if (!noQuorum) {
            // heal after the failover (or the bound): the window the classic result is about
            long deadline = System.nanoTime() + bound * 1_000_000;
            while (w.switches().size() == switchesBefore && System.nanoTime() < deadline)
              Thread.sleep(50);
          }
          if (noQuorum
              && w.switches().size() > switchesBefore
              && SentinelWiring.failoverBeganUnder(w.masterEvents(), cutAtMs, false)) {
            w.recordUnexpectedFailover(
                description
                    + ": "
                    + w.switches().get(switchesBefore)
                    + " with only "
                    + (w.sentinels().all().size() - paused.size())
                    + " sentinels on the majority side");
          }
          for (Proxy p : cut) {
            if (blackhole) {
              LinkNemesis.removeQuietly(p, HOLD_UP);
              LinkNemesis.removeQuietly(p, HOLD_DOWN);
            } else {
              p.enable();
            }
          }
          rejoinSentinels.run();
        });
  }
}
