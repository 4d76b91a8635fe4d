package io.replicheck.runner;

import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Node;
import io.replicheck.invariant.FullState;
import io.replicheck.invariant.InvariantResult;
import io.replicheck.workload.PropagationWorkload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads every node's full state for FS5 ({@link FullState}) after quiesce, directly: each db that
 * INFO keyspace names on any node, every key by SCAN with its type, expire time, DUMP payload and
 * canonical value; streams with XINFO and XPENDING; FUNCTION LIST WITHCODE. Bounded: at most
 * {@value #MAX_KEYS} keys a db (the workloads this judges keep a small key space).
 */
final class FullStateReads {
  static final int MAX_KEYS = 20_000;

  /** PTTL-based expire times are compared within this (read at different instants). */
  static final long PTTL_TOLERANCE_MS = 1000;

  private FullStateReads() {}

  /**
   * FS5 for the run: the master against every other node. The master is read first; in a db whose
   * scan stopped at {@link #MAX_KEYS} (a drawn preload of up to 100,000 keys), every node reads the
   * master's keys by name: SCAN's order follows each node's own hash table, so two truncated scans
   * would hold different keys and differ everywhere (explore seed 15015 on redis-server: 59,073
   * false differences).
   */
  static InvariantResult check(RunContext r) throws IOException {
    return compare(r.deployment.master(), r.cluster.nodes(), note(r));
  }

  /** FS5 of {@code masterNode} against the other {@code nodes}; {@code note} ends the reason. */
  static InvariantResult compare(Node masterNode, List<Node> nodes, String note)
      throws IOException {
    TreeSet<Integer> dbs = new TreeSet<>();
    for (Node n : nodes) dbs.addAll(dbsWithKeys(n));
    Map<Integer, List<String>> byName = new TreeMap<>();
    FullState.Node master;
    try {
      master = read(masterNode, dbs, Map.of(), byName);
    } catch (IOException e) {
      return refused(masterNode, e);
    }
    List<FullState.Node> replicas = new ArrayList<>();
    for (Node n : nodes) {
      if (n == masterNode) continue;
      try {
        replicas.add(read(n, dbs, byName, new TreeMap<>()));
      } catch (IOException e) {
        return refused(n, e);
      }
    }
    if (!byName.isEmpty()) {
      List<String> dbsRead = new ArrayList<>();
      byName.forEach(
          (db, keys) ->
              dbsRead.add(
                  "db" + db + ": " + keys.size() + " of " + master.dbSizes().get(db) + " keys"));
      note =
          (note.isEmpty() ? "" : note + "; ")
              + "compared by the master's first keys ("
              + String.join(", ", dbsRead)
              + "; FS1's digest covers all)";
    }
    return FullState.check(master, replicas, PTTL_TOLERANCE_MS, note);
  }

  /**
   * A replica whose link is down under replica-serve-stale-data no (a drawn configuration) refuses
   * reads by design: no evidence, not a run error (explore seed 7001 on redis-server).
   */
  private static InvariantResult refused(Node n, IOException e) throws IOException {
    if (e.getMessage() == null || !e.getMessage().contains("MASTERDOWN")) throw e;
    return InvariantResult.notExercised(
        FullState.ID, FullState.NAME, n.name() + " refused reads: " + e.getMessage());
  }

  /** What the workload left out because the server lacks it. */
  private static String note(RunContext r) {
    if (!(r.plan.workload() instanceof PropagationWorkload w)) return "";
    if (!w.probed()) return "the workload never reached the server's COMMAND INFO";
    return w.leftOut().isEmpty()
        ? "the workload used every command family (COMMAND INFO)"
        : "left out, the server has no " + String.join(", ", w.leftOut()) + " (COMMAND INFO)";
  }

  private static List<Integer> dbsWithKeys(Node n) throws IOException {
    List<Integer> out = new ArrayList<>();
    try (AdminClient c = AdminClient.connect(n.host(), n.port(), CollectPhase.FINAL_READ_TIMEOUT)) {
      for (String field : c.info("keyspace").keySet()) {
        if (field.startsWith("db")) out.add(Integer.parseInt(field.substring(2)));
      }
    }
    return out;
  }

  /**
   * A node's state: in each db of {@code byName} the keys named there, in the others every key by
   * SCAN; a db whose scan stopped at {@link #MAX_KEYS} has its keys put in {@code truncated}.
   */
  static FullState.Node read(
      Node n,
      Iterable<Integer> dbs,
      Map<Integer, List<String>> byName,
      Map<Integer, List<String>> truncated)
      throws IOException {
    try (AdminClient c = AdminClient.connect(n.host(), n.port(), CollectPhase.FINAL_READ_TIMEOUT)) {
      Map<Integer, Map<String, FullState.Key>> out = new TreeMap<>();
      Map<Integer, Long> sizes = new TreeMap<>();
      for (int db : dbs) {
        if (c.call("SELECT", Integer.toString(db)) instanceof AdminClient.RespError) continue;
        Map<String, FullState.Key> keys = new TreeMap<>();
        List<String> names = byName.get(db);
        if (names == null) {
          names = new ArrayList<>();
          if (scan(c, names)) truncated.put(db, names);
        }
        for (String k : names) {
          FullState.Key key = key(c, k);
          if (key != null) keys.put(k, key);
        }
        if (!keys.isEmpty()) out.put(db, keys);
        if (c.call("DBSIZE") instanceof Long size && size > 0) sizes.put(db, size);
      }
      Object libs = c.call("FUNCTION", "LIST", "WITHCODE");
      String functions = libs instanceof List<?> l ? canonical(l) : null;
      return new FullState.Node(n.name(), out, sizes, functions);
    }
  }

  /** Adds the db's keys by SCAN to {@code keys}; true when it stopped at {@link #MAX_KEYS}. */
  private static boolean scan(AdminClient c, List<String> keys) throws IOException {
    String cursor = "0";
    do {
      if (!(c.call("SCAN", cursor, "COUNT", "1000") instanceof List<?> page) || page.size() < 2)
        break;
      cursor = AdminClient.text(page.get(0));
      if (page.get(1) instanceof List<?> found)
        for (Object k : found) keys.add(new String((byte[]) k, StandardCharsets.ISO_8859_1));
    } while (!cursor.equals("0") && keys.size() < MAX_KEYS);
    return !cursor.equals("0");
  }

  /** One key, or null when it is gone (a replica's logically expired keys read as none). */
  private static FullState.Key key(AdminClient c, String k) throws IOException {
    byte[] key = k.getBytes(StandardCharsets.ISO_8859_1);
    String type = AdminClient.text(c.call("TYPE", key));
    if (type.equals("none")) return null;
    long expireAt;
    boolean exact = true;
    Object at = c.call("PEXPIRETIME", key);
    if (at instanceof Long l) {
      expireAt = l < 0 ? -1 : l;
    } else {
      exact = false;
      Object ttl = c.call("PTTL", key);
      expireAt = ttl instanceof Long t && t >= 0 ? System.currentTimeMillis() + t : -1;
    }
    Object dump = c.call("DUMP", key);
    String payload = dump instanceof byte[] b ? HexFormat.of().formatHex(b) : null;
    return new FullState.Key(type, expireAt, exact, payload, value(c, key, type));
  }

  /** The canonical form of a value, read with its type's commands. */
  private static String value(AdminClient c, byte[] key, String type) throws IOException {
    return switch (type) {
      case "string" -> text(c.call("GET", key));
      case "list" -> texts(c.call("LRANGE", key, "0", "-1")).toString();
      case "set" -> new TreeSet<>(texts(c.call("SMEMBERS", key))).toString();
      case "zset" -> texts(c.call("ZRANGE", key, "0", "-1", "WITHSCORES")).toString();
      case "hash" -> FullState.sorted(pairs(texts(c.call("HGETALL", key))));
      case "stream" -> stream(c, key);
      default -> null; // compared by DUMP only
    };
  }

  /**
   * A stream: its entries, ids and counters (XINFO STREAM), each group's ids and pending entries
   * (id, consumer, deliveries; not idle times) and its consumers with their pending counts.
   */
  private static String stream(AdminClient c, byte[] key) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("entries=").append(deep(c.call("XRANGE", key, "-", "+")));
    Map<String, String> info = pairs(texts(c.call("XINFO", "STREAM", key)));
    for (String f : List.of("length", "last-generated-id", "max-deleted-entry-id", "entries-added"))
      if (info.containsKey(f)) b.append(' ').append(f).append('=').append(info.get(f));
    if (c.call("XINFO", "GROUPS", key) instanceof List<?> groups) {
      List<String> gs = new ArrayList<>();
      for (Object g : groups) {
        if (!(g instanceof List<?> fields)) continue;
        Map<String, String> gi = pairs(texts(fields));
        String name = gi.get("name");
        StringBuilder gb = new StringBuilder(name);
        // not entries-read (nor lag): redis 7.0 propagates a group's reads as XCLAIM ... LASTID,
        // which leaves a replica's counter invalid (nil); it is an estimate, not state
        for (String f : List.of("last-delivered-id", "pending"))
          gb.append(' ').append(f).append('=').append(gi.get(f));
        List<String> pending = new ArrayList<>();
        if (c.call("XPENDING", key, name, "-", "+", "100000") instanceof List<?> ps)
          for (Object p : ps)
            if (p instanceof List<?> e && e.size() >= 4)
              pending.add(text(e.get(0)) + "@" + text(e.get(1)) + "x" + text(e.get(3)));
        gb.append(" pel=").append(pending);
        List<String> consumers = new ArrayList<>();
        if (c.call("XINFO", "CONSUMERS", key, name) instanceof List<?> cs)
          for (Object co : cs)
            if (co instanceof List<?> cf) {
              Map<String, String> ci = pairs(texts(cf));
              consumers.add(ci.get("name") + ":" + ci.get("pending"));
            }
        java.util.Collections.sort(consumers);
        gb.append(" consumers=").append(consumers);
        gs.add(gb.toString());
      }
      java.util.Collections.sort(gs);
      b.append(" groups=").append(gs);
    }
    return b.toString();
  }

  private static String canonical(List<?> libraries) {
    List<String> out = new ArrayList<>();
    for (Object lib : libraries) {
      if (lib instanceof List<?> fields) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2)
          m.put(text(fields.get(i)), deep(fields.get(i + 1)));
        out.add(m.toString());
      }
    }
    java.util.Collections.sort(out);
    return out.toString();
  }

  private static Map<String, String> pairs(List<String> flat) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) m.put(flat.get(i), flat.get(i + 1));
    return m;
  }

  private static List<String> texts(Object reply) {
    List<String> out = new ArrayList<>();
    if (reply instanceof List<?> l) for (Object o : l) out.add(deep(o));
    return out;
  }

  /** Any reply as text, nested arrays included. */
  private static String deep(Object o) {
    if (o instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      for (Object e : l) parts.add(deep(e));
      return parts.toString();
    }
    return text(o);
  }

  private static String text(Object o) {
    if (o == null) return "nil";
    if (o instanceof byte[] b) return new String(b, StandardCharsets.ISO_8859_1);
    return String.valueOf(o);
  }
}
