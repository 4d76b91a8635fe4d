package io.replicheck.nemesis;

import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import java.io.IOException;

/**
 * What a partition checks about expiry: a key with a short TTL reaches the replica, the link is
 * cut, and the master PERSISTs the key before its TTL ends. The replica's clock passes the TTL
 * while it is cut off, but a replica never expires a key on its own (it waits for the master's
 * DEL), so after heal the PERSIST arrives and both keep the key. A replica that deleted it on its
 * own clock has lost a key its master kept: FS1. The key stays, so the final check sees it.
 */
final class ExpiryProbe {
  static final String PREFIX = "replicheck:expiry-probe:";

  /** Shorter than the shortest partition, so the replica's clock passes it while cut off. */
  static final long TTL_MS = 500;

  /** The PERSIST must reach the master well before the TTL ends; later, the probe is given up. */
  private static final long ARM_BOUND_MS = 200;

  /**
   * The probe's db: 1, which generated schedules also use, so that in a db-1 run the probe adds no
   * SELECT to the stream (a SELECT 0 around it would hide a replica that forgets the stream's db
   * after a partial resync); when the master is otherwise idle, the PERSIST is the first write
   * after the resync and itself needs the stream's SELECT 1 to have survived.
   */
  static final String DB = "1";

  private final Node master;
  private final String key;
  private final long setAtNanos;

  private ExpiryProbe(Node master, String key, long setAtNanos) {
    this.master = master;
    this.key = key;
    this.setAtNanos = setAtNanos;
  }

  /**
   * Writes the key on the master and waits (bounded) until {@code replica} has it; null when it
   * does not arrive in time (the key then simply expires everywhere, through the master's DEL).
   */
  static ExpiryProbe arm(Deployment d, Node replica) throws IOException {
    Node master = d.master();
    long at = System.nanoTime();
    String key = PREFIX + at;
    try (AdminClient m = Deployment.admin(master)) {
      if (m.call("SELECT", DB) instanceof AdminClient.RespError)
        return null; // a server with one db
      m.callText(
          "SET",
          key,
          "persisted while " + replica.name() + " was cut off",
          "PX",
          Long.toString(TTL_MS));
    } catch (IOException unanswered) {
      return null; // a master another fault stopped: no probe (the key, if set, just expires)
    }
    // bounded by the arm's own bound: a replica another fault stopped (faults may overlap) does
    // not answer, and the partition then goes ahead without a probe
    try (AdminClient r =
        AdminClient.connect(
            replica.host(), replica.port(), java.time.Duration.ofMillis(ARM_BOUND_MS))) {
      r.callText("SELECT", DB);
      while (millisSince(at) < ARM_BOUND_MS) {
        if (r.call("GET", key) != null) return new ExpiryProbe(master, key, at);
        sleep(2);
      }
    } catch (IOException unanswered) {
      // given up, as when the key does not arrive in time
    }
    return null;
  }

  /**
   * PERSISTs the key on the master, if its TTL is still far enough from ending; true when it did.
   */
  boolean persist() throws IOException {
    if (millisSince(setAtNanos) >= TTL_MS - 100) return false;
    try (AdminClient m = Deployment.admin(master)) {
      m.callText("SELECT", DB);
      return Long.valueOf(1).equals(m.call("PERSIST", key));
    }
  }

  String key() {
    return key;
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
