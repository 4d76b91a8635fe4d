package io.replicheck.server.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Client-side caching scenarios as byte transcripts, the same on any server: clients run steps in
 * order; after each step every client sends a marker (ECHO, or PING in RESP2 subscribed mode) and
 * everything that reached it before the marker's reply is recorded under the step. Client ids are
 * written {@code ID0}, {@code ID1}... so that two servers' transcripts compare byte for byte.
 */
final class TrackingTranscript implements AutoCloseable {
  private final List<RawClient> clients = new ArrayList<>();
  private final List<Long> ids = new ArrayList<>();
  private final boolean[] subscribed;
  private final boolean[] closed;
  private final StringBuilder out = new StringBuilder();
  private int marker;

  TrackingTranscript(int port, int n) throws IOException {
    subscribed = new boolean[n];
    closed = new boolean[n];
    for (int i = 0; i < n; i++) {
      RawClient c = new RawClient(port);
      clients.add(c);
      c.send(cmd("CLIENT", "ID"));
      String line = c.line();
      ids.add(Long.parseLong(line.substring(1).strip()));
    }
  }

  /** Client {@code i} runs a command ({@code ID<n>} in an argument is client n's id). */
  TrackingTranscript step(int i, String... args) throws IOException {
    String[] a = args.clone();
    for (int j = 0; j < a.length; j++) {
      if (a[j].matches("ID\\d")) {
        a[j] = Long.toString(ids.get(a[j].charAt(2) - '0'));
      }
    }
    if (a[0].equalsIgnoreCase("subscribe")) {
      subscribed[i] = true;
    }
    if (a[0].equalsIgnoreCase("hello")) {
      // Its reply names the server and its version: switch protocol, record nothing.
      clients.get(i).send(cmd(a));
      untilMarker(i);
      out.append("> c").append(i).append(' ').append(String.join(" ", args)).append('\n');
      return this;
    }
    if (a[0].equalsIgnoreCase("quit")) {
      clients.get(i).send(cmd(a));
      clients.get(i).line();
      closed[i] = true;
      out.append("> c").append(i).append(" QUIT\n");
      return this;
    }
    out.append("> c").append(i).append(' ').append(String.join(" ", args)).append('\n');
    clients.get(i).send(cmd(a));
    for (int k = 0; k < clients.size(); k++) {
      // The actor first, so that what its command caused is in the others' streams already.
      int c = k == 0 ? i : (k <= i ? k - 1 : k);
      if (closed[c]) {
        continue;
      }
      String got = untilMarker(c);
      if (!got.isEmpty()) {
        out.append("  c").append(c).append(": ").append(normalize(got)).append('\n');
      }
    }
    return this;
  }

  /**
   * Client {@code i} runs a command that blocks: nothing is read from it in this step; the next
   * step reads what unblocking it sent (the reply after the invalidations).
   */
  TrackingTranscript blocking(int i, String... args) throws IOException {
    out.append("> c").append(i).append(' ').append(String.join(" ", args)).append(" (blocks)\n");
    clients.get(i).send(cmd(args));
    readOthers(i, i);
    return this;
  }

  /** Client {@code i} runs INFO: only its tracking_* fields are recorded. */
  TrackingTranscript info(int i) throws IOException {
    clients.get(i).send(cmd("INFO"));
    String got = untilMarker(i);
    out.append("> c").append(i).append(" INFO\n");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("tracking_[a-z_]+:\\d+").matcher(got);
    while (m.find()) {
      out.append("  c").append(i).append(": ").append(m.group()).append('\n');
    }
    readOthers(i, -1);
    return this;
  }

  private void readOthers(int actor, int skip) throws IOException {
    for (int c = 0; c < clients.size(); c++) {
      if (c == actor || c == skip || closed[c]) {
        continue;
      }
      String got = untilMarker(c);
      if (!got.isEmpty()) {
        out.append("  c").append(c).append(": ").append(normalize(got)).append('\n');
      }
    }
  }

  String transcript() {
    return out.toString();
  }

  private String untilMarker(int i) throws IOException {
    String m = "marker-" + marker++;
    RawClient c = clients.get(i);
    c.send(subscribed[i] ? cmd("PING", m) : cmd("ECHO", m));
    String end = m + "\r\n";
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    while (true) {
      String b = c.read(1);
      if (b.isEmpty()) {
        throw new IOException("connection closed before " + m);
      }
      buf.write(b.charAt(0));
      String s = buf.toString(StandardCharsets.ISO_8859_1);
      if (s.endsWith(end)) {
        String reply =
            subscribed[i]
                ? "$4\r\npong\r\n$" + m.length() + "\r\n" + end
                : "$" + m.length() + "\r\n" + end;
        String before = s.substring(0, s.length() - reply.length());
        // RESP2 PING in subscribed mode answers ["pong", m]; RESP3 as a push or an array.
        if (subscribed[i]) {
          before = before.replaceAll("(\\*|>)2\r\n$", "");
        }
        return before;
      }
    }
  }

