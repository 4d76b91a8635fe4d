package io.replicheck.invariant;

import java.util.Map;

/**
 * One reading of a node's INFO replication and stats, taken during a run.
 *
 * @param node node name
 * @param time nanoseconds since the run began
 * @param role master or slave
 * @param replid master_replid
 * @param offset the node's replication offset (master_repl_offset; on a replica, slave_repl_offset)
 * @param linkUp on a replica, master_link_status:up
 * @param syncFull stats sync_full (masters count full syncs they served)
 * @param syncPartialOk stats sync_partial_ok
 * @param syncPartialErr stats sync_partial_err
 * @param backlog what the node's PSYNC decisions depend on (IS1, IS2), or null when unread
 * @param info the other INFO fields coverage follows ({@link #INFO_FIELDS}), as read; empty when
 *     unread
 */
public record ReplicationSample(
    String node,
    long time,
    String role,
    String replid,
    long offset,
    boolean linkUp,
    long syncFull,
    long syncPartialOk,
    long syncPartialErr,
    Backlog backlog,
    @com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        Map<String, String> info) {

  /**
   * INFO fields kept in {@link #info} (the sections replication, stats, persistence and clients):
   * states and counters whose changes are coverage features, written to samples.jsonl as {@code
   * "info":{...}}.
   */
  public static final java.util.List<String> INFO_FIELDS =
      java.util.List.of(
          "master_sync_in_progress",
          "rdb_bgsave_in_progress",
          "client_recent_max_output_buffer",
          "evicted_keys",
          "expired_keys");

  public ReplicationSample {
    info =
        info == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(info));
  }

  /** A sample without the other INFO fields. */
  public ReplicationSample(
      String node,
      long time,
      String role,
      String replid,
      long offset,
      boolean linkUp,
      long syncFull,
      long syncPartialOk,
      long syncPartialErr,
      Backlog backlog) {
    this(
        node,
        time,
        role,
        replid,
        offset,
        linkUp,
        syncFull,
        syncPartialOk,
        syncPartialErr,
        backlog,
        Map.of());
  }

  /**
   * The PSYNC-relevant state of a node at one wall-clock instant somewhere in [fromMs, toMs] (the
   * INFO request went out at fromMs, its reply came at toMs): its ids, its own stream offset
   * (master_repl_offset, also on a replica) and its backlog window [firstByte, firstByte+histlen].
   */
  public record Backlog(
      long fromMs,
      long toMs,
      String replid,
      String replid2,
      long secondReplOffset,
      long masterReplOffset,
      boolean active,
      long firstByte,
      long histlen) {

    /** True when a PSYNC for (replid, offset) may be served from this state (redis's rule). */
    public boolean canContinue(String requestReplid, long requestOffset) {
      boolean idOk =
          requestReplid.equalsIgnoreCase(replid)
              || (requestReplid.equalsIgnoreCase(replid2) && requestOffset <= secondReplOffset);
      return idOk && active && requestOffset >= firstByte && requestOffset <= firstByte + histlen;
    }
  }

  /** From INFO (replication and stats sections merged); missing fields read as -1 or empty. */
  public static ReplicationSample fromInfo(String node, long time, Map<String, String> info) {
    long now = System.currentTimeMillis();
    return fromInfo(node, time, now, now, info);
  }

  /**
   * As {@link #fromInfo(String, long, Map)}, INFO replication read between wall-clock fromMs and
   * toMs.
   */
  public static ReplicationSample fromInfo(
      String node, long time, long fromMs, long toMs, Map<String, String> info) {
    String role = info.getOrDefault("role", "?");
    long offset =
        infoLong(info, role.equals("master") ? "master_repl_offset" : "slave_repl_offset");
    String replid = info.getOrDefault("master_replid", "");
    Backlog backlog =
        info.containsKey("repl_backlog_first_byte_offset")
            ? new Backlog(
                fromMs,
                toMs,
                replid,
                info.getOrDefault("master_replid2", ""),
                infoLong(info, "second_repl_offset"),
                infoLong(info, "master_repl_offset"),
                infoLong(info, "repl_backlog_active") == 1,
                infoLong(info, "repl_backlog_first_byte_offset"),
                infoLong(info, "repl_backlog_histlen"))
            : null;
    return new ReplicationSample(
        node,
        time,
        role,
        replid,
        offset,
        "up".equals(info.get("master_link_status")),
        infoLong(info, "sync_full"),
        infoLong(info, "sync_partial_ok"),
        infoLong(info, "sync_partial_err"),
        backlog,
        others(info));
  }

  private static Map<String, String> others(Map<String, String> info) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (String f : INFO_FIELDS) {
      String v = info.get(f);
      if (v != null) out.put(f, v.strip());
    }
    return out;
  }

  /** An INFO field as a number: -1 when it is missing or not a number. */
  public static long infoLong(Map<String, String> info, String field) {
    String v = info.get(field);
    if (v == null) return -1;
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
