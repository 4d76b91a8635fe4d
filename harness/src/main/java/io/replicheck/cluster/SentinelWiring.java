package io.replicheck.cluster;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Deployment.HostPort;
import io.replicheck.cluster.Sentinels.Sentinel;
import io.replicheck.proxy.client.ChaosProxyClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chaos proxy's links of a Sentinel-managed cluster, and its sentinels. Every link goes through
 * a proxy of its own kind, so a partition can put any set of parties on either side:
 *
 * <ul>
 *   <li>{@code node-nK -> nK}: nK's announced address ({@code replica-announce-ip/port}, and the
 *       address the sentinels monitor the first master at). Sentinels and replicas reach nK only
 *       through it, so what Sentinel learns and hands out (to clients, in REPLICAOF) is proxied.
 *   <li>{@code sentinel-sK -> sK}: sK's announced address ({@code sentinel announce-ip/port});
 *       sentinels reach each other through it (votes, is-master-down-by-addr).
 *   <li>{@code a-nK}, {@code b-nK} {@code -> nK} and {@code a-sK}, {@code b-sK} {@code -> sK}: the
 *       two client groups' own links to every node and every sentinel.
 * </ul>
 *
 * <p>Clients ask a sentinel of their group for the master (SENTINEL GET-MASTER-ADDR-BY-NAME, on
 * every reconnect, as applications do), get a {@code node-} address back and connect to that node
 * through their group's link to it: the harness translates the address, as NAT would.
 */
public final class SentinelWiring implements AutoCloseable {

  /** The two client groups; a partition can place each on either side. */
  public static final List<String> GROUPS = List.of("a", "b");

  private static final Duration ASK_TIMEOUT = Duration.ofMillis(700);

  private final ToxiproxyClient toxiproxy;
  private final ChaosProxyClient chaos;
  private final Cluster cluster;
  private final SentinelSettings settings;
  private final Sentinels sentinels;
  private final Map<String, Integer> nodePorts = new LinkedHashMap<>();
  private final Map<String, Integer> sentinelPorts = new LinkedHashMap<>();
  private final Map<String, Proxy> proxies = new LinkedHashMap<>();
  private final List<Switch> switches = new CopyOnWriteArrayList<>();
  private final List<String> unexpected = new CopyOnWriteArrayList<>();
  private final AtomicInteger askRotation = new AtomicInteger();

  /**
   * One {@code +switch-master} as a sentinel reported it, or (with {@code from} null) a {@code
   * +promoted-slave}: the moment the node took writes as master, a little before the switch.
   */
  public record Switch(long wallMs, String from, String to, String sentinel) {
    public boolean promotion() {
      return from == null;
    }
  }

  /**
   * What a sentinel logged about the master: {@code +sdown}, {@code -sdown} or {@code
   * +try-failover}, at the log line's own time (not when the watch read it).
   */
  public record MasterEvent(String sentinel, String event, long logMs) {}

  /**
   * Whether a failover that happened while a fault forbade one began under that fault, from the
   * sentinels' master events: a {@code +try-failover} logged at or after {@code cutAtMs}, the
   * moment the fault's cut took effect. A failover tried before it (its quorum reached in the
   * aftermath of an earlier fault, the sentinels still acting on a master they saw down) is
   * Sentinel finishing what it began, not a failover the fault allowed. With {@code masterHealthy}
   * (the fault leaves the master reachable: a partition of sentinels), also not when some sentinel
   * still held the master down at the cut: such a sentinel votes as it saw the master before the
   * cut, up to its next PING (a second).
   */
  public static boolean failoverBeganUnder(
      List<MasterEvent> events, long cutAtMs, boolean masterHealthy) {
    boolean tried = false;
    java.util.Map<String, Boolean> down = new java.util.HashMap<>();
    for (MasterEvent e : events) {
      if (e.logMs() < cutAtMs) {
        if (e.event().equals("+sdown")) down.put(e.sentinel(), true);
        if (e.event().equals("-sdown")) down.put(e.sentinel(), false);
      } else if (e.event().equals("+try-failover")) {
        tried = true;
      }
    }
    return tried && !(masterHealthy && down.containsValue(true));
  }

