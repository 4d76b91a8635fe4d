package io.replicheck.runner;

import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.invariant.ReplicationSample;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading nodes' replication state directly, and waiting until replicas have caught up. */
public final class Quiescence {
  private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(1);

  private Quiescence() {}

  /** One reading of INFO replication and stats, or null when the node does not answer in time. */
  public static ReplicationSample sample(Deployment d, Node n, long time) {
    return sample(d, n, time, new String[0]);
  }

  /** As {@link #sample(Deployment, Node, long)}, with more INFO sections read after those two. */
  public static ReplicationSample sample(Deployment d, Node n, long time, String... moreSections) {
    if (!d.cluster().isRunning(n)) return null;
    try (AdminClient c = AdminClient.connect(n.host(), n.port(), SAMPLE_TIMEOUT)) {
      long fromMs = System.currentTimeMillis();
      Map<String, String> info = new LinkedHashMap<>(c.info("replication"));
      long toMs = System.currentTimeMillis();
      info.putAll(c.info("stats"));
      for (String section : moreSections) info.putAll(c.info(section));
      return ReplicationSample.fromInfo(n.name(), time, fromMs, toMs, info);
    } catch (IOException e) {
      return null; // paused or restarting: no sample is the honest answer
    }
  }

  /**
   * One node's reading for the settle window ({@link SettleWindow}): its offset, link, resync
   * counters and the offsets its replicas acknowledged ({@code slaveN:...,offset=}), or null when
   * it does not answer in time.
   */
  static SettleWindow.Reading settleReading(Deployment d, Node n) {
    if (!d.cluster().isRunning(n)) return null;
    try (AdminClient c = AdminClient.connect(n.host(), n.port(), SAMPLE_TIMEOUT)) {
      Map<String, String> info = new LinkedHashMap<>(c.info("replication"));
      info.putAll(c.info("stats"));
      return SettleWindow.Reading.fromInfo(n.name(), info);
    } catch (IOException e) {
      return null;
    }
  }

  /** The channel {@link #askForAcks} publishes to: nobody subscribes, every replica gets it. */
  static final String SETTLE_CHANNEL = "replicheck:settle-window";

  /**
   * Asks the master for a keep-alive round now rather than at its next ping and its replicas' next
   * once-a-second ACK: a {@code PUBLISH} (replicated, like every write, and it sets this client's
   * write offset) then {@code WAIT replicas waitMs}, which makes the master send {@code REPLCONF
   * GETACK *} down every link (a middle replica passes the stream on to its own replicas) and each
   * replica answer with {@code REPLCONF ACK} at once. Both sides of every link then hear from the
   * other, which is what the settle window waits for; a replica's answer to GETACK reports its
   * offset before the GETACK itself, so the window's round is complete after a second ask. Returns
   * within {@code waitMs} and the admin timeout; a server that refuses or ignores either command
   * only leaves the window to the periodic pings and ACKs, as before.
   */
  static void askForAcks(Deployment d, int replicas, long waitMs) {
    Node m = d.master();
    if (replicas <= 0 || !d.cluster().isRunning(m)) return;
    try (AdminClient c = AdminClient.connect(m.host(), m.port(), SAMPLE_TIMEOUT)) {
      c.call("PUBLISH", SETTLE_CHANNEL, "1");
      c.call("WAIT", String.valueOf(replicas), String.valueOf(waitMs));
    } catch (IOException e) {
      // the next reading says what the node is doing; the window's bounds still hold
    }
  }

  /**
   * One reading of every node during which the master's offset did not move (read before and after
   * the replicas), so offsets compare exactly; a master PING between two reads would otherwise look
   * like a replica ahead of its master. A try where a replica is behind is taken again too, 50 ms
   * later: a PING the master sent just before the reading reaches the leaf of a chain last (a false
   * P6 on redis-server: a leaf 14 bytes, one PING, behind). Up to 20 tries (about a second); the
   * last one otherwise, so a replica that stays behind is still reported.
   */
  public static List<ReplicationSample> stableSample(
      Deployment d, java.util.function.LongSupplier clock) {
    List<ReplicationSample> all = new ArrayList<>();
    for (int attempt = 0; attempt < 20; attempt++) {
      all.clear();
      ReplicationSample before = sample(d, d.master(), clock.getAsLong());
      for (Node n : d.replicas()) {
        ReplicationSample s = sample(d, n, clock.getAsLong());
        if (s != null) all.add(s);
      }
      ReplicationSample after = sample(d, d.master(), clock.getAsLong());
      if (after != null) all.add(0, after);
      if (before != null
          && after != null
          && before.offset() == after.offset()
          && all.stream().skip(1).allMatch(r -> r.offset() == after.offset())) break;
      Waits.sleep(50);
    }
    return all;
  }

  /**
   * Waits until every replica's link is up and its offset has reached the master's, polling until
   * {@code bound}; returns what was still behind (empty when converged). Returns early when a
   * replica is {@linkplain StuckGap stuck}: it cannot converge, however long the bound.
   */
  public static List<String> await(Deployment d, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    List<String> laggards = new ArrayList<>();
    StuckGap stuck = new StuckGap();
    while (true) {
      laggards.clear();
      boolean decided = false;
      ReplicationSample m = sample(d, d.master(), 0);
      if (m == null) {
        laggards.add(d.master().name() + " (master) does not answer");
      } else {
        for (Node r : d.replicas()) {
          ReplicationSample s = sample(d, r, 0);
          String why =
              s == null
                  ? null
                  : stuck.observe(r.name(), s.linkUp(), s.offset(), m.offset(), System.nanoTime());
          if (why != null) {
            laggards.add(why);
            decided = true;
          } else if (s == null) laggards.add(r.name() + " does not answer");
          else if (!s.linkUp()) laggards.add(r.name() + " link down");
          else if (s.offset() < m.offset())
            laggards.add(r.name() + " offset " + s.offset() + " < master " + m.offset());
        }
      }
      if (decided) return laggards;
      if (laggards.isEmpty() || System.nanoTime() > deadline) return laggards;
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        laggards.add("interrupted");
        return laggards;
      }
    }
  }
}
