package io.replicheck.invariant;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The replication events a redis-server style log records, parsed from its lines (no I/O): what a
 * replica asked for in PSYNC, what its upstream decided, and when a full sync finished. These lines
 * are redis's own (replication.c) and the reference server writes the same ones, so IS1, IS2 and
 * FS4 can be checked on any server that logs like redis, without a tap on the wire.
 */
public final class ReplicationLog {

  /** What a deciding node did with one PSYNC. */
  public enum Decision {
    CONTINUE,
    ID_MISMATCH,
    SECOND_ID_OFFSET,
    NO_BACKLOG,
    FULL_REQUESTED
  }

  /**
   * One parsed event; fields that a line does not carry are null or -1. {@code text} is the line's
   * message where the kind keeps it ({@link Kind#STREAM_ERROR}).
   */
  public record Event(
      String node,
      long wallMs,
      Kind kind,
      Decision decision,
      int replicaPort,
      String replid,
      long offset,
      String text) {

    public Event(
        String node,
        long wallMs,
        Kind kind,
        Decision decision,
        int replicaPort,
        String replid,
        long offset) {
      this(node, wallMs, kind, decision, replicaPort, replid, offset, null);
    }
  }

  /** The kinds of line this parser understands. */
  public enum Kind {
    /** replica: "Trying a partial resynchronization (request R:O)." */
    PSYNC_REQUEST,
    /** replica: "Partial resynchronization not possible (no cached master)": it sends PSYNC ? -1 */
    PSYNC_NO_HISTORY,
    /** upstream: a CONTINUE or a refusal (full resync) of some replica's PSYNC */
    PSYNC_DECISION,
    /** replica: "Full resync from master: R:O" */
    FULL_RESYNC,
    /** replica: "MASTER <-> REPLICA sync: Finished with success" */
    SYNC_FINISHED,
    /** any node: "MASTER MODE enabled" (REPLICAOF NO ONE): it may take writes of its own */
    MASTER_MODE,
    /** any node: "Server initialized" (a new life of the process) */
    SERVER_STARTED,
    /** any node: "Saving the final RDB snapshot before exiting." (a persisting shutdown) */
    FINAL_SAVE,
    /**
     * a replica's "MASTER timeout: no data nor PING received..." or a master's "Disconnecting
     * timedout replica": a link was silent for repl-timeout
     */
    REPL_TIMEOUT,
    /**
     * any node: "== CRITICAL == This replica is sending an error to its master: ..." (or a master
     * to its replica): a command the other side applied failed here (redis's afterErrorReply)
     */
    STREAM_ERROR
  }

  private static final Pattern LINE =
      Pattern.compile(
          "^\\d+:[A-Z] (\\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}) [.\\-*#] (.*)$");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss.SSS", Locale.ROOT);
  private static final Pattern REQUEST =
      Pattern.compile(
          "^Trying a partial resynchronization \\(request ([0-9a-fA-F]{40}):(-?\\d+)\\)\\.");
  private static final Pattern ASKS =
      Pattern.compile("^Replica [^ ]*:(\\d+) asks for synchronization");
  private static final Pattern ACCEPTED =
      Pattern.compile(
          "^Partial resynchronization request from [^ ]*:(\\d+) accepted\\. Sending \\d+ bytes of backlog starting from offset (-?\\d+)\\.");
  private static final Pattern MISMATCH =
      Pattern.compile(
          "^Partial resynchronization not accepted: Replication ID mismatch \\(Replica asked for '([0-9a-fA-F]{40})'");
  private static final Pattern SECOND_ID =
      Pattern.compile(
          "^Partial resynchronization not accepted: Requested offset for second ID was (-?\\d+)");
  private static final Pattern NO_BACKLOG =
      Pattern.compile(
          "^Unable to partial resync with replica [^ ]*:(\\d+) for lack of backlog \\(Replica request was: (-?\\d+)\\)");
  private static final Pattern FULL_REQUESTED =
      Pattern.compile("^Full resync requested by replica [^ ]*:(\\d+)");
  private static final Pattern FULL_RESYNC =
      Pattern.compile("^Full resync from master: ([0-9a-fA-F]{40}):(-?\\d+)");
  private static final String NO_HISTORY =
      "Partial resynchronization not possible (no cached master)";
  private static final String FINISHED = "MASTER <-> REPLICA sync: Finished with success";
  private static final String MASTER_MODE = "MASTER MODE enabled";
  private static final String STARTED = "Server initialized";
  private static final String FINAL_SAVE = "Saving the final RDB snapshot before exiting";
  private static final String MASTER_TIMEOUT = "MASTER timeout: no data nor PING received";
  private static final String REPLICA_TIMEOUT = "Disconnecting timedout replica";
  private static final String CRITICAL = "== CRITICAL == This ";

