package io.replicheck.runner;

import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Node;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Waits, within a bound, for one of the watched replicas to be in a {@link ReplicationPhase}: reads
 * each one's {@code INFO replication} every few milliseconds (directly, never through a proxy) and
 * answers with the first replica seen in it. A replica that does not answer (killed, paused) is
 * skipped for that round. The decision is {@link ReplicationPhase#test}; the reads come from a
 * {@link Reader}, so the waiting is tested without sockets.
 */
final class PhaseWatch {
  /** How often the watched replicas are read. */
  static final long POLL_MILLIS = 1;

  /** A read's bound: a paused replica holds the round no longer than this. */
  private static final Duration READ_TIMEOUT = Duration.ofMillis(250);

  /** Reads a replica's {@code INFO replication}. */
  interface Reader {
    Map<String, String> replication(Node node) throws IOException;
  }

  /** The replica seen in the phase and how long after the wait began. */
  record Seen(Node node, long afterMillis) {}

  private final Reader reader;
  private final LongSupplier clockMillis;
  private final Runnable pause;

  PhaseWatch(Reader reader, LongSupplier clockMillis, Runnable pause) {
    this.reader = reader;
    this.clockMillis = clockMillis;
    this.pause = pause;
  }

  /**
   * The first of {@code watched} seen in {@code phase} within {@code boundMillis}, or empty when
   * none was (or {@code stopped} turned true first).
   */
  Optional<Seen> await(
      ReplicationPhase phase, List<Node> watched, long boundMillis, BooleanSupplier stopped) {
    long start = clockMillis.getAsLong();
    while (!stopped.getAsBoolean()) {
      for (Node n : watched) {
        Map<String, String> info;
        try {
          info = reader.replication(n);
        } catch (IOException e) {
          continue;
        }
        if (phase.test(info)) return Optional.of(new Seen(n, clockMillis.getAsLong() - start));
      }
      if (clockMillis.getAsLong() - start >= boundMillis) return Optional.empty();
      pause.run();
    }
    return Optional.empty();
  }

  /**
   * Waits on the live nodes, one connection per replica kept for the wait (a read that fails drops
   * its connection; the next round opens another).
   */
  static Optional<Seen> awaitLive(
      ReplicationPhase phase, List<Node> watched, long boundMillis, BooleanSupplier stopped) {
    Map<Node, AdminClient> open = new HashMap<>();
    Reader live =
        n -> {
          AdminClient c = open.get(n);
          if (c == null) {
            c = AdminClient.connect(n.host(), n.port(), READ_TIMEOUT);
            open.put(n, c);
          }
          try {
            return c.info("replication");
          } catch (IOException e) {
            open.remove(n).close();
            throw e;
          }
        };
    try {
      return new PhaseWatch(live, System::currentTimeMillis, () -> Waits.sleep(POLL_MILLIS))
          .await(phase, watched, boundMillis, stopped);
    } finally {
      open.values().forEach(AdminClient::close);
    }
  }
}
