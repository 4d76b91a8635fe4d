package io.replicheck.explore.coverage;

/**
 * What one PSYNC came to, read from a log line, as a feature {@code psync:<role>:<outcome>}. The
 * role is the side that logged it: {@code master} or {@code sub-master} (a replica serving its own
 * replicas, which logs with role S) for the node that decided, {@code replica} for the node that
 * asked. The lines are redis's (replication.c); the reference server writes the same ones.
 */
public final class PsyncOutcomes {
  private PsyncOutcomes() {}

  /**
   * The feature a log message shows, or null when it shows no PSYNC outcome.
   *
   * @param logRole the role mark of the line (M, S, ...)
   * @param message the line's message, after the level mark
   */
  public static String of(String logRole, String message) {
    String upstream = "S".equals(logRole) ? "sub-master" : "master";
    if (message.startsWith("Partial resynchronization request from")
        && message.contains("accepted")) {
      return "psync:" + upstream + ":CONTINUE";
    }
    if (message.startsWith("Partial resynchronization not accepted: Replication ID mismatch")) {
      return "psync:" + upstream + ":FULLRESYNC/id-mismatch";
    }
    if (message.startsWith(
        "Partial resynchronization not accepted: Requested offset for second ID")) {
      return "psync:" + upstream + ":FULLRESYNC/second-id-offset";
    }
    if (message.startsWith("Unable to partial resync with replica")) {
      return "psync:" + upstream + ":FULLRESYNC/no-backlog";
    }
    if (message.startsWith("Full resync requested by replica")) {
      return "psync:" + upstream + ":FULLRESYNC/requested";
    }
    if (message.startsWith("Successful partial resynchronization with master")) {
      return "psync:replica:CONTINUE";
    }
    if (message.startsWith("Master replication ID changed to")) {
      return "psync:replica:CONTINUE/new-replid";
    }
    if (message.startsWith("Full resync from master")) return "psync:replica:FULLRESYNC";
    if (message.startsWith("Master is currently unable to PSYNC")) {
      return "psync:replica:error/try-later";
    }
    if (message.startsWith("Unexpected reply to PSYNC from master")
        || message.startsWith("Master does not support PSYNC")) {
      return "psync:replica:error/sync";
    }
    return null;
  }
}