  private ReplicationLog() {}

  /**
   * A redis log line's time ({@code 06 Dec 2026 15:30:00.123}, local time in {@code zone}) in epoch
   * milliseconds, or -1 when it is not one.
   */
  public static long epochMillis(String stamp, ZoneId zone) {
    try {
      return LocalDateTime.parse(stamp, TIME).atZone(zone).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return -1;
    }
  }

  /**
   * The events of one node's log, in order. {@code zone} is the zone the server wrote its local
   * times in (the harness's own for processes, UTC in a container built from scratch).
   */
  public static List<Event> parse(String node, List<String> lines, ZoneId zone) {
    List<Event> events = new ArrayList<>();
    int askingPort = -1;
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) continue;
      long ms = epochMillis(m.group(1), zone);
      if (ms < 0) continue;
      String msg = m.group(2);
      Matcher x;
      if ((x = REQUEST.matcher(msg)).find()) {
        events.add(
            new Event(
                node, ms, Kind.PSYNC_REQUEST, null, -1, x.group(1), Long.parseLong(x.group(2))));
      } else if (msg.startsWith(NO_HISTORY)) {
        events.add(new Event(node, ms, Kind.PSYNC_NO_HISTORY, null, -1, "?", -1));
      } else if ((x = ASKS.matcher(msg)).find()) {
        askingPort = Integer.parseInt(x.group(1));
      } else if ((x = ACCEPTED.matcher(msg)).find()) {
        events.add(
            decision(
                node,
                ms,
                Decision.CONTINUE,
                Integer.parseInt(x.group(1)),
                null,
                Long.parseLong(x.group(2))));
      } else if ((x = MISMATCH.matcher(msg)).find()) {
        events.add(decision(node, ms, Decision.ID_MISMATCH, askingPort, x.group(1), -1));
      } else if ((x = SECOND_ID.matcher(msg)).find()) {
        events.add(
            decision(
                node, ms, Decision.SECOND_ID_OFFSET, askingPort, null, Long.parseLong(x.group(1))));
      } else if ((x = NO_BACKLOG.matcher(msg)).find()) {
        events.add(
            decision(
                node,
                ms,
                Decision.NO_BACKLOG,
                Integer.parseInt(x.group(1)),
                null,
                Long.parseLong(x.group(2))));
      } else if ((x = FULL_REQUESTED.matcher(msg)).find()) {
        events.add(
            decision(node, ms, Decision.FULL_REQUESTED, Integer.parseInt(x.group(1)), null, -1));
      } else if ((x = FULL_RESYNC.matcher(msg)).find()) {
        events.add(
            new Event(
                node, ms, Kind.FULL_RESYNC, null, -1, x.group(1), Long.parseLong(x.group(2))));
      } else if (msg.startsWith(FINISHED)) {
        events.add(new Event(node, ms, Kind.SYNC_FINISHED, null, -1, null, -1));
      } else if (msg.startsWith(MASTER_MODE)) {
        events.add(new Event(node, ms, Kind.MASTER_MODE, null, -1, null, -1));
      } else if (msg.startsWith(STARTED)) {
        events.add(new Event(node, ms, Kind.SERVER_STARTED, null, -1, null, -1));
      } else if (msg.startsWith(FINAL_SAVE)) {
        events.add(new Event(node, ms, Kind.FINAL_SAVE, null, -1, null, -1));
      } else if (msg.startsWith(MASTER_TIMEOUT) || msg.startsWith(REPLICA_TIMEOUT)) {
        events.add(new Event(node, ms, Kind.REPL_TIMEOUT, null, -1, null, -1));
      } else if (msg.startsWith(CRITICAL) && msg.contains(" is sending an error to its ")) {
        events.add(new Event(node, ms, Kind.STREAM_ERROR, null, -1, null, -1, msg));
      }
    }
    return events;
  }

  private static Event decision(
      String node, long ms, Decision d, int port, String replid, long offset) {
    return new Event(node, ms, Kind.PSYNC_DECISION, d, port, replid, offset);
  }
}
