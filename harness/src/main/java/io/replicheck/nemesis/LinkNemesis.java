package io.replicheck.nemesis;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.cluster.Role;
import java.util.List;
import java.util.Random;

/**
 * Faults on one replica's replication link (replica <-> its upstream), through that link's proxy. A
 * partition disables the proxy (open connections close, new ones are refused), with an {@link
 * ExpiryProbe} around the cut; a blackhole holds all data both ways with the connection up (only
 * repl-timeout notices); one-way holds only master-to-replica data; the rest are Toxiproxy's toxics
 * on the stream the master sends ({@code limit-data}: each connection ends after a drawn number of
 * bytes, so the link drops at a byte position, again on every reconnect while it lasts). Aimed at a
 * role, the link is that replica's own: a middle replica's link to the master, or a leaf's link to
 * its upstream, which in a chain or a mix is a middle replica (the sub-replica link).
 */
final class LinkNemesis implements Nemesis {

  enum Kind {
    PARTITION,
    ONE_WAY,
    BLACKHOLE,
    LATENCY,
    BANDWIDTH,
    SLICER,
    RESET_PEER,
    LIMIT_DATA
  }

  private final String name;
  private final Kind kind;

  LinkNemesis(String name, Kind kind) {
    this.name = name;
    this.kind = kind;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Role> roles() {
    return List.of(Role.MIDDLE, Role.LEAF);
  }

  @Override
  public ActiveFault start(Deployment d, Random random) throws Exception {
    return start(d, random, null);
  }

  @Override
  public ActiveFault start(Deployment d, Random random, Role role) throws Exception {
    // a master has no link of its own to hurt: aimed at it, the fault takes any replica's
    Node replica = Nemesis.randomNode(d, random, role == Role.MASTER ? null : role);
    Proxy proxy = d.replicationProxy(replica);
    String link = replica.name() + "<->" + d.upstreamOf(replica).name();
    switch (kind) {
      case PARTITION:
        {
          // a fault that waited for a replication phase strikes at once: the probe waits for a key
          // to reach the replica, which a syncing one gets only once its sync is over
          ExpiryProbe probe = replica == d.focus() ? null : ExpiryProbe.arm(d, replica);
          proxy.disable();
          boolean persisted = probe != null && probe.persist();
          return ActiveFault.of(
              "partition " + link + (persisted ? " (expiry probe " + probe.key() + ")" : ""),
              proxy::enable);
        }
      case ONE_WAY:
        proxy.toxics().timeout("nemesis-one-way", ToxicDirection.DOWNSTREAM, 0);
        return toxicFault(
            "one-way partition " + d.upstreamOf(replica).name() + "->" + replica.name(),
            proxy,
            "nemesis-one-way");
      case BLACKHOLE:
        proxy.toxics().timeout("nemesis-blackhole-up", ToxicDirection.UPSTREAM, 0);
        proxy.toxics().timeout("nemesis-blackhole-down", ToxicDirection.DOWNSTREAM, 0);
        return ActiveFault.of(
            "blackhole " + link,
            () -> {
              removeQuietly(proxy, "nemesis-blackhole-up");
              removeQuietly(proxy, "nemesis-blackhole-down");
            });
      case LATENCY:
        {
          long ms = 20 + random.nextInt(200);
          proxy
              .toxics()
              .latency("nemesis-latency", ToxicDirection.DOWNSTREAM, ms)
              .setJitter(ms / 2);
          return toxicFault("latency " + ms + "ms on " + link, proxy, "nemesis-latency");
        }
      case BANDWIDTH:
        {
          long kbps = 8 + random.nextInt(64);
          proxy.toxics().bandwidth("nemesis-bandwidth", ToxicDirection.DOWNSTREAM, kbps);
          return toxicFault("bandwidth " + kbps + "KB/s on " + link, proxy, "nemesis-bandwidth");
        }
      case SLICER:
        proxy
            .toxics()
            .slicer("nemesis-slicer", ToxicDirection.DOWNSTREAM, 1 + random.nextInt(16), 0)
            .setDelay(50);
        return toxicFault("slicer on " + link, proxy, "nemesis-slicer");
      case RESET_PEER:
        proxy
            .toxics()
            .resetPeer("nemesis-reset-peer", ToxicDirection.DOWNSTREAM, 100 + random.nextInt(900));
        return toxicFault("reset_peer on " + link, proxy, "nemesis-reset-peer");
      case LIMIT_DATA:
        {
          long bytes = limitDataBytes(random);
          proxy.toxics().limitData("nemesis-limit-data", ToxicDirection.DOWNSTREAM, bytes);
          return toxicFault("limit_data " + bytes + " B on " + link, proxy, "nemesis-limit-data");
        }
      default:
        throw new IllegalStateException(kind.toString());
    }
  }

  /** The most bytes a {@code limit-data} connection passes: beyond a drawn preload's full sync. */
  static final long LIMIT_DATA_MAX = 8L << 20;

  /**
   * Bytes a connection passes before {@code limit-data} ends it: log-uniform from 1 B to {@link
   * #LIMIT_DATA_MAX}, so the cut falls as often in the handshake (a few dozen bytes) as in a
   * snapshot's transfer or the command stream after it, each at a byte no clock would pick.
   */
  static long limitDataBytes(Random random) {
    return Math.max(1, Math.round(Math.exp(random.nextDouble() * Math.log(LIMIT_DATA_MAX))));
  }

  private static ActiveFault toxicFault(String description, Proxy proxy, String toxic) {
    return ActiveFault.of(description, () -> removeQuietly(proxy, toxic));
  }

  static void removeQuietly(Proxy proxy, String toxic) throws Exception {
    try {
      proxy.toxics().get(toxic).remove();
    } catch (java.io.IOException e) {
      if (!String.valueOf(e.getMessage()).contains("404")
          && !String.valueOf(e.getMessage()).contains("not found")) throw e;
    }
  }
}