  private final List<MasterEvent> masterEvents = new CopyOnWriteArrayList<>();

  /** Records a master event a sentinel logged ({@link MasterEvent}). */
  public void recordMasterEvent(MasterEvent e) {
    masterEvents.add(e);
  }

  /** The master events logged so far, in the order read. */
  public List<MasterEvent> masterEvents() {
    return List.copyOf(masterEvents);
  }

  /** Where a client connects: the node the sentinels named, through the client group's link. */
  public record Resolved(Node node, HostPort address) {}

  /**
   * @param proxyApi the chaos proxy's API ({@code http://host:port}), for partitions of single
   *     sentinels (this proxy's {@code partition} toxic with a {@code source})
   */
  public SentinelWiring(
      ToxiproxyClient toxiproxy,
      String proxyApi,
      Cluster cluster,
      SentinelSettings settings,
      Path runDir) {
    if (!(cluster instanceof ProcessCluster) && !(cluster instanceof ContainerCluster))
      throw new ClusterException("--topology sentinel runs on the process and container backends");
    this.toxiproxy = toxiproxy;
    this.chaos = new ChaosProxyClient(proxyApi);
    this.cluster = cluster;
    this.settings = settings;
    this.sentinels =
        new Sentinels(runDir, settings.sentinels(), cluster instanceof ContainerCluster);
    for (Node n : cluster.nodes()) nodePorts.put(n.name(), Ports.freePort());
    for (Sentinel s : sentinels.all()) sentinelPorts.put(s.name(), Ports.freePort());
  }

  public SentinelSettings settings() {
    return settings;
  }

  public Sentinels sentinels() {
    return sentinels;
  }

  /** The arguments that make a node announce its proxied address to its master. */
  public List<String> announceArgs(Node n) {
    return List.of(
        "--replica-announce-ip",
        "127.0.0.1",
        "--replica-announce-port",
        Integer.toString(nodePorts.get(n.name())));
  }

  /** nK's announced address, through {@code node-nK}. */
  public HostPort nodeAddress(Node n) {
    return new HostPort("127.0.0.1", nodePorts.get(n.name()));
  }

  /** The node whose announced port this is, or null. */
  public Node nodeAt(int announcedPort) {
    for (Map.Entry<String, Integer> e : nodePorts.entrySet())
      if (e.getValue() == announcedPort) return cluster.node(e.getKey());
    return null;
  }

  /** The sentinel whose announced port this is, or null. */
  public String sentinelAt(int announcedPort) {
    for (Map.Entry<String, Integer> e : sentinelPorts.entrySet())
      if (e.getValue() == announcedPort) return e.getKey();
    return null;
  }

  /** Creates every proxy (before the nodes start: they announce these addresses). */
  public void wire() {
    try {
      for (Node n : cluster.nodes()) {
        add("node-" + n.name(), nodePorts.get(n.name()), n.port());
        for (String g : GROUPS) add(g + "-" + n.name(), Ports.freePort(), n.port());
      }
      for (Sentinel s : sentinels.all()) {
        add("sentinel-" + s.name(), sentinelPorts.get(s.name()), s.port());
        for (String g : GROUPS) add(g + "-" + s.name(), Ports.freePort(), s.port());
      }
    } catch (IOException e) {
      throw new ClusterException(
          "cannot create the sentinel topology's proxies: " + e.getMessage());
    }
  }

  private void add(String name, int listen, int upstreamPort) throws IOException {
    proxies.put(
        name, toxiproxy.createProxy(name, "127.0.0.1:" + listen, "127.0.0.1:" + upstreamPort));
  }

  /** The proxy called {@code name} ({@code node-n1}, {@code a-s2}, ...). */
  public Proxy proxy(String name) {
    Proxy p = proxies.get(name);
    if (p == null) throw new ClusterException("no proxy named " + name);
    return p;
  }

  public List<Proxy> proxies() {
    return List.copyOf(proxies.values());
  }

