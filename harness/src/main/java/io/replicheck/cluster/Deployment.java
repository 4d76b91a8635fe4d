package io.replicheck.cluster;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.replicheck.client.AdminClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A cluster wired through a chaos proxy, so that every link can be hurt on its own: each replica
 * reaches its upstream through its own proxy ({@code repl-nK}); workload clients reach the master
 * through {@code clients}, whose upstream moves on failover; readers reach each replica through
 * {@code read-nK}. The proxy is driven over Toxiproxy's HTTP API with toxiproxy-java, so the
 * embedded proxy and a real toxiproxy-server are interchangeable.
 */
public final class Deployment {

  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(3);

  private final Cluster cluster;
  private final ToxiproxyClient toxiproxy;
  private final Topology topology;
  private final Map<String, Proxy> replicationProxies = new LinkedHashMap<>();
  private final Map<String, Proxy> readProxies = new LinkedHashMap<>();
  private final Map<String, Node> upstreams = new LinkedHashMap<>();
  private Proxy clientProxy;
  private volatile Node master;
  private volatile Node focus;
  private final Map<Object, List<Node>> held = new ConcurrentHashMap<>();
  private volatile Starting starting;

  /** What {@link #starting} records while a fault starts. */
  private record Starting(boolean avoidHeld, List<Node> picked) {}

  private SentinelWiring sentinels;
  private final List<io.replicheck.invariant.WaitAcknowledged> waitProbes =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<io.replicheck.invariant.Promotion> promotions =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public Deployment(Cluster cluster, ToxiproxyClient toxiproxy, Topology topology) {
    this.cluster = cluster;
    this.toxiproxy = toxiproxy;
    this.topology = topology;
  }

  public Cluster cluster() {
    return cluster;
  }

  public Topology topology() {
    return topology;
  }

  /**
   * Makes this a Sentinel-managed deployment ({@code --topology sentinel}): nodes reach each other
   * and are watched through {@code wiring}'s links, and Sentinel, not the harness, fails over. Call
   * before {@link #wire}.
   */
  public void sentinels(SentinelWiring wiring) {
    this.sentinels = wiring;
  }

  /** The sentinels' wiring, or null when the harness itself decides who is master. */
  public SentinelWiring sentinels() {
    return sentinels;
  }

  /**
   * Takes {@code newMaster} as the master Sentinel made it: every other node is now its replica (a
   * star); nothing is sent to the nodes, Sentinel reconfigures them. The node's next start (after a
   * kill) follows the new master's announced address.
   */
  public synchronized void adoptMaster(Node newMaster) {
    if (newMaster == null || newMaster == master) return;
    master = newMaster;
    newMaster.replicaOf(null, 0);
    upstreams.remove(newMaster.name());
    HostPort at = sentinels == null ? null : sentinels.nodeAddress(newMaster);
    for (Node n : cluster.nodes()) {
      if (n == newMaster) continue;
      upstreams.put(n.name(), newMaster);
      if (at != null) n.replicaOf(at.host(), at.port());
    }
  }

  public Node master() {
    return master;
  }

  /** Replicas in node order (in a chain, including the ones that also serve sub-replicas). */
  public List<Node> replicas() {
    return cluster.nodes().stream().filter(n -> n != master).toList();
  }

  /** The node a replica replicates from, directly. */
  public Node upstreamOf(Node replica) {
    return upstreams.get(replica.name());
  }

  /** The replicas that replicate from {@code upstream} directly, in node order. */
  public List<Node> replicasOf(Node upstream) {
    return replicas().stream().filter(r -> upstreamOf(r) == upstream).toList();
  }

  /**
   * The nodes that play {@code role} now: the master, the replicas with replicas of their own
   * (middle), or those without (leaf). A failover turns the tree around, so this is read when a
   * fault starts, not when it is drawn.
   */
  public List<Node> nodesOf(Role role) {
    return switch (role) {
      case MASTER -> List.of(master);
      case MIDDLE -> replicas().stream().filter(r -> !replicasOf(r).isEmpty()).toList();
      case LEAF -> replicas().stream().filter(r -> replicasOf(r).isEmpty()).toList();
    };
  }

  /**
   * The replica a fault waited for (seen in the replication phase it waits for), which a nemesis
   * picking a replica of its role takes instead of its random pick; null: none.
   */
  public Node focus() {
    return focus;
  }

  /** Sets (null: clears) the replica the next fault's nemesis takes; see {@link #focus()}. */
  public void focus(Node replica) {
    this.focus = replica;
  }

