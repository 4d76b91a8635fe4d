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
 */
public record ReplicationSample(
    String node, long time, String role, String replid, long offset, boolean linkUp,
    long syncFull, long syncPartialOk, long syncPartialErr) {

  /** From INFO (replication and stats sections merged); missing fields read as -1 or empty. */
  public static ReplicationSample fromInfo(String node, long time, Map<String, String> info) {
    String role = info.getOrDefault("role", "?");
    long offset = num(info, role.equals("master") ? "master_repl_offset" : "slave_repl_offset");
    return new ReplicationSample(node, time, role, info.getOrDefault("master_replid", ""), offset,
        "up".equals(info.get("master_link_status")),
        num(info, "sync_full"), num(info, "sync_partial_ok"), num(info, "sync_partial_err"));
  }

  private static long num(Map<String, String> info, String field) {
    String v = info.get(field);
    if (v == null) return -1;
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
