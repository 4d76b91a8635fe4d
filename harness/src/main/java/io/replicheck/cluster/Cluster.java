package io.replicheck.cluster;

import java.util.List;

/**
 * A set of nodes the harness can start and hurt. Implementations: child processes, containers, or
 * servers someone else runs (which only take network faults).
 */
public interface Cluster extends AutoCloseable {

  List<Node> nodes();

  default Node node(String name) {
    return nodes().stream()
        .filter(n -> n.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new ClusterException("no node named " + name));
  }

  /**
   * The zone node logs write their local times in: the harness's own for processes it starts (UTC
   * for containers built from scratch, which have no zone data).
   */
  default java.time.ZoneId logZone() {
    return java.time.ZoneId.systemDefault();
  }

  /** What runs on the nodes, for reports. */
  String describe();

  /** Starts the node (again, after a kill or stop) and waits, bounded, until it answers PING. */
  void start(Node node);

  /**
   * Starts every node of {@code nodes} and waits, bounded, until each answers PING; a cluster that
   * can launch several at once (processes) does, so a run waits for the slowest node, not the sum.
   */
  default void startAll(java.util.List<Node> nodes) {
    for (Node n : nodes) start(n);
  }

  /** SIGKILL: no chance to save or say goodbye. */
  void kill(Node node);

  /** A graceful stop (SHUTDOWN NOSAVE, then SIGTERM, then SIGKILL if it lingers). */
  void stop(Node node);

  /**
   * A graceful stop that persists: SHUTDOWN SAVE, what SIGTERM or SHUTDOWN does on a node with
   * {@code save} configured (a master waits up to {@code shutdown-timeout} for lagging replicas
   * first). Since redis 7.0 the RDB keeps a master's replication id and offset, so started again
   * from its data folder it is the same master and its replicas continue.
   */
  void stopSaving(Node node);

  /** SIGSTOP: the process keeps its sockets but answers nothing. */
  void pause(Node node);

  /** SIGCONT after {@link #pause}. */
  void resume(Node node);

  boolean isRunning(Node node);

  /**
   * Every node process that ended on its own so far ({@link NodeExit}): one the harness held
   * running, not killed or stopped, found dead. Empty for clusters that cannot see their nodes'
   * processes ({@link #controlsProcesses()} false).
   */
  default List<NodeExit> unexpectedExits() {
    return List.of();
  }

  /** True when this cluster can kill, pause and restart processes (not for external nodes). */
  default boolean controlsProcesses() {
    return true;
  }

  /** Stops every node and releases everything this cluster started. Never throws. */
  @Override
  void close();
}