  /**
   * Marks {@code nodes} as held by an active fault until {@link #release} (a fault that overlaps it
   * then takes other nodes when it can; see {@link #held()}).
   */
  public void hold(Object fault, List<Node> nodes) {
    if (!nodes.isEmpty()) held.put(fault, List.copyOf(nodes));
  }

  /**
   * A fault starts: until {@link #started}, its nemesis avoids the {@link #held()} nodes (when
   * {@code avoidHeld}) and the nodes it picks are recorded. Outside it nothing is recorded.
   */
  public void starting(boolean avoidHeld) {
    starting = new Starting(avoidHeld, new CopyOnWriteArrayList<>());
  }

  /** Ends {@link #starting}: the nodes the fault's nemesis picked (what it holds). */
  public List<Node> started() {
    Starting s = starting;
    starting = null;
    return s == null ? List.of() : List.copyOf(s.picked());
  }

  /** Whether the nemesis starting now avoids the {@link #held()} nodes. */
  public boolean avoidingHeld() {
    Starting s = starting;
    return s != null && s.avoidHeld();
  }

  /** Ends what {@link #hold} marked for {@code fault}. */
  public void release(Object fault) {
    held.remove(fault);
  }

  /** The nodes active faults hold: a fault that starts while others are active avoids them. */
  public Set<Node> held() {
    Set<Node> out = new HashSet<>();
    held.values().forEach(out::addAll);
    return out;
  }

  /** Records that the starting fault's nemesis picked {@code node} (see {@link #starting}). */
  public void picked(Node node) {
    Starting s = starting;
    if (s != null) s.picked().add(node);
  }

  /** The role {@code node} plays now. */
  public Role roleOf(Node node) {
    if (node == master) return Role.MASTER;
    return replicasOf(node).isEmpty() ? Role.LEAF : Role.MIDDLE;
  }

