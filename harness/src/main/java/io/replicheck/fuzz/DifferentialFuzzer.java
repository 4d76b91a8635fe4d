package io.replicheck.fuzz;

import io.replicheck.client.AdminClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Runs seeded command sequences against two servers side by side ("ours" and "theirs", the
 * reference) and compares every reply by its shape's {@link ReplyMode}, then each sequence's final
 * DEBUG DIGEST and every key's TYPE and OBJECT ENCODING. A sequence starts with FLUSHALL and draws
 * the sorted-set and set encoding thresholds (redis's defaults or small ones, on both servers).
 */
public final class DifferentialFuzzer {
  /** One difference found. */
  public record Difference(long seed, int step, String command, String ours, String theirs) {
    @Override
    public String toString() {
      return "seed "
          + seed
          + " step "
          + step
          + ": "
          + command
          + "\n    ours:   "
          + ours
          + "\n    theirs: "
          + theirs;
    }
  }

  /** What a run saw. */
  public record Result(
      int sequences,
      long commands,
      TreeMap<String, Long> covered,
      List<Difference> differences,
      long explained) {}

  private final AdminClient ours;
  private final AdminClient theirs;
  private final List<CommandFamily> families;
  private final int commandsPerSequence;
  private java.io.PrintStream trace;

  public DifferentialFuzzer(
      AdminClient ours, AdminClient theirs, List<CommandFamily> families, int commandsPerSequence) {
    this.ours = ours;
    this.theirs = theirs;
    this.families = families;
    this.commandsPerSequence = commandsPerSequence;
  }

  /** Prints every command and both replies to {@code out} (null: quiet). */
  public DifferentialFuzzer trace(java.io.PrintStream out) {
    this.trace = out;
    return this;
  }

  /** Runs sequences with seeds {@code firstSeed .. firstSeed + count - 1}. */
  public Result run(long firstSeed, int count, int maxDifferences) throws IOException {
    TreeMap<String, Long> covered = new TreeMap<>();
    for (CommandFamily f : families) {
      for (CommandShape s : f.shapes()) {
        covered.putIfAbsent(s.name(), 0L);
      }
    }
    List<Difference> diffs = new ArrayList<>();
    long[] counts = new long[2]; // commands, explained
    int done = 0;
    for (long seed = firstSeed; seed < firstSeed + count; seed++) {
      Sequence first = sequence(seed, covered, counts);
      List<Difference> found = first.diffs();
      // A sequence that gave keys a TTL may part by timing alone: the servers run each command
      // at a different moment, so a key expiring in between exists on one only. Such a
      // difference must come back when the sequence runs again, or it is counted as timing.
      for (int again = 0; again < 2 && !found.isEmpty() && first.timed(); again++) {
        Sequence rerun = sequence(seed, new TreeMap<>(), new long[2]);
        if (rerun.diffs().isEmpty()) {
          timing += found.size();
          counts[1] += found.size();
          found = List.of();
        }
      }
      for (Difference d : found) {
        if (diffs.size() < maxDifferences) {
          diffs.add(d);
        }
      }
      done++;
      if (diffs.size() >= maxDifferences) {
        break;
      }
    }
    return new Result(done, counts[0], covered, diffs, counts[1]);
  }

  private long timing;

  /** Differences that did not come back when their sequence (one with TTLs) ran again. */
  public long timingDifferences() {
    return timing;
  }

  /** One sequence's unexplained differences, and whether it set a TTL on some key. */
  private record Sequence(List<Difference> diffs, boolean timed) {}

  private static final java.util.Set<String> TIMED =
      java.util.Set.of(
          "EX",
          "PX",
          "EXAT",
          "PXAT",
          "EXPIRE",
          "PEXPIRE",
          "EXPIREAT",
          "PEXPIREAT",
          "SETEX",
          "PSETEX",
          "GETEX",
          "RESTORE");

  private Sequence sequence(long seed, TreeMap<String, Long> covered, long[] counts)
      throws IOException {
    List<Difference> diffs = new ArrayList<>();
    boolean timed = false;
    FuzzGenerator g = new FuzzGenerator(seed);
    both("SELECT", "0");
    both("FLUSHALL");
    String entries = g.random().nextInt(3) == 0 ? "3" : "128";
    both("CONFIG", "SET", "zset-max-listpack-entries", entries);
    both("CONFIG", "SET", "set-max-intset-entries", g.random().nextBoolean() ? "4" : "512");
    boolean stateExplained = false;
    for (int step = 0; step < commandsPerSequence; step++) {
      CommandShape shape = g.pick(families);
      List<byte[]> cmd = g.draw(shape);
      Object[] args = cmd.toArray();
      for (byte[] arg : cmd) {
        timed |=
            TIMED.contains(new String(arg, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT));
      }
      boolean undefined =
          KnownDifferences.isLexCommand(cmd) && mixedScoreSkiplist(KnownDifferences.lexSource(cmd));
      SortCall sort = SortCall.of(cmd);
      boolean setOrder = sort != null && sort.inSetOrder(theirs);
      boolean emptyScore = sort != null && sort.scoresEmptyString(ours);
      Object ra = ours.call(args);
      Object rb = theirs.call(args);
      String a = setOrder ? sort.renderUnordered(ra) : render(ra, shape.mode());
      String b = setOrder ? sort.renderUnordered(rb) : render(rb, shape.mode());
      counts[0]++;
      // a stored ALPHA sort by a pattern keeps ties in the set's order: the lists may differ
      stateExplained |= setOrder && sort.store();
      if (trace != null) {
        trace.println(
            seed + "/" + step + " " + show(cmd) + "\n    ours:   " + a + "\n    theirs: " + b);
      }
      covered.merge(shape.name(), 1L, Long::sum);
      if (!a.equals(b)) {
        boolean errno =
            sort != null
                && !sort.alpha()
                && (emptyScore && KnownDifferences.isSortScoreError(a, b)
                    || KnownDifferences.isStaleErangeError(a, b));
        if (undefined || errno || KnownDifferences.explains(cmd, a, b)) {
          counts[1]++;
          stateExplained |= undefined || (errno && sort.store());
        } else {
          diffs.add(new Difference(seed, step, show(cmd), a, b));
        }
      }
    }
    both("SELECT", "0");
    String state = state(ours);
    String theirState = state(theirs);
    if (!state.equals(theirState) && stateExplained) {
      counts[1]++;
    } else if (!state.equals(theirState)) {
      diffs.add(new Difference(seed, commandsPerSequence, "(final state)", state, theirState));
    }
    return new Sequence(diffs, timed);
  }

  /** A skiplist (on the reference side, redis) whose members do not all share one score. */
  private boolean mixedScoreSkiplist(byte[] key) throws IOException {
    if (!"skiplist".equals(AdminClient.text(theirs.call("OBJECT", "ENCODING", key)))) {
      return false;
    }
    Object all = theirs.call("ZRANGE", key, "0", "-1", "WITHSCORES");
    TreeSet<String> scores = new TreeSet<>();
    if (all instanceof List<?> l) {
      for (int i = 1; i < l.size(); i += 2) {
        scores.add(AdminClient.text(l.get(i)));
      }
    }
    return scores.size() > 1;
  }

  private void both(Object... args) throws IOException {
    ours.call(args);
    theirs.call(args);
  }

  /** DEBUG DIGEST, then each key of db 0..2 with its TYPE and OBJECT ENCODING. */
  private static String state(AdminClient c) throws IOException {
    StringBuilder b = new StringBuilder("digest " + AdminClient.text(c.call("DEBUG", "DIGEST")));
    for (int db = 0; db < 3; db++) {
      c.call("SELECT", Integer.toString(db));
      Object keys = c.call("KEYS", "*");
      TreeSet<String> sorted = new TreeSet<>();
      if (keys instanceof List<?> l) {
        for (Object k : l) {
          byte[] key = (byte[]) k;
          String type = AdminClient.text(c.call("TYPE", key));
          if (type.equals("none")) {
            continue; // it expired between KEYS and TYPE
          }
          sorted.add(
              "db"
                  + db
                  + " "
                  + new String(key, StandardCharsets.ISO_8859_1)
                  + " "
                  + type
                  + " "
                  + AdminClient.text(c.call("OBJECT", "ENCODING", key)));
        }
      }
      b.append("; ").append(String.join(", ", sorted));
    }
    c.call("SELECT", "0");
    return b.toString();
  }

  /** A reply as text: errors with '-', integers with ':', bulks quoted, arrays in brackets. */
  static String render(Object reply, ReplyMode mode) {
    if (mode == ReplyMode.SHAPE) {
      return reply instanceof AdminClient.RespError e ? "-" + e.message() : "(a reply)";
    }
    if (mode == ReplyMode.PAYLOAD
        && reply instanceof byte[] p
        && p.length > 10
        && (p[0] == 2 || p[0] == 4)) {
      byte[] body = java.util.Arrays.copyOfRange(p, 1, p.length - 10);
      java.util.Arrays.sort(body);
      return "(hash-table payload, type " + p[0] + ", bytes " + escape(body) + ")";
    }
    if (mode == ReplyMode.UNORDERED && reply instanceof List<?> l) {
      List<String> items = new ArrayList<>();
      for (Object o : l) {
        items.add(render(o, ReplyMode.EXACT));
      }
      items.sort(null);
      return items.toString();
    }
    if (reply == null) {
      return "(nil)";
    }
    if (reply instanceof AdminClient.RespError e) {
      return "-" + e.message();
    }
    if (reply instanceof Long n) {
      return ":" + n;
    }
    if (reply instanceof byte[] bytes) {
      return "\"" + escape(bytes) + "\"";
    }
    if (reply instanceof List<?> l) {
      List<String> items = new ArrayList<>();
      for (Object o : l) {
        items.add(render(o, ReplyMode.EXACT));
      }
      return items.toString();
    }
    return String.valueOf(reply);
  }

  static String show(List<byte[]> cmd) {
    List<String> parts = new ArrayList<>();
    for (byte[] b : cmd) {
      String s = escape(b);
      parts.add(s.isEmpty() || s.contains(" ") ? "\"" + s + "\"" : s);
    }
    return String.join(" ", parts);
  }

  private static String escape(byte[] b) {
    if (b.length > 80) {
      return escape(java.util.Arrays.copyOf(b, 20)) + "...(" + b.length + " bytes)";
    }
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      int c = x & 0xff;
      if (c >= 32 && c < 127 && c != '\\' && c != '"') {
        sb.append((char) c);
      } else {
        sb.append(String.format(Locale.ROOT, "\\x%02x", c));
      }
    }
    return sb.toString();
  }
}
