package io.replicheck.junit;

import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.nemesis.ActiveFault;
import io.replicheck.nemesis.Nemesis;
import io.replicheck.runner.Quiescence;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;

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

  /** DEBUG DIGEST of a node. */
  public String digest(Node node) throws IOException {
    try (AdminClient c = admin(node)) {
      return c.callText("DEBUG", "DIGEST");
    }
  }
}
