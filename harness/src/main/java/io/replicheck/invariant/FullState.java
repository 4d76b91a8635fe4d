package io.replicheck.invariant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * FS5: after quiesce every replica holds the master's full state, key by key, in every db: each
 * key's type, value (the DUMP payload when both nodes give the same one, else a canonical form read
 * with the type's own commands: encodings may differ after a full sync), time to live (the absolute
 * expire time, within a tolerance), every stream's consumer groups, consumers, pending entries and
 * ids, and the function libraries. The script cache may differ (redis does not replicate it).
 * Unlike DEBUG DIGEST it works on servers without one and names what differs: which key, on which
 * node, how.
 */
public final class FullState {
  public static final String ID = "FS5";
  public static final String NAME =
      "every key's type, value and TTL, stream groups and function libraries equal the master's";

  /** At most this many differences are listed. */
  static final int SHOWN = 20;

  /**
   * One key as a node holds it.
   *
   * @param type TYPE's answer
   * @param expireAt the absolute expire time in ms, -1 without one
   * @param exact whether expireAt is the server's own (PEXPIRETIME) or estimated from PTTL
   * @param dump the DUMP payload, or null where the server has none
   * @param value the canonical form (members sorted where order does not matter; streams with their
   *     groups, consumers and pending entries)
   */
  public record Key(String type, long expireAt, boolean exact, String dump, String value) {}

  /**
   * A node's state.
   *
   * @param dbs every db's readable keys
   * @param dbSizes DBSIZE per db (it counts keys a replica still holds past their expiry)
   * @param functions the libraries, canonical (null where FUNCTION LIST is unknown)
   */
  public record Node(
      String node,
      Map<Integer, Map<String, Key>> dbs,
      Map<Integer, Long> dbSizes,
      String functions) {
    public int keys() {
      return dbs.values().stream().mapToInt(Map::size).sum();
    }

    /**
     * Whether the node lists a function library: an empty FUNCTION LIST (canonical {@code []}) is
     * no evidence, or a run whose clients never loaded one would compare nothing and say valid.
     */
    public boolean hasLibraries() {
      return functions != null && !functions.isEmpty() && !functions.equals("[]");
    }
  }

  private FullState() {}

  /**
   * The verdict over the master and its replicas; {@code note} (what the workload left out) is
   * added to the reason.
   */
  public static InvariantResult check(
      Node master, List<Node> replicas, long toleranceMs, String note) {
    String suffix = note == null || note.isEmpty() ? "" : "; " + note;
    if (master == null || replicas.isEmpty()) {
      return InvariantResult.notExercised(ID, NAME, "no replica to compare" + suffix);
    }
    boolean functions = master.hasLibraries();
    if (master.keys() == 0
        && !functions
        && replicas.stream().allMatch(r -> r.keys() == 0 && !r.hasLibraries())) {
      return InvariantResult.notExercised(
          ID, NAME, "no key and no function library on any node" + suffix);
    }
    List<String> diffs = new ArrayList<>();
    int total = 0;
    for (Node r : replicas) total += diff(master, r, toleranceMs, diffs);
    if (diffs.isEmpty()) {
      return InvariantResult.valid(
          ID,
          NAME,
          replicas.size()
              + " replica(s) hold the state of "
              + master.node()
              + ": "
              + master.keys()
              + " key(s) in "
              + master.dbs().size()
              + " db(s)"
              + (functions ? ", function libraries" : "")
              + suffix);
    }
    List<String> evidence = new ArrayList<>(diffs.subList(0, Math.min(SHOWN, diffs.size())));
    if (total > evidence.size()) evidence.add("... " + (total - evidence.size()) + " more");
    return InvariantResult.invalid(
        ID, NAME, total + " difference(s); first: " + diffs.get(0) + suffix, evidence);
  }