  /**
   * Cuts the sentinels {@code cut} off from every node and from every other sentinel, both ways,
   * while everyone else keeps every link: on each node's proxy and each other sentinel's, a
   * partition toxic for connections from a cut sentinel's address, and on each cut sentinel's
   * proxy, one for connections from every other sentinel. Open connections hang (their data is
   * held), new ones are closed at once. Returns what heals it.
   */
  public Runnable cutOff(List<Sentinel> cut) throws IOException {
    List<String[]> added = new ArrayList<>(); // proxy, toxic
    Runnable heal =
        () -> {
          for (String[] t : added) {
            try {
              chaos.removeToxic(t[0], t[1]);
            } catch (IOException e) {
              throw new ClusterException("cannot heal " + t[0] + ": " + e.getMessage(), e);
            }
          }
        };
    try {
      for (Sentinel s : cut) {
        for (Node n : cluster.nodes()) added.addAll(cutSource("node-" + n.name(), s));
        for (Sentinel o : sentinels.all()) {
          if (cut.contains(o)) continue;
          added.addAll(cutSource("sentinel-" + o.name(), s));
          added.addAll(cutSource("sentinel-" + s.name(), o));
        }
      }
    } catch (IOException | RuntimeException e) {
      heal.run();
      throw e;
    }
    return heal;
  }

  private List<String[]> cutSource(String proxy, Sentinel from) throws IOException {
    List<String[]> out = new ArrayList<>();
    for (String stream : List.of("upstream", "downstream")) {
      String name = "cut-" + from.name() + "-" + stream;
      chaos.addToxic(
          proxy,
          name,
          "partition",
          stream,
          1.0,
          Map.of("refuse_new", 1L, "source", ipv4(from.source())));
      out.add(new String[] {proxy, name});
    }
    return out;
  }

  /** An IPv4 address as the proxy's {@code source} number. */
  static long ipv4(String address) {
    long n = 0;
    for (String part : address.split("[.]")) n = (n << 8) | Integer.parseInt(part);
    return n;
  }

