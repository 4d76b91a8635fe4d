package io.replicheck.nemesis;

import io.replicheck.cluster.Cluster;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.cluster.Role;
import java.util.List;
import java.util.Random;

/**
 * Real signals on a node's process: {@code kill} (SIGKILL, started again on heal), {@code pause}
 * (SIGSTOP, SIGCONT on heal), {@code restart} (graceful stop, started again on heal on the same
 * port and data folder; the cluster waits until it answers). Aimed at a role: pause and restart
 * take any node; kill takes replicas only. A master's restart is a persisting one (SHUTDOWN SAVE,
 * as with {@code save} configured): since redis 7.0 it comes back with its data, replication id and
 * offset, and its replicas must continue (IS1). kill -9 of a master is never drawn: a master loses
 * every write since its last snapshot by design, which would read as lost writes (P3), not a
 * replication bug. A replica's graceful restart is SHUTDOWN NOSAVE: it comes back empty and syncs.
 */
final class ProcessNemesis implements Nemesis {
  private final String name;

  ProcessNemesis(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean needsProcessControl() {
    return true;
  }

  @Override
  public List<Role> roles() {
    return name.equals("kill") ? List.of(Role.MIDDLE, Role.LEAF) : List.of(Role.values());
  }

  @Override
  public ActiveFault start(Deployment d, Random random) {
    return start(d, random, null);
  }

  @Override
  public ActiveFault start(Deployment d, Random random, Role role) {
    Cluster cluster = d.cluster();
    // kill never hits the master, whatever a hand-written schedule asks
    Role aimed = name.equals("kill") && role == Role.MASTER ? null : role;
    Node node = Nemesis.randomNode(d, random, aimed);
    String as = aimed == null ? "" : " (" + d.roleOf(node).label() + ")";
    switch (name) {
      case "kill":
        cluster.kill(node);
        return ActiveFault.of("kill -9 " + node.name() + as, () -> startIfDown(cluster, node));
      case "pause":
        cluster.pause(node);
        return ActiveFault.of("SIGSTOP " + node.name() + as, () -> cluster.resume(node));
      case "restart":
        if (node == d.master()) {
          cluster.stopSaving(node);
          return ActiveFault.of(
              "restart " + node.name() + as + ", SHUTDOWN SAVE", () -> startIfDown(cluster, node));
        }
        cluster.stop(node);
        return ActiveFault.of("restart " + node.name() + as, () -> startIfDown(cluster, node));
      default:
        throw new IllegalStateException(name);
    }
  }

  private static void startIfDown(Cluster cluster, Node node) {
    if (!cluster.isRunning(node)) cluster.start(node);
  }
}
