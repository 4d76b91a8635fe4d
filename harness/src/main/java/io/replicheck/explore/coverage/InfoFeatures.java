package io.replicheck.explore.coverage;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The features of a run's INFO readings, node by node in time order: transitions of the state
 * fields ({@code info:<field>:<from>-><to>}), changes of the replication ids ({@code
 * info:master_replid:changed}), counters that moved ({@code moved:<counter>}) and the sizes the
 * replica output buffers reached ({@code moved:client_recent_max_output_buffer:2^k}), and, per
 * node, which state change followed which ({@code order:<a> => <b>}, e.g. {@code
 * order:master_link_status:up->down => role:slave->master}: a node's path through the states, which
 * the single transitions, the same in most runs, do not tell apart). Fed one reading at a time; it
 * keeps only each node's last value of each field and its last state change.
 */
public final class InfoFeatures {
  /** Fields whose every change of value is a feature. */
  public static final List<String> STATES =
      List.of("master_link_status", "master_sync_in_progress", "role", "rdb_bgsave_in_progress");

  /** Fields whose change is a feature, not the values (ids differ in every run). */
  public static final List<String> IDS = List.of("master_replid", "master_replid2");

  /** Counters: a rise between two readings of a node is a feature. */
  public static final List<String> COUNTERS =
      List.of("sync_full", "sync_partial_ok", "sync_partial_err", "evicted_keys", "expired_keys");

  /** A gauge of bytes, bucketed by powers of two. */
  public static final String OUTPUT_BUFFER = "client_recent_max_output_buffer";

  private static final String NULL_REPLID = "0".repeat(40);

  private final Map<String, Map<String, String>> last = new HashMap<>();
  private final Set<String> features = new LinkedHashSet<>();
  private final Map<String, String> lastChange = new HashMap<>();

  /** Takes the next reading; readings of each node must come in time order. */
  public void accept(InfoReading r) {
    Map<String, String> prev = last.get(r.node());
    Map<String, String> now = r.fields();
    String buffer = now.get(OUTPUT_BUFFER);
    long bytes = parse(buffer);
    if (bytes > 0)
      features.add("moved:" + OUTPUT_BUFFER + ":2^" + (63 - Long.numberOfLeadingZeros(bytes)));
    if (prev != null) {
      for (String f : STATES) {
        String a = prev.get(f);
        String b = now.get(f);
        if (a != null && b != null && !a.equals(b)) change(r.node(), f + ":" + a + "->" + b);
      }
      for (String f : IDS) {
        String a = prev.get(f);
        String b = now.get(f);
        if (a != null && b != null && !a.equalsIgnoreCase(b)) {
          // replid2 set from nothing (a promotion) and cleared (a new history) are different events
          String how =
              NULL_REPLID.equals(a) ? "set" : NULL_REPLID.equals(b) ? "cleared" : "changed";
          change(r.node(), f + ":" + how);
        }
      }
    }
    for (String f : COUNTERS) {
      // a node's counters start at 0 with its process, so a first reading above 0 has moved too
      long a = prev == null ? 0 : parse(prev.get(f));
      long b = parse(now.get(f));
      if (a >= 0 && b > a) features.add("moved:" + f);
      // a counter that fell: the node restarted and counts from zero
      if (a >= 0 && b >= 0 && b < a) features.add("info:" + f + ":reset");
    }
    // a field a reading lacks (a node that was not asked, a master without a link) keeps its last
    // value
    last.computeIfAbsent(r.node(), k -> new HashMap<>()).putAll(now);
  }

  /** A state change of {@code node}: its feature, and the pair with the node's change before. */
  private void change(String node, String change) {
    features.add("info:" + change);
    String before = lastChange.put(node, change);
    if (before != null) features.add("order:" + before + " => " + change);
  }

  public Set<String> features() {
    return new LinkedHashSet<>(features);
  }

  private static long parse(String v) {
    if (v == null) return -1;
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