  /**
   * Writes each sentinel's configuration (monitoring {@code master} at its announced address),
   * starts them all and waits, bounded, until each knows every replica and every other sentinel.
   */
  public void startSentinels(Node master, int replicas, Duration bound) {
    HostPort m = nodeAddress(master);
    for (Sentinel s : sentinels.all()) {
      String name = SentinelSettings.MASTER_NAME;
      sentinels.configure(
          s,
          List.of(
              "port " + s.port(),
              "bind 127.0.0.1",
              "daemonize no",
              "logfile \"\"",
              "dir " + s.dir(),
              // every connection sK makes comes from its own address: partitions of one sentinel
              "bind-source-addr " + s.source(),
              "sentinel announce-ip 127.0.0.1",
              "sentinel announce-port " + sentinelPorts.get(s.name()),
              "sentinel monitor "
                  + name
                  + " "
                  + m.host()
                  + " "
                  + m.port()
                  + " "
                  + settings.quorum(),
              "sentinel down-after-milliseconds " + name + " " + settings.downAfterMs(),
              "sentinel failover-timeout " + name + " " + settings.failoverTimeoutMs(),
              "sentinel parallel-syncs " + name + " 1"));
    }
    for (Sentinel s : sentinels.all()) sentinels.start(s);
    long deadline = System.nanoTime() + bound.toNanos();
    List<String> missing = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      missing.clear();
      for (Sentinel s : sentinels.all()) {
        Map<String, String> f = masterFields(s);
        int slaves = Integer.parseInt(f.getOrDefault("num-slaves", "0"));
        int others = Integer.parseInt(f.getOrDefault("num-other-sentinels", "0"));
        if (slaves < replicas || others < sentinels.all().size() - 1)
          missing.add(s.name() + " knows " + slaves + " replicas, " + others + " other sentinels");
      }
      if (missing.isEmpty()) return;
      sleep(200);
    }
    throw new ClusterException(
        "sentinels did not discover the cluster within " + bound.toSeconds() + " s: " + missing);
  }

  /** SENTINEL MASTER's fields as one sentinel sees them, empty when it does not answer. */
  public static Map<String, String> masterFields(Sentinel s) {
    Map<String, String> out = new LinkedHashMap<>();
    try (AdminClient c = Sentinels.admin(s)) {
      if (c.call("SENTINEL", "MASTER", SentinelSettings.MASTER_NAME) instanceof List<?> l) {
        for (int i = 0; i + 1 < l.size(); i += 2)
          out.put(AdminClient.text(l.get(i)), AdminClient.text(l.get(i + 1)));
      }
    } catch (IOException e) {
      // paused, killed or restarting
    }
    return out;
  }

  /** The master one sentinel names, asked directly, or null when it does not answer. */
  public Node masterAccordingTo(Sentinel s) {
    try (AdminClient c = Sentinels.admin(s)) {
      return masterOf(c);
    } catch (IOException e) {
      return null;
    }
  }

  private Node masterOf(AdminClient c) throws IOException {
    Object reply = c.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", SentinelSettings.MASTER_NAME);
    if (reply instanceof List<?> l && l.size() == 2)
      return nodeAt(Integer.parseInt(AdminClient.text(l.get(1))));
    return null;
  }

  /**
   * The master as a client of {@code group} finds it: the first of its group's sentinels that
   * answers (starting at a rotating one) names it; null when none answers (the client keeps what it
   * knew).
   */
  public Resolved resolveMaster(String group) {
    List<Sentinel> all = sentinels.all();
    int first = Math.floorMod(askRotation.getAndIncrement(), all.size());
    for (int i = 0; i < all.size(); i++) {
      Sentinel s = all.get((first + i) % all.size());
      HostPort at = HostPort.parse(proxy(group + "-" + s.name()).getListen());
      try (AdminClient c = AdminClient.connect(at.host(), at.port(), ASK_TIMEOUT)) {
        Node m = masterOf(c);
        if (m != null) return through(group, m);
      } catch (IOException | RuntimeException e) {
        // cut off, paused or killed: ask the next one
      }
    }
    return null;
  }

  /** Where a client of {@code group} reaches {@code node}. */
  public Resolved through(String group, Node node) {
    return new Resolved(node, HostPort.parse(proxy(group + "-" + node.name()).getListen()));
  }

  /** The group of workload client {@code index} of {@code clients}: the first half is {@code a}. */
  public static String groupOf(int index, int clients) {
    return index < (clients + 1) / 2 ? "a" : "b";
  }

  /** Records a failover that happened where none may (without a quorum of sentinels). */
  public void recordUnexpectedFailover(String what) {
    unexpected.add(what);
  }

  /** Failovers that happened without a quorum, as the nemeses that forbade them saw them. */
  public List<String> unexpectedFailovers() {
    return List.copyOf(unexpected);
  }

  /**
   * Records a {@code +switch-master} or {@code +promoted-slave} a sentinel logged; true when it is
   * a new switch. Every sentinel logs each switch (the leader again after {@code +failover-end},
   * seconds later), so a switch from X to Y already recorded counts again only once X has been made
   * master since.
   */
  public synchronized boolean recordSwitch(Switch s) {
    if (!s.promotion() && !isNew(switches, s)) return false;
    switches.add(s);
    return !s.promotion();
  }

  /** Whether switch {@code s} is not one of {@code seen} logged again (see recordSwitch). */
  static boolean isNew(List<Switch> seen, Switch s) {
    int same = -1;
    int madeMaster = -1;
    for (int i = 0; i < seen.size(); i++) {
      Switch o = seen.get(i);
      if (!o.promotion() && o.from().equals(s.from()) && o.to().equals(s.to())) same = i;
      if (o.to().equals(s.from())) madeMaster = i;
    }
    return same < 0 || madeMaster > same;
  }

  /** Every {@code +switch-master} so far, as logged (each sentinel logs its own). */
  public List<Switch> switches() {
    return switches.stream().filter(s -> !s.promotion()).toList();
  }

  /** The switches and the {@code +promoted-slave}s, in the order logged. */
  public List<Switch> switchesAndPromotions() {
    return List.copyOf(switches);
  }

  @Override
  public void close() {
    sentinels.close();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted");
    }
  }
}
