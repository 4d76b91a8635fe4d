package io.replicheck.server.replication;

/**
 * What the master answers to {@code PSYNC <replid> <offset>}: continue from the backlog or start a
 * full resync, with the reason and the line redis logs for it.
 */
public record PsyncDecision(Outcome outcome, Reason reason, String logMessage) {
  /** The two answers. */
  public enum Outcome {
    /** {@code +CONTINUE <replid>}, then the backlog from the requested offset. */
    CONTINUE,
    /** {@code +FULLRESYNC <replid> <offset>}, then a snapshot. */
    FULLRESYNC
  }

  /** Why. */
  public enum Reason {
    ACCEPTED,
    /** {@code PSYNC ? -1}: the replica has no history and asks for a full sync. */
    FULL_RESYNC_REQUESTED,
    /** The requested id is neither replid nor replid2. */
    REPLID_MISMATCH,
    /** The id is replid2 but the offset lies past second_replid_offset (a diverged history). */
    SECOND_ID_OFFSET_EXCEEDED,
    /** No backlog exists. */
    NO_BACKLOG,
    /** The offset lies outside the backlog's window. */
    OFFSET_OUTSIDE_BACKLOG
  }

  public boolean isContinue() {
    return outcome == Outcome.CONTINUE;
  }

  /** True when redis counts it in sync_partial_err (a failed PSYNC that was not {@code ? -1}). */
  public boolean countsAsPartialError() {
    return outcome == Outcome.FULLRESYNC && reason != Reason.FULL_RESYNC_REQUESTED;
  }
}
