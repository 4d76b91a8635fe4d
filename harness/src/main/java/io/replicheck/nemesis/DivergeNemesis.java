package io.replicheck.nemesis;

import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Deployment.HostPort;
import io.replicheck.cluster.Node;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A replica strays and is brought back: promoted on its own (REPLICAOF NO ONE, as after a wrong
 * failover decision), it takes a write its master never sees, then is pointed back at its upstream
 * while the upstream's snapshot is slowed with {@code rdb-key-save-delay} (the knob redis's own
 * replication tests use). Its new replid is foreign to the upstream, so it must full sync (IS2) and
 * lose the stray write (FS1, FS2); the snapshot lasts about a second while clients write, and those
 * writes must reach it after the snapshot (FS3, FS1). Healing puts the delay back.
 */
final class DivergeNemesis implements Nemesis {
  static final String STRAY_KEY = "replicheck:stray";

  /** About how long the slowed snapshot lasts, whatever the dataset's size. */
  private static final long SNAPSHOT_MICROS = 1_000_000;

  private static final String DELAY = "rdb-key-save-delay";

  @Override
  public String name() {
    return "diverge";
  }

  @Override
  public ActiveFault start(Deployment d, Random random) throws Exception {
    Node replica = Nemesis.randomReplica(d, random);
    if (!d.cluster().isRunning(replica))
      throw new IllegalStateException(replica.name() + " is not running");
    Node upstream = d.upstreamOf(replica);
    String restore = slowSnapshots(upstream);
    try (AdminClient r = Deployment.admin(replica)) {
      r.callText("REPLICAOF", "NO", "ONE");
    }
    HostPort link = HostPort.parse(d.replicationProxy(replica).getListen());
    try {
      SplitBrain.write(
          replica,
          d.master(),
          STRAY_KEY,
          "written on " + replica.name() + " while it was promoted on its own");
    } finally {
      // whatever the stray write did, the replica goes back to its upstream: a fault that fails
      // half done must not leave a second master behind (the checks would blame the server)
      try (AdminClient r = Deployment.admin(replica)) {
        r.callText("REPLICAOF", link.host(), Integer.toString(link.port()));
      }
    }
    String slowed =
        restore == null
            ? " (snapshot not slowed: " + upstream.name() + " has no " + DELAY + ")"
            : "";
    return ActiveFault.of(
        "diverge " + replica.name() + ": stray write, full sync from " + upstream.name() + slowed,
        () -> {
          if (restore == null) return;
          try (AdminClient u = Deployment.admin(upstream)) {
            u.callText("CONFIG", "SET", DELAY, restore);
          }
        });
  }

  /**
   * Sets the upstream's per-key snapshot delay so that a snapshot of its current dataset takes
   * about {@link #SNAPSHOT_MICROS}; returns the value to restore, or null when the server has no
   * such setting (the fault then goes on with a full sync at normal speed).
   */
  private static String slowSnapshots(Node upstream) throws IOException {
    try (AdminClient u = Deployment.admin(upstream)) {
      Object got = u.call("CONFIG", "GET", DELAY);
      if (!(got instanceof List<?> pair) || pair.size() < 2) return null;
      String before = AdminClient.text(pair.get(1));
      long perKey = perKeyMicros(keyCount(u.info("keyspace")));
      u.callText("CONFIG", "SET", DELAY, Long.toString(perKey));
      return before;
    }
  }

  /**
   * The per-key delay that makes a snapshot of {@code keys} keys last about {@link
   * #SNAPSHOT_MICROS}: at least 1 µs (0 would not slow it), at most 200 ms. It had a floor of 1 ms,
   * from when datasets held a few keys: with a drawn preload of 97,148 keys the slowed snapshot
   * lasted 97 s, the diverged replica was still loading at P5's 30 s bound, and P5, P6 and FS1
   * failed on a clean redis-server (explore seed 3004).
   */
  static long perKeyMicros(long keys) {
    return Math.max(1, Math.min(200_000, SNAPSHOT_MICROS / Math.max(1, keys)));
  }

  /** Keys in every db, from INFO keyspace ({@code db0:keys=5,expires=0,avg_ttl=0}). */
  static long keyCount(Map<String, String> keyspace) {
    long total = 0;
    for (Map.Entry<String, String> e : keyspace.entrySet()) {
      if (!e.getKey().startsWith("db")) continue;
      for (String part : e.getValue().split(",")) {
        if (part.startsWith("keys=")) total += Long.parseLong(part.substring(5));
      }
    }
    return total;
  }
}
