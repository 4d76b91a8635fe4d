package io.replicheck.fuzz;

import io.replicheck.client.AdminClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A SORT or SORT_RO command as the fuzzer reads it, for the two things redis leaves open: the order
 * of a hash-table set that is not sorted (BY a pattern without {@code *}, BY NOSORT), and the score
 * of an empty string (strtod reads none, and redis then checks a stale {@code errno}).
 */
record SortCall(byte[] key, byte[] by, int gets, boolean store, boolean limit, boolean alpha) {

  /** The command parsed loosely (as redis's option loop does); null when it is not a SORT. */
  static SortCall of(List<byte[]> cmd) {
    String name = text(cmd.get(0)).toUpperCase(Locale.ROOT);
    if (!(name.equals("SORT") || name.equals("SORT_RO")) || cmd.size() < 2) {
      return null;
    }
    byte[] by = null;
    int gets = 0;
    boolean store = false;
    boolean limit = false;
    boolean alpha = false;
    for (int i = 2; i < cmd.size(); i++) {
      String a = text(cmd.get(i)).toUpperCase(Locale.ROOT);
      boolean more = i + 1 < cmd.size();
      switch (a) {
        case "ALPHA" -> alpha = true;
        case "BY" -> by = more ? cmd.get(++i) : null;
        case "GET" -> gets += more ? 1 : 0;
        case "STORE" -> store = more;
        case "LIMIT" -> limit = i + 2 < cmd.size();
        default -> {}
      }
    }
    return new SortCall(cmd.get(1), by, gets, store, limit, alpha);
  }

  /** BY a pattern without '*' (NOSORT among them): redis then keeps the container's order. */
  boolean dontSort() {
    return by != null && text(by).indexOf('*') < 0;
  }

  /**
   * Whether redis answers this in a hash-table set's iteration order, which differs per process
   * (redis's dict order; unspecified): an unsorted SORT of a hashtable-encoded set, not stored
   * (STORE sorts it ALPHA, as a script's SORT does), or an ALPHA sort by a pattern (its ties).
   */
  boolean inSetOrder(AdminClient theirs) throws IOException {
    if (!(dontSort() && !store || tiesInSetOrder())) {
      return false;
    }
    String type = AdminClient.text(theirs.call("TYPE", key));
    if (type.equals("zset")) {
      return tiesInSetOrder(); // sorted, a sorted set is read from its dict
    }
    return type.equals("set")
        && "hashtable".equals(AdminClient.text(theirs.call("OBJECT", "ENCODING", key)));
  }

  /**
   * ALPHA BY a pattern: elements whose patterns find equal strings (or none) compare equal and
   * qsort keeps them in the order it was given: a hash-table set's iteration order, or a sorted
   * set's dict order (sort.c reads a sorted set it sorts from its dict).
   */
  boolean tiesInSetOrder() {
    return alpha && by != null && !dontSort();
  }

  /**
   * A reply in set order compared as a set: the GET tuples of each element in any order; with LIMIT
   * (which then cuts an unspecified part) only the number of elements.
   */
  String renderUnordered(Object reply) {
    if (!(reply instanceof List<?> l)) {
      return DifferentialFuzzer.render(reply, ReplyMode.EXACT);
    }
    if (limit) {
      return "(" + l.size() + " elements in set order)";
    }
    int width = Math.max(1, gets);
    List<String> tuples = new ArrayList<>();
    for (int i = 0; i + width <= l.size(); i += width) {
      tuples.add(DifferentialFuzzer.render(l.subList(i, i + width), ReplyMode.EXACT));
    }
    tuples.sort(null);
    return tuples.toString();
  }

  /**
   * Whether a numeric sort of this command scores an empty string (an element, or the string a BY
   * pattern finds), read on {@code c} before the command runs. Redis's strtod reads no digits from
   * it and accepts it unless {@code errno} still holds ERANGE from earlier work of the process, so
   * its answer is 0 or "One or more scores can't be converted into double".
   */
  boolean scoresEmptyString(AdminClient c) throws IOException {
    if (alpha || dontSort()) {
      return false;
    }
    String type = AdminClient.text(c.call("TYPE", key));
    Object members =
        switch (type) {
          case "list" -> c.call("LRANGE", key, "0", "-1");
          case "set" -> c.call("SMEMBERS", key);
          case "zset" -> c.call("ZRANGE", key, "0", "-1");
          default -> null;
        };
    if (!(members instanceof List<?> l)) {
      return false;
    }
    for (Object o : l) {
      byte[] e = (byte[]) o;
      byte[] scored = by == null ? e : lookup(c, e);
      if (scored != null && (scored.length == 0 || scored[0] == 0)) { // strtod reads a C string
        return true;
      }
    }
    return false;
  }

  /** redis's lookupKeyByPattern for a string key: the first '*' replaced by the element. */
  private byte[] lookup(AdminClient c, byte[] element) throws IOException {
    String p = new String(by, StandardCharsets.ISO_8859_1);
    int star = p.indexOf('*');
    String k = p.substring(0, star) + text(element) + p.substring(star + 1);
    int arrow = p.indexOf("->", star + 1);
    Object v;
    if (arrow >= 0 && arrow + 2 < p.length()) {
      String keyPart = p.substring(0, star) + text(element) + p.substring(star + 1, arrow);
      v =
          c.call(
              "HGET",
              keyPart.getBytes(StandardCharsets.ISO_8859_1),
              p.substring(arrow + 2).getBytes(StandardCharsets.ISO_8859_1));
    } else {
      v = c.call("GET", k.getBytes(StandardCharsets.ISO_8859_1));
    }
    return v instanceof byte[] b ? b : null;
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}
