package io.replicheck.runner;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When P6's settle window may end, decided from a sequence of readings of every node (no sockets,
 * no clock of its own). The window proves two things: no replica resyncs once faults stop, and
 * every replication link is alive in both directions after they stopped. It ends:
 *
 * <ul>
 *   <li>{@link Decision#RESYNC} as soon as a node's {@code sync_full} or {@code sync_partial_ok}
 *       moved since the window's first reading: P6's evidence against the run is complete;
 *   <li>{@link Decision#QUIET} once at least {@link #min} has passed and every link has carried a
 *       full keep-alive round after the window began: the master's offset moved past its offset at
 *       the start (its periodic {@code PING}, or any write, went into the stream), every replica's
 *       offset reached that new offset with its link up, and every node that serves replicas lists
 *       each of them with an acknowledged offset ({@code slaveN:...,offset=}, the replica's {@code
 *       REPLCONF ACK}) at or past it. Both sides of every link then heard from the other after
 *       faults stopped, so no {@code repl-timeout} a fault started can still fire;
 *   <li>{@link Decision#BOUND} at {@link #max} otherwise (a node that does not answer, a link that
 *       stays quiet, a ping period longer than the bound): the window as long as it always was.
 * </ul>
 */
final class SettleWindow {

  /**
   * The shortest window: one replication cron period of redis (a replica that loses its link
   * retries from its once-a-second cron, so a link dropped at the window's start shows its PSYNC
   * inside it) and the time a keep-alive round takes with the defaults ({@code
   * repl-ping-replica-period 1}, an ACK every second).
   */
  static final Duration MIN = Duration.ofSeconds(1);

  /**
   * After a workload's longest time to live has passed since the drive ended, how long the window
   * still waits for the master to expire such keys and send their DELs (its active expiry runs 10
   * times a second): what the fixed 3 s window left after {@code bulk}'s 2 s TTLs.
   */
  static final Duration EXPIRY_MARGIN = Duration.ofSeconds(1);

  /** The longest window: the fixed window every run had before. */
  static final Duration MAX = Duration.ofSeconds(3);

  /** What the window does after a reading. */
  enum Decision {
    WATCH,
    QUIET,
    RESYNC,
    BOUND
  }

  /**
   * One node's reading: INFO replication and stats.
   *
   * @param node node name
   * @param offset master_repl_offset on the master, slave_repl_offset on a replica
   * @param linkUp on a replica, master_link_status:up
   * @param acked the offsets its replicas acknowledged, one per {@code slaveN} line
   */
  record Reading(
      String node,
      long offset,
      boolean linkUp,
      long syncFull,
      long syncPartialOk,
      List<Long> acked) {

    /** From INFO replication and stats merged; missing fields read as -1. */
    static Reading fromInfo(String node, Map<String, String> info) {
      boolean master = "master".equals(info.get("role"));
      List<Long> acked = new java.util.ArrayList<>();
      for (int i = 0; info.containsKey("slave" + i); i++) {
        acked.add(field(info.get("slave" + i), "offset"));
      }
      return new Reading(
          node,
          number(info.get(master ? "master_repl_offset" : "slave_repl_offset")),
          "up".equals(info.get("master_link_status")),
          number(info.get("sync_full")),
          number(info.get("sync_partial_ok")),
          List.copyOf(acked));
    }

    /** The baseline of a window from the sampler's reading (no acknowledged offsets needed). */
    static Reading of(io.replicheck.invariant.ReplicationSample s) {
      return new Reading(
          s.node(), s.offset(), s.linkUp(), s.syncFull(), s.syncPartialOk(), List.of());
    }

    /** {@code key}'s value in a {@code slaveN} line ({@code ip=..,port=..,offset=..}), or -1. */
    static long field(String line, String key) {
      for (String part : line.split(",")) {
        int eq = part.indexOf('=');
        if (eq > 0 && part.substring(0, eq).equals(key)) return number(part.substring(eq + 1));
      }
      return -1;
    }

    private static long number(String s) {
      if (s == null) return -1;
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return -1;
      }
    }
  }

  private final String master;
  private final Map<String, Integer> followers;
  private final long minNanos;
  private final long maxNanos;
  private Map<String, Reading> first;
  private long target = -1;
  private String why = "no reading yet";
  private boolean roundDone;

  /**
   * @param master the master's name
   * @param followers how many replicas replicate directly from each node (a star: the master has
   *     them all; a chain: one each); every other node read is a replica
   */
  SettleWindow(String master, Map<String, Integer> followers, Duration min, Duration max) {
    this.master = master;
    this.followers = Map.copyOf(followers);
    this.minNanos = min.toNanos();
    this.maxNanos = max.toNanos();
  }

  SettleWindow(String master, Map<String, Integer> followers) {
    this(master, followers, MIN, MAX);
  }

  /**
   * Takes one reading of every node that answered, {@code elapsedNanos} after the window began. The
   * first reading is the window's baseline.
   */
  Decision observe(long elapsedNanos, List<Reading> readings) {
    Map<String, Reading> now = new HashMap<>();
    for (Reading r : readings) now.put(r.node(), r);
    if (first == null) {
      first = now;
      why = "baseline";
      return elapsedNanos >= maxNanos ? Decision.BOUND : Decision.WATCH;
    }
    for (Reading r : readings) {
      Reading b = first.get(r.node());
      if (b != null && (b.syncFull() != r.syncFull() || b.syncPartialOk() != r.syncPartialOk())) {
        why = r.node() + " served a resync";
        return Decision.RESYNC;
      }
    }
    roundDone = roundComplete(now);
    if (roundDone && elapsedNanos >= minNanos) return Decision.QUIET;
    return elapsedNanos >= maxNanos ? Decision.BOUND : Decision.WATCH;
  }

  /**
   * Whether the last reading still lacked the keep-alive round, so asking the master for one (a
   * write and {@code WAIT}, {@link Quiescence#askForAcks}) ends the window sooner.
   */
  boolean waitsForRound() {
    return !roundDone;
  }

  /** Why the window ended (or what it still waits for): for the progress line. */
  String why() {
    return why;
  }

  private boolean roundComplete(Map<String, Reading> now) {
    Reading m = now.get(master);
    Reading m0 = first.get(master);
    if (m == null || m0 == null) {
      why = "the master did not answer";
      return false;
    }
    if (followers.keySet().stream().allMatch(master::equals)) {
      why = "no replication link to watch";
      return true;
    }
    if (target < 0 && m.offset() > m0.offset()) target = m.offset();
    if (target < 0) {
      why = "the master's offset has not moved since the window began";
      return false;
    }
    for (String node : followers.keySet()) {
      if (!node.equals(master) && !now.containsKey(node)) {
        why = node + " did not answer";
        return false;
      }
    }
    for (Reading r : now.values()) {
      if (!r.node().equals(master) && (!r.linkUp() || r.offset() < target)) {
        why = r.node() + " has not received offset " + target;
        return false;
      }
      int expected = followers.getOrDefault(r.node(), 0);
      long acked = r.acked().stream().filter(o -> o >= target).count();
      if (r.acked().size() != expected || acked < expected) {
        why = r.node() + "'s replicas have not acknowledged offset " + target;
        return false;
      }
    }
    why = "every link carried a keep-alive round (offset " + target + ") after faults stopped";
    return true;
  }
}