  private String normalize(String s) {
    for (int k = 0; k < ids.size(); k++) {
      s = s.replace(":" + ids.get(k) + "\r\n", ":ID" + k + "\r\n");
    }
    // Keys dropped at tracking-table-max-keys are picked at random by redis: one name for all.
    s = s.replaceAll("lim:[a-z]", "lim:?");
    return s.replace("\r\n", "\\r\\n");
  }

  static String cmd(String... args) {
    StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      b.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
    }
    return b.toString();
  }

  @Override
  public void close() throws IOException {
    for (RawClient c : clients) {
      c.close();
    }
  }

  /** The scenarios: redirect to a RESP2 subscriber, RESP3 on itself, BCAST, OPTIN, expiry. */
  static String run(int port) throws IOException {
    StringBuilder all = new StringBuilder();
    try (TrackingTranscript t = new TrackingTranscript(port, 3)) {
      t.step(0, "SUBSCRIBE", "__redis__:invalidate")
          .step(1, "CLIENT", "TRACKING", "on", "REDIRECT", "ID0")
          .step(1, "CLIENT", "GETREDIR")
          .step(1, "CLIENT", "TRACKINGINFO")
          .step(1, "GET", "k1")
          .step(1, "MGET", "k2", "k3")
          .step(2, "SET", "k1", "x")
          .step(2, "MSET", "k2", "1", "k3", "2")
          .step(2, "SET", "k2", "again")
          .step(1, "GET", "k1")
          .step(2, "FLUSHALL")
          .step(1, "CLIENT", "TRACKING", "off")
          .step(1, "CLIENT", "TRACKINGINFO");
      all.append(t.transcript());
    }
    try (TrackingTranscript t = new TrackingTranscript(port, 2)) {
      t.step(0, "HELLO", "3")
          .step(0, "CLIENT", "TRACKING", "on")
          .step(0, "GET", "z")
          .step(0, "SET", "z", "1")
          .step(0, "GET", "z")
          .step(1, "DEL", "z")
          .step(0, "GET", "y")
          .step(1, "DEL", "nosuchkey")
          .step(0, "FLUSHDB")
          .step(0, "CLIENT", "TRACKING", "on", "OPTIN")
          .step(0, "CLIENT", "TRACKING", "off")
          .step(0, "CLIENT", "TRACKING", "on", "OPTIN", "NOLOOP")
          .step(0, "GET", "o")
          .step(1, "SET", "o", "1")
          .step(0, "CLIENT", "CACHING", "yes")
          .step(0, "CLIENT", "TRACKINGINFO")
          .step(0, "GET", "o")
          .step(0, "SET", "o", "2")
          .step(0, "GET", "o")
          .step(1, "SET", "o", "3")
          .step(0, "CLIENT", "TRACKING", "on", "BCAST")
          .step(0, "CLIENT", "TRACKING", "off");
      all.append(t.transcript());
    }
    try (TrackingTranscript t = new TrackingTranscript(port, 2)) {
      t.step(0, "HELLO", "3")
          .step(
              0, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "user:", "PREFIX", "obj:", "NOLOOP")
          .step(0, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "user:x")
          .step(0, "CLIENT", "TRACKINGINFO")
          .step(1, "SET", "user:1", "a")
          .step(1, "SET", "other", "a")
          .step(1, "MSET", "obj:2", "b", "user:0", "c")
          .step(0, "SET", "user:2", "own")
          .step(1, "DEBUG", "SET-ACTIVE-EXPIRE", "0")
          .step(1, "SET", "user:e", "v", "PX", "1")
          .step(1, "DEBUG", "SLEEP", "0.05")
          .step(1, "GET", "user:e")
          .step(1, "DEBUG", "SET-ACTIVE-EXPIRE", "1");
      all.append(t.transcript());
    }
    try (TrackingTranscript t = new TrackingTranscript(port, 2)) {
      t.step(0, "HELLO", "3")
          .step(0, "CLIENT", "TRACKING", "on", "PREFIX", "a")
          .step(0, "CLIENT", "TRACKING", "on", "OPTIN", "OPTOUT")
          .step(0, "CLIENT", "TRACKING", "on", "BCAST", "OPTIN")
          .step(0, "CLIENT", "TRACKING", "on", "REDIRECT", "999999")
          .step(0, "CLIENT", "TRACKING", "on", "REDIRECT", "x")
          .step(0, "CLIENT", "TRACKING", "maybe")
          .step(0, "CLIENT", "CACHING", "yes")
          .step(0, "CLIENT", "TRACKING", "on", "REDIRECT", "ID1")
          .step(0, "GET", "r")
          .step(1, "QUIT")
          .step(0, "SET", "r", "1")
          .step(0, "CLIENT", "TRACKINGINFO");
      all.append(t.transcript());
    }
    try (TrackingTranscript t = new TrackingTranscript(port, 2)) {
      // Keys a read names beyond first/last/step (redis's getKeysFromCommand) and the writes
      // that invalidate them.
      t.step(0, "HELLO", "3")
          .step(0, "CLIENT", "TRACKING", "on")
          .step(0, "ZUNION", "2", "z1", "z2")
          .step(0, "ZINTERCARD", "2", "z3", "z4")
          .step(0, "ZDIFF", "2", "z5", "z6")
          .step(0, "SINTERCARD", "2", "s1", "s2", "LIMIT", "x")
          .step(0, "XREAD", "COUNT", "1", "STREAMS", "x1", "x2", "0", "0")
          .step(0, "XREAD", "STREAMS", "x3", "x4", "0")
          .step(0, "ZUNION", "5", "u1", "u2")
          .step(0, "MEMORY", "USAGE", "mu")
          .step(0, "OBJECT", "ENCODING", "oe")
          .step(0, "SORT_RO", "sr")
          .step(0, "PFCOUNT", "p1", "p2")
          .step(0, "EVAL", "return redis.call('get','inner')", "1", "declared")
          .step(0, "EVAL_RO", "return 1", "1", "ro")
          .step(0, "FCALL_RO", "nosuchfunction", "1", "m1")
          .info(0)
          .step(
              1, "MSET", "z1", "1", "z2", "1", "z3", "1", "z4", "1", "z5", "1", "z6", "1", "s1",
              "1", "s2", "1", "x1", "1", "x2", "1", "x3", "1", "x4", "1", "u1", "1", "u2", "1")
          .step(
              1,
              "MSET",
              "mu",
              "1",
              "oe",
              "1",
              "sr",
              "1",
              "p1",
              "1",
              "p2",
              "1",
              "inner",
              "1",
              "declared",
              "1",
              "ro",
              "1",
              "m1",
              "1",
              "m2",
              "1")
          .info(0)
          .blocking(0, "XREAD", "BLOCK", "0", "STREAMS", "xb", "$")
          .step(1, "XADD", "xb", "1-1", "f", "v")
          .step(1, "XADD", "xb", "2-1", "f", "v")
          .step(0, "MGET", "a", "b", "c", "l", "m", "s", "t", "g", "gr", "h")
          .step(1, "SET", "a", "1")
          .step(0, "GET", "a")
          .step(1, "RENAME", "a", "b")
          .step(0, "GET", "b")
          .step(1, "MOVE", "b", "1")
          .step(1, "COPY", "c", "b")
          .step(0, "MGET", "b", "c")
          .step(1, "SET", "c", "1")
          .step(0, "GET", "c")
          .step(1, "COPY", "c", "b")
          .step(1, "RPUSH", "l", "1", "2")
          .step(0, "GET", "l")
          .step(1, "LMOVE", "l", "m", "LEFT", "RIGHT")
          .step(1, "SADD", "s", "1")
          .step(1, "SMOVE", "s", "t", "1")
          .step(1, "GEOADD", "g", "13.36", "38.11", "p")
          .step(1, "GEORADIUS", "g", "15", "37", "200", "km", "STORE", "gr")
          .step(1, "SUNIONSTORE", "h", "t")
          .step(0, "MGET", "e", "f")
          .step(
              1, "EVAL", "redis.call('set',KEYS[1],'1') return redis.call('set','f','2')", "1", "e")
          .step(0, "GET", "q")
          .step(1, "SWAPDB", "0", "1")
          .step(1, "SWAPDB", "0", "1")
          .step(1, "SELECT", "1")
          .step(1, "FLUSHDB")
          .step(1, "SELECT", "0")
          .step(1, "SET", "q", "1")
          .info(0);
      all.append(t.transcript());
    }
    try (TrackingTranscript t = new TrackingTranscript(port, 2)) {
      // tracking-table-max-keys: over it, random keys are dropped before the next command runs.
      t.step(1, "CONFIG", "GET", "tracking-table-max-keys")
          .step(1, "CONFIG", "SET", "tracking-table-max-keys", "x")
          .step(1, "CONFIG", "SET", "tracking-table-max-keys", "-1")
          .step(0, "HELLO", "3")
          .step(0, "CLIENT", "TRACKING", "on")
          .step(1, "CONFIG", "SET", "tracking-table-max-keys", "1")
          .step(0, "GET", "lim:a")
          .step(0, "GET", "lim:b")
          .info(0)
          .step(1, "CONFIG", "SET", "tracking-table-max-keys", "0")
          .step(0, "MGET", "lim:c", "lim:d", "lim:e")
          .info(0)
          .step(1, "CONFIG", "SET", "tracking-table-max-keys", "2")
          .info(0)
          .step(1, "CONFIG", "SET", "tracking-table-max-keys", "1000000")
          .step(1, "MSET", "lim:a", "1", "lim:b", "1", "lim:c", "1", "lim:d", "1", "lim:e", "1")
          .info(0);
      all.append(t.transcript());
    }
    return all.toString();
  }
}
