package io.replicheck.invariant;

import java.time.Instant;
import java.util.List;

/**
 * P10: no node fails a command of the replication stream. A master propagates only what it applied,
 * so a command of its stream that fails on a replica (a {@code WRONGTYPE} where the master had a
 * string) means the replica's data was not the master's at that offset: a divergence seen the
 * moment it happens, with the command named, where FS1 sees only what is left at the end. redis 7.0
 * logs each such error ({@code == CRITICAL == This replica is sending an error to its master:
 * '<error>' after processing the command '<command>'}, and the same for a master replying an error
 * to its replica) and counts it in {@code unexpected_error_replies}; the reference server does the
 * same. Read from every node's log, so a process's earlier lives count too.
 */
public final class StreamErrors {
  public static final String ID = "P10";
  public static final String NAME = "no node fails a command of the replication stream";

  private StreamErrors() {}

  /**
   * @param events every node's parsed log events
   * @param logsRead how many node logs were read
   */
  public static InvariantResult check(List<ReplicationLog.Event> events, int logsRead) {
    if (logsRead == 0) {
      return InvariantResult.notExercised(ID, NAME, "no node log could be read");
    }
    List<String> errors =
        events.stream()
            .filter(e -> e.kind() == ReplicationLog.Kind.STREAM_ERROR)
            .map(e -> e.node() + " at " + Instant.ofEpochMilli(e.wallMs()) + ": " + e.text())
            .toList();
    if (errors.isEmpty()) {
      return InvariantResult.valid(
          ID,
          NAME,
          "no node logged an error to its master or its replicas (" + logsRead + " logs read)");
    }
    return InvariantResult.invalid(
        ID, NAME, errors.size() + " stream command(s) failed on a node: " + errors.get(0), errors);
  }
}
