package io.replicheck.server.replication;

/**
 * The master's PSYNC decision as a pure function, after redis's {@code
 * masterTryPartialResynchronization}: continue when the requested id is {@code replid}, or is
 * {@code replid2} and the offset is at most {@code second_replid_offset}, and the offset lies in
 * {@code [first_byte_offset, first_byte_offset + histlen]}; otherwise a full resync.
 */
public final class PsyncDecider {
  private PsyncDecider() {}

  /**
   * Decides for a master with the given ids and backlog (null when it has none).
   *
   * @param requestedReplid the id the replica sent, {@code ?} when it has none
   * @param requestedOffset the offset of the next byte the replica wants
   */
  public static PsyncDecision decide(
      String requestedReplid,
      long requestedOffset,
      ReplicationIds ids,
      ReplicationBacklog backlog,
      BugSwitch bugs) {
    return decide(
        requestedReplid,
        requestedOffset,
        ids.replid(),
        ids.replid2(),
        ids.secondReplidOffset(),
        backlog != null,
        backlog == null ? 0 : backlog.firstByteOffset(),
        backlog == null ? 0 : backlog.histlen(),
        bugs);
  }

  /** The decision over plain values, for exhaustive tests. */
  public static PsyncDecision decide(
      String requestedReplid,
      long requestedOffset,
      String replid,
      String replid2,
      long secondReplidOffset,
      boolean backlogActive,
      long firstByteOffset,
      long histlen,
      BugSwitch bugs) {
    if (requestedReplid.equals("?")) {
      return full(PsyncDecision.Reason.FULL_RESYNC_REQUESTED, "Full resync requested by replica");
    }
    boolean isPrimary = requestedReplid.equalsIgnoreCase(replid);
    boolean isSecondary = requestedReplid.equalsIgnoreCase(replid2);
    if (!isPrimary && !bugs.isOn(InjectedBug.PSYNC_ANY_REPLID)) {
      if (!isSecondary) {
        return full(
            PsyncDecision.Reason.REPLID_MISMATCH,
            "Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '"
                + requestedReplid
                + "', my replication IDs are '"
                + replid
                + "' and '"
                + replid2
                + "')");
      }
      if (requestedOffset > secondReplidOffset) {
        return full(
            PsyncDecision.Reason.SECOND_ID_OFFSET_EXCEEDED,
            "Partial resynchronization not accepted: Requested offset for second ID was "
                + requestedOffset
                + ", but I can reply up to "
                + secondReplidOffset);
      }
    }
    if (!backlogActive) {
      return full(
          PsyncDecision.Reason.NO_BACKLOG,
          "Unable to partial resync with replica for lack of backlog (Replica request was: "
              + requestedOffset
              + ").");
    }
    long end = firstByteOffset + histlen;
    boolean aboveWindow =
        bugs.isOn(InjectedBug.BACKLOG_OFF_BY_ONE) ? requestedOffset >= end : requestedOffset > end;
    if (requestedOffset < firstByteOffset || aboveWindow) {
      return full(
          PsyncDecision.Reason.OFFSET_OUTSIDE_BACKLOG,
          "Unable to partial resync with replica for lack of backlog (Replica request was: "
              + requestedOffset
              + ").");
    }
    return new PsyncDecision(
        PsyncDecision.Outcome.CONTINUE,
        PsyncDecision.Reason.ACCEPTED,
        "Partial resynchronization request accepted. Sending "
            + (end - requestedOffset)
            + " bytes of backlog starting from offset "
            + requestedOffset
            + ".");
  }

  private static PsyncDecision full(PsyncDecision.Reason reason, String message) {
    return new PsyncDecision(PsyncDecision.Outcome.FULLRESYNC, reason, message);
  }
}
