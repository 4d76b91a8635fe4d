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
 *
 * <p>Families with {@code sub>} shapes (pub/sub, scripts) use a second connection to each server,
 * the subscriber, RESP2 or RESP3 drawn per sequence: after each command, everything each subscriber
 * received (replies and messages, in order) is compared too. Beside it, {@link #LISTENERS} more
 * subscribers per server (listeners) subscribe at the start of each sequence to channels and
 * patterns drawn from the pools, so PUBLISH counts and deliveries involve several clients; what
 * they receive after each command that may publish is compared the same way. The final state
 * includes the function libraries (FUNCTION LIST WITHCODE); the script cache is flushed per
 * sequence.
 */
public final class DifferentialFuzzer implements AutoCloseable {
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
  private final boolean subscribes;
  private SubscriberConnection ourSub;
  private SubscriberConnection theirSub;

  /**
   * Subscribers besides {@link #ourSub}, which only subscribe: PUBLISH reaches up to this many
   * more.
   */
  static final int LISTENERS = 2;

  /** The subscription shapes a listener draws from (with the pools' values). */
  private static final List<CommandShape> LISTEN =
      List.of(
          CommandShape.parse("SUBSCRIBE channel opt:channel"),
          CommandShape.parse("PSUBSCRIBE chpattern opt:chpattern"),
          CommandShape.parse("SSUBSCRIBE channel"));

  private final List<SubscriberConnection> ourListeners = new ArrayList<>();
  private final List<SubscriberConnection> theirListeners = new ArrayList<>();
  private java.io.PrintStream trace;

  public DifferentialFuzzer(
      AdminClient ours, AdminClient theirs, List<CommandFamily> families, int commandsPerSequence) {
    this.ours = ours;
    this.theirs = theirs;
    this.families = families;
    this.commandsPerSequence = commandsPerSequence;
    this.subscribes =
        families.stream().flatMap(f -> f.shapes().stream()).anyMatch(CommandShape::subscriber);
  }

  /** Closes the subscriber connections (the two admin connections are the caller's). */
  @Override
  public void close() {
    if (ourSub != null) {
      ourSub.close();
    }
    if (theirSub != null) {
      theirSub.close();
    }
    ourListeners.forEach(SubscriberConnection::close);
    theirListeners.forEach(SubscriberConnection::close);
  }

  private static SubscriberConnection subscriberOf(AdminClient c) throws IOException {
    String address = c.address();
    int colon = address.lastIndexOf(':');
    return SubscriberConnection.connect(
        address.substring(0, colon),
        Integer.parseInt(address.substring(colon + 1)),
        java.time.Duration.ofSeconds(30));
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
    both("FUNCTION", "FLUSH");
    both("SCRIPT", "FLUSH");
    if (subscribes) {
      if (ourSub == null) {
        ourSub = subscriberOf(ours);
        theirSub = subscriberOf(theirs);
      }
      boolean resp3 = g.random().nextBoolean();
      for (SubscriberConnection sub : List.of(ourSub, theirSub)) {
        sub.send(List.of(bytes("RESET")));
        if (resp3) {
          sub.send(List.of(bytes("HELLO"), bytes("3")));
        }
        sub.drain(); // RESET's and HELLO's replies (HELLO's names the server: not compared)
      }
    }
    boolean stateExplained = false;
    subActive = false;
    if (subscribes) {
      listen(seed, diffs, counts);
    }
    for (int step = 0; step < commandsPerSequence; step++) {
      CommandShape shape = g.pick(families);
      List<byte[]> cmd = g.draw(shape);
      subActive |= shape.subscriber();
      if (shape.subscriber() || hasDump(cmd)) {
        counts[0]++;
        covered.merge(shape.name(), 1L, Long::sum);
        String[] ab = shape.subscriber() ? onSubscribers(cmd) : restoreAcross(cmd, shape);
        compare(seed, step, cmd, ab[0], ab[1], diffs, counts);
        continue;
      }
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
      if (subActive && mayPublish(cmd)) {
        a += delivered(ourSub) + deliveredToListeners(ourListeners);
        b += delivered(theirSub) + deliveredToListeners(theirListeners);
      }
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
        // once an explained difference may have parted the datasets (stateExplained), what
        // follows in the sequence can differ for the same reason
        if (undefined || errno || stateExplained || KnownDifferences.explains(cmd, a, b)) {
          counts[1]++;
          stateExplained |= undefined || (errno && sort.store());
        } else {
          diffs.add(new Difference(seed, step, show(cmd), a, b));
        }
      }
    }
    if (subActive) {
      // anything delivered since the last command that published
      compare(
          seed,
          commandsPerSequence,
          List.of(bytes("(delivered at the end)")),
          delivered(ourSub) + deliveredToListeners(ourListeners),
          delivered(theirSub) + deliveredToListeners(theirListeners),
          diffs,
          counts);
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

  /**
   * Resets the listeners and subscribes each, on both servers alike, to what a generator of its own
   * (seeded from the sequence's seed, so the sequence's commands stay those of its seed) draws: one
   * to three subscriptions, or none, in RESP2 or RESP3; their replies are compared.
   */
  private void listen(long seed, List<Difference> diffs, long[] counts) throws IOException {
    while (ourListeners.size() < LISTENERS) {
      ourListeners.add(subscriberOf(ours));
      theirListeners.add(subscriberOf(theirs));
    }
    FuzzGenerator lg = new FuzzGenerator(seed * 0x9E3779B97F4A7C15L + 17, 0.05, 0);
    for (int i = 0; i < LISTENERS; i++) {
      SubscriberConnection a = ourListeners.get(i);
      SubscriberConnection b = theirListeners.get(i);
      boolean resp3 = lg.random().nextBoolean();
      for (SubscriberConnection l : List.of(a, b)) {
        l.send(List.of(bytes("RESET")));
        if (resp3) {
          l.send(List.of(bytes("HELLO"), bytes("3")));
        }
        l.drain();
      }
      int subscriptions = lg.random().nextInt(4);
      for (int n = 0; n < subscriptions; n++) {
        List<byte[]> cmd = lg.draw(LISTEN.get(lg.random().nextInt(LISTEN.size())));
        a.send(cmd);
        b.send(cmd);
        compare(
            seed, -1, cmd, canonical(a.drain(), false), canonical(b.drain(), false), diffs, counts);
      }
    }
    // the listeners receive from the first PUBLISH on
    subActive = true;
  }

  /** What the listeners received since the last sync, each named. */
  private static String deliveredToListeners(List<SubscriberConnection> listeners)
      throws IOException {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < listeners.size(); i++) {
      List<String> got = listeners.get(i).drain();
      if (!got.isEmpty()) {
        out.append(" || listener ").append(i + 1).append(": ").append(canonical(got, false));
      }
    }
    return out.toString();
  }

  /** Whether the subscriber was sent a command in this sequence (before that it gets nothing). */
  private boolean subActive;

  /**
   * Commands that can send the subscriber something: PUBLISH, SPUBLISH and what runs a script (the
   * subscriber is drained after these only; anything else would show at the next drain).
   */
  private static boolean mayPublish(List<byte[]> cmd) {
    String name = upper(cmd.get(0));
    return name.endsWith("PUBLISH") || name.startsWith("EVAL") || name.startsWith("FCALL");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private void compare(
      long seed,
      int step,
      List<byte[]> cmd,
      String a,
      String b,
      List<Difference> diffs,
      long[] counts) {
    if (trace != null) {
      trace.println(
          seed + "/" + step + " " + show(cmd) + "\n    ours:   " + a + "\n    theirs: " + b);
    }
    if (a.equals(b)) {
      return;
    }
    if (KnownDifferences.explains(cmd, a, b)) {
      counts[1]++;
    } else {
      diffs.add(new Difference(seed, step, show(cmd), a, b));
    }
  }

  /**
   * Sends a {@code sub>} command on both subscribers; each side's rendering is everything its
   * subscriber received up to the sync PING (the command's replies, and the replies of each channel
   * a SUBSCRIBE names), then what the main connection's sync found.
   */
  private String[] onSubscribers(List<byte[]> cmd) throws IOException {
    ourSub.send(cmd);
    theirSub.send(cmd);
    boolean massUnsubscribe = cmd.size() == 1 && upper(cmd.get(0)).endsWith("UNSUBSCRIBE");
    return new String[] {
      canonical(ourSub.drain(), massUnsubscribe), canonical(theirSub.drain(), massUnsubscribe)
    };
  }

  /** What a subscriber received since the last sync: nothing renders as nothing. */
  private static String delivered(SubscriberConnection sub) throws IOException {
    List<String> got = sub.drain();
    return got.isEmpty() ? "" : " || subscriber: " + canonical(got, false);
  }

  /**
   * The received replies as text, with two orders redis leaves to a dict made canonical: the
   * pmessages one PUBLISH sends a subscriber of several matching patterns (redis walks its pattern
   * dict), and the replies of an UNSUBSCRIBE without arguments (the client's channel dict): those
   * compare their channels and counts each as a sorted list.
   */
  static String canonical(List<String> got, boolean massUnsubscribe) {
    List<String> out = new ArrayList<>(got);
    if (massUnsubscribe) {
      List<String> counts = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (String r : out) {
        int comma = r.lastIndexOf(", :");
        boolean counted = comma >= 0 && r.endsWith("]");
        counts.add(counted ? r.substring(comma + 2, r.length() - 1) : r);
        names.add(counted ? r.substring(0, comma) + "]" : r);
      }
      counts.sort(null);
      names.sort(null);
      return names + " counts " + counts;
    }
    for (int i = 0; i < out.size(); ) {
      int j = i;
      while (j < out.size()
          && isPmessage(out.get(j))
          && tail(out.get(j)).equals(tail(out.get(i)))
          && isPmessage(out.get(i))) {
        j++;
      }
      if (j > i + 1) {
        out.subList(i, j).sort(null);
      }
      i = Math.max(j, i + 1);
    }
    return out.toString();
  }

  private static boolean isPmessage(String r) {
    return r.startsWith("[\"pmessage\", ") || r.startsWith(">[\"pmessage\", ");
  }

  /** A pmessage's channel and message: what stays after its pattern. */
  private static String tail(String pmessage) {
    int at = pmessage.indexOf("\", \"", pmessage.indexOf("\", \"") + 1);
    return at < 0 ? pmessage : pmessage.substring(at);
  }

  private static boolean hasDump(List<byte[]> cmd) {
    for (byte[] a : cmd) {
      if (java.util.Arrays.equals(a, bytes(FuzzGenerator.DUMP_PLACEHOLDER))) {
        return true;
      }
    }
    return false;
  }

  /**
   * FUNCTION RESTORE with the other server's FUNCTION DUMP: each server loads the libraries the
   * other one saved, so both payload formats are read by both (the state comparison then shows
   * whether they loaded the same libraries).
   */
  private String[] restoreAcross(List<byte[]> cmd, CommandShape shape) throws IOException {
    Object ourDump = ours.call("FUNCTION", "DUMP");
    Object theirDump = theirs.call("FUNCTION", "DUMP");
    Object ra = ours.call(withDump(cmd, theirDump));
    Object rb = theirs.call(withDump(cmd, ourDump));
    String a = render(ra, shape.mode());
    String b = render(rb, shape.mode());
    if (subActive) {
      a += delivered(ourSub);
      b += delivered(theirSub);
    }
    return new String[] {a, b};
  }

  private static Object[] withDump(List<byte[]> cmd, Object dump) {
    Object[] args = cmd.toArray();
    for (int i = 0; i < args.length; i++) {
      if (java.util.Arrays.equals(cmd.get(i), bytes(FuzzGenerator.DUMP_PLACEHOLDER))) {
        args[i] = dump instanceof byte[] d ? d : new byte[0];
      }
    }
    return args;
  }

  private static String upper(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
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
    b.append("; functions ")
        .append(render(c.call("FUNCTION", "LIST", "WITHCODE"), ReplyMode.LIBRARIES));
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
    if (mode == ReplyMode.PAYLOAD && reply instanceof byte[] p && p.length > 10 && p[0] == -11) {
      List<String> records = FunctionDump.records(p);
      if (records != null) {
        records.sort(null);
        return "(function payload, libraries " + records + ")";
      }
    }
    if (mode == ReplyMode.LIBRARIES && reply instanceof List<?> libs) {
      List<String> items = new ArrayList<>();
      for (Object lib : libs) {
        if (!(lib instanceof List<?> fields)) {
          items.add(render(lib, ReplyMode.EXACT));
          continue;
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
          boolean functions =
              i > 0
                  && fields.get(i - 1) instanceof byte[] name
                  && "functions".equals(new String(name, StandardCharsets.ISO_8859_1));
          parts.add(render(fields.get(i), functions ? ReplyMode.UNORDERED : ReplyMode.EXACT));
        }
        items.add(parts.toString());
      }
      items.sort(null);
      return items.toString();
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

  static String escape(byte[] b) {
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
