package io.replicheck.cluster;

import io.replicheck.client.AdminClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Servers someone else runs, given as host:port. The harness cannot kill or pause them, only hurt
 * their links through the proxy; "starting" a node means checking it answers and pointing it at its
 * master with REPLICAOF (on a master, REPLICAOF NO ONE). Loopback addresses only.
 */
public final class ExternalCluster implements Cluster {
  private final List<Node> nodes;

  public ExternalCluster(List<String> addresses, Path dir) {
    List<Node> list = new ArrayList<>();
    int i = 1;
    for (String a : addresses) {
      Deployment.HostPort hp;
      try {
        hp = Deployment.HostPort.parse(a.strip());
      } catch (RuntimeException e) {
        throw new ClusterException("'" + a + "' is not host:port");
      }
      if (!hp.host().equals("127.0.0.1") && !hp.host().equals("localhost")) {
        throw new ClusterException(
            "external nodes must be on loopback (127.0.0.1), not " + hp.host());
      }
      list.add(new Node("n" + i, "127.0.0.1", hp.port(), dir.resolve("nodes").resolve("n" + i)));
      i++;
    }
    if (list.isEmpty()) throw new ClusterException("--nodes names no node");
    this.nodes = List.copyOf(list);
  }

  @Override
  public List<Node> nodes() {
    return nodes;
  }

  @Override
  public String describe() {
    return "external nodes " + nodes;
  }

  @Override
  public void start(Node node) {
    try (AdminClient c = AdminClient.connect(node.host(), node.port(), Duration.ofSeconds(3))) {
      Object pong = c.call("PING");
      if (!"PONG".equals(pong)) throw new ClusterException(node + " answered PING with " + pong);
      if (node.replicaOfHost() == null) {
        c.callText("REPLICAOF", "NO", "ONE");
      } else {
        c.callText("REPLICAOF", node.replicaOfHost(), Integer.toString(node.replicaOfPort()));
      }
    } catch (IOException e) {
      throw new ClusterException("external node " + node + " is unreachable: " + e.getMessage(), e);
    }
  }

  @Override
  public void kill(Node node) {
    throw unsupported("kill");
  }

  @Override
  public void stop(Node node) {
    throw unsupported("stop");
  }

  @Override
  public void stopSaving(Node node) {
    throw unsupported("stop");
  }

  @Override
  public void pause(Node node) {
    throw unsupported("pause");
  }

  @Override
  public void resume(Node node) {
    // nothing was paused
  }

  @Override
  public boolean isRunning(Node node) {
    return true;
  }

  @Override
  public boolean controlsProcesses() {
    return false;
  }

  @Override
  public void close() {
    // not ours to stop
  }

  private static ClusterException unsupported(String what) {
    return new ClusterException(
        "cannot " + what + " external nodes: they take network faults only");
  }
}