  /** Appends the differences of replica {@code r} from the master; returns how many. */
  static int diff(Node m, Node r, long toleranceMs, List<String> out) {
    int found = 0;
    TreeSet<Integer> dbs = new TreeSet<>(m.dbs().keySet());
    dbs.addAll(r.dbs().keySet());
    for (int db : dbs) {
      Map<String, Key> mk = m.dbs().getOrDefault(db, Map.of());
      Map<String, Key> rk = r.dbs().getOrDefault(db, Map.of());
      TreeSet<String> keys = new TreeSet<>(mk.keySet());
      keys.addAll(rk.keySet());
      for (String k : keys) {
        String d = diff(mk.get(k), rk.get(k), toleranceMs, m.node());
        if (d != null && found++ < SHOWN) out.add(r.node() + " db" + db + " key " + k + ": " + d);
      }
      long ms = m.dbSizes().getOrDefault(db, 0L);
      long rs = r.dbSizes().getOrDefault(db, 0L);
      // a replica keeps a key past its expiry until the master's DEL: more keys than it shows
      if (ms != rs && mk.size() == rk.size() && found++ < SHOWN) {
        out.add(
            r.node()
                + " db"
                + db
                + ": DBSIZE "
                + rs
                + " but master "
                + m.node()
                + " has "
                + ms
                + " (keys the replica holds past their expiry, or the master's)");
      }
    }
    if (!Objects.equals(m.functions(), r.functions())
        && m.functions() != null
        && r.functions() != null) {
      if (found++ < SHOWN)
        out.add(
            r.node()
                + " function libraries: "
                + abbreviate(r.functions())
                + " but master "
                + m.node()
                + " has "
                + abbreviate(m.functions()));
    }
    return found;
  }

  /** How replica key {@code r} differs from master key {@code m}, or null when it does not. */
  static String diff(Key m, Key r, long toleranceMs, String master) {
    if (m == null && r == null) return null;
    if (r == null) return "missing, master " + master + " has " + describe(m);
    if (m == null) return "not on master " + master + ", the replica has " + describe(r);
    if (!m.type().equals(r.type()))
      return "type " + r.type() + " but master " + master + " has " + m.type();
    boolean same =
        (m.dump() != null && m.dump().equals(r.dump())) || Objects.equals(m.value(), r.value());
    if (!same) {
      int at = firstDifference(m.value(), r.value());
      return r.type()
          + " "
          + around(r.value(), at)
          + " but master "
          + master
          + " has "
          + around(m.value(), at);
    }
    if ((m.expireAt() < 0) != (r.expireAt() < 0))
      return (r.expireAt() < 0 ? "no TTL" : "expires at " + r.expireAt())
          + " but master "
          + master
          + (m.expireAt() < 0 ? " has no TTL" : " expires it at " + m.expireAt());
    long tolerance = m.exact() && r.exact() ? 0 : toleranceMs;
    if (m.expireAt() >= 0 && Math.abs(m.expireAt() - r.expireAt()) > tolerance)
      return "expires at "
          + r.expireAt()
          + " but master "
          + master
          + " at "
          + m.expireAt()
          + " ("
          + (r.expireAt() - m.expireAt())
          + " ms"
          + (tolerance > 0 ? ", tolerance " + tolerance + " ms)" : ")");
    return null;
  }

  private static String describe(Key k) {
    return k.type() + " " + abbreviate(k.value()) + (k.expireAt() >= 0 ? " with a TTL" : "");
  }

  /** Where two texts first differ (0 when either is null). */
  static int firstDifference(String a, String b) {
    if (a == null || b == null) return 0;
    int i = 0;
    while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) i++;
    return i;
  }

  /** A long text cut to the part around position {@code at}, where it differs from the other. */
  static String around(String s, int at) {
    if (s == null || s.length() <= 120) return s == null ? "null" : s;
    int from = Math.max(0, at - 50);
    int to = Math.min(s.length(), at + 70);
    return (from > 0 ? "..." : "")
        + s.substring(from, to)
        + (to < s.length() ? "... (" + s.length() + " chars)" : "");
  }

  static String abbreviate(String s) {
    if (s == null) return "null";
    return s.length() <= 120 ? s : s.substring(0, 100) + "... (" + s.length() + " chars)";
  }

  /** A map in key order, as text: the canonical form of hashes and stream metadata. */
  public static String sorted(Map<String, String> m) {
    return new TreeMap<>(m).toString();
  }
}
