package io.replicheck.junit;

import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.cluster.SentinelSettings;
import io.replicheck.cluster.SentinelWiring;
import io.replicheck.cluster.Sentinels;
import io.replicheck.nemesis.ActiveFault;
import io.replicheck.nemesis.Nemesis;
import io.replicheck.runner.Quiescence;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * What a test gets: the nodes and their addresses (direct and through the proxy), faults by name,
 * and the checks a run makes at its end (quiesce, datasets equal).
 */
public final class TestCluster {
  private final Deployment deployment;
  private final Random random = new Random(1);

  TestCluster(Deployment deployment) {
    this.deployment = deployment;
  }

  public Deployment deployment() {
    return deployment;
  }

  public Node master() {
    return deployment.master();
  }

  public List<Node> replicas() {
    return deployment.replicas();
  }

  /** Where clients should connect: the master, through the proxy. */
  public Deployment.HostPort clientAddress() {
    return deployment.clientAddress();
  }

  /** An admin connection straight to a node. */
  public AdminClient admin(Node node) throws IOException {
    return Deployment.admin(node);
  }

  /**
   * Starts a fault by nemesis name (see docs/nemeses.md); heal it with {@link ActiveFault#heal()}.
   */
  public ActiveFault fault(String nemesis) throws Exception {
    return Nemesis.named(nemesis).start(deployment, random);
  }

  /**
   * Waits until every replica's link is up and its offset reached the master's; fails with the
   * laggards when {@code bound} runs out.
   */
  public void awaitConvergence(Duration bound) {
    List<String> laggards = Quiescence.await(deployment, bound);
    if (!laggards.isEmpty())
      throw new AssertionError("replicas did not converge within " + bound + ": " + laggards);
  }

  /**
   * The sentinels' addresses as they announce them (through their {@code sentinel-sK} proxies), for
   * a Sentinel-aware client (Lettuce's {@code RedisURI.Builder.sentinel}); empty unless the
   * topology is {@code sentinel}.
   */
  public List<Deployment.HostPort> sentinelAddresses() {
    SentinelWiring w = deployment.sentinels();
    if (w == null) return List.of();
    return w.sentinels().all().stream()
        .map(s -> Deployment.HostPort.parse(w.proxy("sentinel-" + s.name()).getListen()))
        .toList();
  }

  /** The name the sentinels monitor the master under ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}). */
  public String masterName() {
    return SentinelSettings.MASTER_NAME;
  }

  /** The sentinels, their proxies and what they reported; null unless the topology is sentinel. */
  public SentinelWiring sentinels() {
    return deployment.sentinels();
  }

  /**
   * Waits until every sentinel names the same master and that node says it is master, then makes it
   * this cluster's {@link #master()} (the others its replicas); fails with what each sentinel said
   * when {@code bound} runs out. Needs the {@code sentinel} topology.
   */
  public Node awaitSentinelMaster(Duration bound) throws InterruptedException {
    SentinelWiring w = deployment.sentinels();
    if (w == null) throw new IllegalStateException("awaitSentinelMaster needs topology sentinel");
    long deadline = System.nanoTime() + bound.toNanos();
    List<String> said = new ArrayList<>();
    while (true) {
      said.clear();
      Set<Node> named = new HashSet<>();
      for (Sentinels.Sentinel s : w.sentinels().all()) {
        Node m = w.masterAccordingTo(s);
        named.add(m);
        said.add(s.name() + ": " + (m == null ? "no answer" : m.name()));
      }
      if (named.size() == 1 && !named.contains(null)) {
        Node m = named.iterator().next();
        try (AdminClient c = admin(m)) {
          if ("master".equals(c.info("replication").get("role"))) {
            deployment.adoptMaster(m);
            return m;
          }
        } catch (IOException e) {
          said.add(m.name() + ": " + e.getMessage());
        }
      }
      if (System.nanoTime() > deadline)
        throw new AssertionError(
            "the sentinels did not agree on a master within " + bound + ": " + said);
      Thread.sleep(200);
    }
  }

  /** DEBUG DIGEST of a node. */
  public String digest(Node node) throws IOException {
    try (AdminClient c = admin(node)) {
      return c.callText("DEBUG", "DIGEST");
    }
  }
}
