package io.replicheck.nemesis;

import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.SentinelWiring;
import io.replicheck.cluster.Sentinels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A partition of the sentinels themselves ({@code --topology sentinel}): a minority or a majority
 * of them cut off from every node and from the other sentinels ({@link SentinelWiring#cutOff}),
 * while the nodes and the clients keep every link. The master is reachable from the rest, so no
 * failover may happen: the cut side either lacks the quorum (a minority) or reaches no replica to
 * promote (a majority), and the other side sees a healthy master. A failover meanwhile is recorded
 * for P8.
 */
final class SentinelPartitionNemesis implements Nemesis {
  private final String name;
  private final boolean majority;

  SentinelPartitionNemesis(String name, boolean majority) {
    this.name = name;
    this.majority = majority;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ActiveFault start(Deployment d, Random random) throws Exception {
    SentinelWiring w = SentinelNemesis.wiring(d, name);
    List<Sentinels.Sentinel> all = new ArrayList<>(w.sentinels().all());
    int n = majority ? w.settings().quorum() : (all.size() - 1) / 2;
    if (n < 1 || n > all.size())
      throw new IllegalStateException(
          name + " needs at least " + (majority ? 1 : 3) + " sentinels, there are " + all.size());
    Collections.shuffle(all, random);
    List<Sentinels.Sentinel> cut = List.copyOf(all.subList(0, n));
    int switchesBefore = w.switches().size();
    Runnable heal = w.cutOff(cut);
    long cutAtMs = System.currentTimeMillis();
    String description =
        name
            + " "
            + String.join(",", cut.stream().map(Sentinels.Sentinel::name).toList())
            + " | nodes, clients, the other sentinels";
    return ActiveFault.of(
        description,
        () -> {
          // a failover Sentinel began before the cut (after an earlier fault) is not this one's
          if (w.switches().size() > switchesBefore
              && SentinelWiring.failoverBeganUnder(w.masterEvents(), cutAtMs, true))
            w.recordUnexpectedFailover(
                description + ": " + w.switches().get(switchesBefore) + " with a healthy master");
          heal.run();
        });
  }
}