  /**
   * Creates the proxies, starts the nodes and waits until every link is up: the master first, then
   * its own replicas once it answers, then each deeper level of a chain or tree once the level
   * above it is up. A replica that asks before its upstream is ready is refused (connection refused
   * by a master still starting; {@code -MASTERDOWN} or {@code -NOMASTERLINK} from a middle replica
   * whose own link is not up) and tries again only on its next replication cron, a second later:
   * started all at once, a chain of three replicas on redis-server 7.0 took 2.4 s to have its links
   * up where a star took 0.4 s, and a star of reference nodes (JVMs whose start-up varies by a
   * tenth of a second) 1.3 to 2.2 s where the master alone first takes about 1 s.
   */
  public void start(Duration linkTimeout) {
    wire();
    long deadline = System.nanoTime() + linkTimeout.toNanos();
    for (List<Node> level : startLevels()) {
      cluster.startAll(level);
      List<Node> replicas = level.stream().filter(n -> n != master).toList();
      awaitLinksUp(
          replicas, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), linkTimeout);
    }
    if (sentinels != null) sentinels.startSentinels(master, replicas().size(), linkTimeout);
  }

  /** The nodes by depth below the master: the master alone, then each depth of replicas. */
  List<List<Node>> startLevels() {
    List<List<Node>> levels = new ArrayList<>();
    levels.add(new ArrayList<>(List.of(master)));
    for (Node n : cluster.nodes()) {
      if (n == master) continue;
      int d = 0;
      for (Node at = n; at != master; at = upstreamOf(at)) d++;
      while (levels.size() <= d) levels.add(new ArrayList<>());
      levels.get(d).add(n);
    }
    return levels;
  }

  /**
   * Creates the proxies and points each replica, through its own {@code repl-nK} proxy, at the
   * upstream the topology names; starts nothing ({@link #start} does it first).
   */
  public void wire() {
    List<Node> nodes = cluster.nodes();
    topology.upstreams(nodes.size()); // a tree that names no upstream for some node fails here
    master = nodes.get(0);
    try {
      clientProxy = toxiproxy.createProxy("clients", listen(), address(master));
      if (sentinels != null) {
        // replicas follow the master's announced address, as Sentinel will tell them to
        sentinels.wire();
        for (int i = 1; i < nodes.size(); i++) {
          Node replica = nodes.get(i);
          upstreams.put(replica.name(), master);
          readProxies.put(
              replica.name(),
              toxiproxy.createProxy("read-" + replica.name(), listen(), address(replica)));
          HostPort hp = sentinels.nodeAddress(master);
          replica.replicaOf(hp.host(), hp.port());
        }
        return;
      }
      for (int i = 1; i < nodes.size(); i++) {
        Node replica = nodes.get(i);
        Node upstream = topology.upstream(nodes, i);
        upstreams.put(replica.name(), upstream);
        Proxy repl = toxiproxy.createProxy("repl-" + replica.name(), listen(), address(upstream));
        replicationProxies.put(replica.name(), repl);
        readProxies.put(
            replica.name(),
            toxiproxy.createProxy("read-" + replica.name(), listen(), address(replica)));
        HostPort hp = HostPort.parse(repl.getListen());
        replica.replicaOf(hp.host(), hp.port());
      }
    } catch (IOException e) {
      throw new ClusterException("cannot create proxies: " + e.getMessage(), e);
    }
  }

  /** Waits, bounded, until every replica reports {@code master_link_status:up}. */
  public void awaitLinksUp(Duration timeout) {
    awaitLinksUp(replicas(), timeout, timeout);
  }

  /** As {@link #awaitLinksUp(Duration)} for {@code replicas}; {@code bound} is what errors name. */
  private void awaitLinksUp(List<Node> replicas, Duration timeout, Duration bound) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> down = new ArrayList<>();
    List<Node> unreachable = new ArrayList<>();
    do {
      down.clear();
      unreachable.clear();
      for (Node r : replicas) {
        try (AdminClient c = admin(r)) {
          if (!"up".equals(c.info("replication").get("master_link_status"))) down.add(r.name());
        } catch (IOException e) {
          down.add(r.name() + " (" + e.getMessage() + ")");
          unreachable.add(r);
        }
      }
      if (down.isEmpty()) return;
      sleep(20); // a first sync over loopback takes tens of ms: the run goes on as soon as it is up
    } while (System.nanoTime() < deadline);
    StringBuilder why = new StringBuilder();
    for (Node r : unreachable) why.append(whyUnreachable(r));
    throw new ClusterException(
        "replication links not up within " + bound.toSeconds() + " s: " + down + why);
  }

  /**
   * What a node that does not answer left behind: whether its process still runs and the last lines
   * of its log, so that a node that died on its own is told apart from one that hangs.
   */
  private String whyUnreachable(Node node) {
    if (!cluster.controlsProcesses()) return "";
    String state = cluster.isRunning(node) ? "its process runs" : "its process is not running";
    return "\n"
        + node.name()
        + ": "
        + state
        + "; last log lines:\n"
        + ProcessCluster.tail(node.logFile(), 15);
  }

  /** Where workload clients connect: the master, through the {@code clients} proxy. */
  public HostPort clientAddress() {
    return HostPort.parse(clientProxy.getListen());
  }

  /** Where readers of one replica connect, through its {@code read-} proxy. */
  public HostPort readAddress(Node replica) {
    return HostPort.parse(readProxies.get(replica.name()).getListen());
  }

  public Proxy clientProxy() {
    return clientProxy;
  }

  public Proxy replicationProxy(Node replica) {
    return replicationProxies.get(replica.name());
  }

  public Proxy readProxy(Node replica) {
    return readProxies.get(replica.name());
  }

  /** Every proxy of this deployment. */
  public List<Proxy> proxies() {
    List<Proxy> all = new ArrayList<>();
    all.add(clientProxy);
    all.addAll(replicationProxies.values());
    all.addAll(readProxies.values());
    if (sentinels != null) all.addAll(sentinels.proxies());
    return all;
  }

  /**
   * Promotes {@code replica} (REPLICAOF NO ONE) and repoints the old master's other replicas at it
   * through their own proxies, and the clients too. The old master becomes a replica of the new
   * one: with PSYNC2 every node should continue with a partial resync. In a tree the promoted
   * node's own replicas stay with it, and replicas of other middle replicas stay with theirs.
   */
  public void failover(Node newMaster) throws IOException {
    failover(newMaster, null);
  }

  /**
   * What a failover does after the other replicas are repointed and before the old master rejoins.
   */
  @FunctionalInterface
  public interface BeforeRejoin {
    void run(Node oldMaster, Node newMaster) throws IOException;
  }

  /**
   * As {@link #failover(Node)}; {@code beforeRejoin} (may be null) runs once every other replica
   * follows the new master and before the old master is repointed, which is where a split-brain
   * write on the old master goes.
   */
  public void failover(Node newMaster, BeforeRejoin beforeRejoin) throws IOException {
    Node old = master;
    // who follows the new master: the old master's direct replicas (read before the swap)
    List<Node> repoint = new ArrayList<>(replicasOf(old));
    try (AdminClient c = admin(newMaster)) {
      c.callText("REPLICAOF", "NO", "ONE");
    }
    master = newMaster;
    newMaster.replicaOf(null, 0);
    upstreams.remove(newMaster.name());
    // The proxies swap roles: the promoted node's replication link now carries the old master's,
    // and its read proxy now serves reads of the old master (a replica from here on).
    Proxy repl = replicationProxies.remove(newMaster.name());
    repl.setUpstream(address(newMaster));
    replicationProxies.put(old.name(), repl);
    Proxy read = readProxies.remove(newMaster.name());
    read.setUpstream(address(old));
    readProxies.put(old.name(), read);
    repoint.remove(newMaster);
    repoint.add(old); // the old master last
    IOException first = null;
    try {
      for (Node n : repoint) {
        try {
          if (n == old && beforeRejoin != null) beforeRejoin.run(old, newMaster);
        } catch (IOException | RuntimeException e) {
          first = first(first, e);
        }
        // whatever the step before it did, every node is repointed, the old master last: a
        // failover that fails half done (a REPLICAOF that timed out on a loaded machine) must not
        // leave a node behind or a second master (the checks would blame the server)
        try {
          follow(n, newMaster);
        } catch (IOException | RuntimeException e) {
          first = first(first, e);
        }
      }
    } finally {
      clientProxy.setUpstream(address(newMaster));
    }
    if (first != null) throw first;
  }

  private static IOException first(IOException kept, Exception e) {
    if (kept != null) {
      kept.addSuppressed(e);
      return kept;
    }
    return e instanceof IOException io ? io : new IOException(e.getMessage(), e);
  }

  /**
   * Sends every node the role this deployment gave it again (REPLICAOF NO ONE to the master,
   * REPLICAOF its upstream's proxy to each replica; a node already there answers OK and does
   * nothing): after a fault that failed half done, so that the topology the checks judge is the one
   * the harness meant. Returns the nodes that could not be told, with why.
   */
  public List<String> reassertTopology() {
    List<String> failed = new ArrayList<>();
    for (Node n : cluster.nodes()) {
      if (!cluster.isRunning(n)) continue;
      try {
        Node up = upstreams.get(n.name());
        if (up != null) {
          follow(n, up);
        } else {
          try (AdminClient c = admin(n)) {
            c.callText("REPLICAOF", "NO", "ONE");
          }
        }
      } catch (IOException | RuntimeException e) {
        failed.add(n.name() + ": " + e.getMessage());
      }
    }
    return failed;
  }

  /** Points {@code n} (through its replication proxy) at {@code newMaster}. */
  private void follow(Node n, Node newMaster) throws IOException {
    Proxy p = replicationProxies.get(n.name());
    p.setUpstream(address(newMaster));
    upstreams.put(n.name(), newMaster);
    HostPort hp = HostPort.parse(p.getListen());
    n.replicaOf(hp.host(), hp.port());
    if (cluster.isRunning(n)) {
      try (AdminClient c = admin(n)) {
        c.callText("REPLICAOF", hp.host(), Integer.toString(hp.port()));
      }
    }
  }

  /** Records what a failover saw of a promotion (IS1: PSYNC2 keeps the old history as replid2). */
  public void recordPromotion(io.replicheck.invariant.Promotion p) {
    promotions.add(p);
  }

  /** Every promotion of this deployment, in order. */
  public List<io.replicheck.invariant.Promotion> promotions() {
    return List.copyOf(promotions);
  }

  /** Records what a failover found about a WAIT-acknowledged write (P4). */
  public void recordWaitProbe(io.replicheck.invariant.WaitAcknowledged probe) {
    waitProbes.add(probe);
  }

  /** Every P4 probe of this deployment, in order. */
  public List<io.replicheck.invariant.WaitAcknowledged> waitProbes() {
    return List.copyOf(waitProbes);
  }

  /** An admin connection straight to the node, bypassing every proxy. */
  public static AdminClient admin(Node node) throws IOException {
    return AdminClient.connect(node.host(), node.port(), ADMIN_TIMEOUT);
  }

  private static String listen() {
    return "127.0.0.1:" + Ports.freePort();
  }

  private static String address(Node n) {
    return n.host() + ":" + n.port();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted");
    }
  }

  /** host:port. */
  public record HostPort(String host, int port) {
    public static HostPort parse(String s) {
      int colon = s.lastIndexOf(':');
      String host = s.substring(0, colon);
      return new HostPort(
          host.isEmpty() || host.equals("[::]") || host.equals("0.0.0.0") ? "127.0.0.1" : host,
          Integer.parseInt(s.substring(colon + 1)));
    }
  }
}
