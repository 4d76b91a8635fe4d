package io.replicheck.server.replication;

import java.util.Collection;

/**
 * A coordinated failover's state on the master (redis 6.2+'s FAILOVER, after replication.c's
 * failoverCommand and updateFailoverStatus): while {@code waiting-for-sync} client writes are
 * paused and the master waits for the target (or any replica) to acknowledge its whole stream; then
 * it turns itself into a replica of that target ({@code failover-in-progress}) and asks it, with
 * {@code PSYNC <replid> <offset> FAILOVER}, to become the master. A timeout without FORCE, a
 * rejected PSYNC or FAILOVER ABORT roll it back.
 *
 * <p>Pure: no I/O, the clock is passed in. The node carries out what {@link #update} decides.
 */
public final class Failover {
  /** redis's failover_state, named as INFO replication's master_failover_state. */
  public enum State {
    NO_FAILOVER("no-failover"),
    WAIT_FOR_SYNC("waiting-for-sync"),
    IN_PROGRESS("failover-in-progress");

    private final String infoName;

    State(String infoName) {
      this.infoName = infoName;
    }

    public String infoName() {
      return infoName;
    }
  }

  /** What {@link #update} decided. */
  public sealed interface Step {
    /** Nothing to do yet. */
    record Wait() implements Step {}

    /** The target is synced (or the timeout passed with FORCE): become its replica. */
    record FailOver(String host, int port, boolean forced) implements Step {}

    /** Roll back: the failover ends with {@code reason}. */
    record Abort(String reason) implements Step {}
  }

  private static final Step WAIT = new Step.Wait();

  private State state = State.NO_FAILOVER;
  private String targetHost;
  private int targetPort;
  private long endTimeMillis;
  private boolean force;

  public State state() {
    return state;
  }

  public boolean active() {
    return state != State.NO_FAILOVER;
  }

  public boolean inProgress() {
    return state == State.IN_PROGRESS;
  }

  /** The failover has a deadline (redis skips its replica PINGs then, see ReplicationCron). */
  public boolean hasDeadline() {
    return endTimeMillis != 0;
  }

  public String targetHost() {
    return targetHost;
  }

  public int targetPort() {
    return targetPort;
  }

  /**
   * FAILOVER's checks after its arguments parsed, in redis's order, and the start: returns the
   * error text (without the leading dash) or null when the failover now waits for sync.
   *
   * @param host the TO host, or null
   * @param timeoutMillis the TIMEOUT, 0 when none
   */
  public String start(
      String host,
      int port,
      long timeoutMillis,
      boolean force,
      boolean isReplica,
      Collection<ReplicaClient> replicas,
      long now) {
    if (active()) {
      return "ERR FAILOVER already in progress.";
    }
    if (isReplica) {
      return "ERR FAILOVER is not valid when server is a replica.";
    }
    if (replicas.isEmpty()) {
      return "ERR FAILOVER requires connected replicas.";
    }
    if (force && (timeoutMillis == 0 || host == null)) {
      return "ERR FAILOVER with force option requires both a timeout and target HOST and IP.";
    }
    if (host != null) {
      ReplicaClient r = find(replicas, host, port);
      if (r == null) {
        return "ERR FAILOVER target HOST and PORT is not a replica.";
      }
      if (r.state() != ReplicaClientState.ONLINE) {
        return "ERR FAILOVER target replica is not online.";
      }
      targetHost = host;
      targetPort = port;
    }
    endTimeMillis = timeoutMillis > 0 ? now + timeoutMillis : 0;
    this.force = force;
    state = State.WAIT_FOR_SYNC;
    return null;
  }

  /**
   * redis's updateFailoverStatus, run after every event and on the cron: while waiting for sync,
   * aborts or forces at the deadline, else fails over once the target (or, without TO, the first
   * replica) acknowledged {@code masterReplOffset}, which it then takes as its target.
   */
  public Step update(long now, Collection<ReplicaClient> replicas, long masterReplOffset) {
    if (state != State.WAIT_FOR_SYNC) {
      return WAIT;
    }
    if (endTimeMillis != 0 && endTimeMillis <= now) {
      if (force) {
        state = State.IN_PROGRESS;
        return new Step.FailOver(targetHost, targetPort, true);
      }
      return new Step.Abort("Replica never caught up before timeout");
    }
    ReplicaClient synced = null;
    if (targetHost != null) {
      ReplicaClient r = find(replicas, targetHost, targetPort);
      if (r != null && r.ackOffset() == masterReplOffset) {
        synced = r;
      }
    } else {
      for (ReplicaClient r : replicas) {
        if (r.ackOffset() == masterReplOffset) {
          synced = r;
          targetHost = r.ip();
          targetPort = r.listeningPort();
          break;
        }
      }
    }
    if (synced == null) {
      return WAIT;
    }
    state = State.IN_PROGRESS;
    return new Step.FailOver(targetHost, targetPort, false);
  }

  /** Back to no-failover (redis's clearFailoverState; the node unpauses the clients). */
  public void clear() {
    state = State.NO_FAILOVER;
    targetHost = null;
    targetPort = 0;
    endTimeMillis = 0;
    force = false;
  }

  /** redis's findReplica: by announced (or peer) ip, case-insensitively, and listening port. */
  static ReplicaClient find(Collection<ReplicaClient> replicas, String host, int port) {
    for (ReplicaClient r : replicas) {
      if (r.ip() != null && r.ip().equalsIgnoreCase(host) && r.listeningPort() == port) {
        return r;
      }
    }
    return null;
  }
}
