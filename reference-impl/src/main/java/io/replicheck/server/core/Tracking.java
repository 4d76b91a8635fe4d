package io.replicheck.server.core;

import io.replicheck.server.resp.ReplySink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Client-side caching (redis 7.0's tracking.c): each tracking client's mode, the table of keys read
 * by tracking clients (key to client ids, across dbs as in redis), the prefixes of BCAST clients
 * with the keys modified under them since the last broadcast, and the invalidation messages: RESP3
 * {@code >2 invalidate [keys]} pushes, or for a RESP2 client redirecting to a subscriber of {@code
 * __redis__:invalidate}, a pub/sub message there. A null in place of the keys means "everything"
 * (FLUSHDB, FLUSHALL, a full sync).
 *
 * <p>Keys are held as ISO-8859-1 strings (one char per byte: binary-safe, ordered as bytes).
 * Single-threaded: the command core owns it.
 */
public final class Tracking {
  static final byte[] CHANNEL = "__redis__:invalidate".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INVALIDATE = "invalidate".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);

  /** One client's tracking mode (redis's CLIENT_TRACKING_* flags). */
  public static final class Mode {
    public long redirect;
    public boolean bcast;
    public boolean optin;
    public boolean optout;
    public boolean noloop;
    public boolean caching;
    public boolean brokenRedirect;
    public final TreeSet<String> prefixes = new TreeSet<>();
  }

  /** A BCAST prefix: its clients and the keys modified under it (key to last modifier's id). */
  private static final class Prefix {
    final LinkedHashSet<Long> clients = new LinkedHashSet<>();
    TreeMap<String, Long> keys = new TreeMap<>();
  }

  private final ServerCore core;
  private final Map<Long, Mode> modes = new HashMap<>();
  private final Map<String, LinkedHashSet<Long>> table = new HashMap<>();
  private long totalItems;
  private final TreeMap<String, Prefix> prefixTable = new TreeMap<>();

  /** Invalidations of the client running a command, sent after its reply (null: flush). */
  private final List<String> pendingForCurrent = new ArrayList<>();

  private Client pendingClient;
  private boolean broadcastScheduled;

  /**
   * Runs of {@link #limitUsedSlots} in a row that ended over the limit (redis's timeout_counter).
   */
  private long limitTimeouts;

  Tracking(ServerCore core) {
    this.core = core;
  }

  /** The client's mode, or null when it does not track. */
  public Mode mode(Client c) {
    return modes.get(c.id);
  }

  public int trackingClients() {
    return modes.size();
  }

  public int totalKeys() {
    return table.size();
  }

  public long totalItems() {
    return totalItems;
  }

  public int totalPrefixes() {
    return prefixTable.size();
  }

  // ---------------------------------------------------------------- CLIENT TRACKING

  /**
   * CLIENT TRACKING ON after its checks (redis's enableTracking): options replace the old ones,
   * prefixes add to the client's (all keys when BCAST comes without one).
   */
  public void enable(
      Client c,
      long redirect,
      boolean bcast,
      boolean optin,
      boolean optout,
      boolean noloop,
      List<String> newPrefixes) {
    Mode m = modes.computeIfAbsent(c.id, id -> new Mode());
    m.redirect = redirect;
    m.brokenRedirect = false;
    m.bcast = bcast;
    m.optin = optin;
    m.optout = optout;
    m.noloop = noloop;
    if (bcast) {
      List<String> ps = newPrefixes.isEmpty() ? List.of("") : newPrefixes;
      for (String p : ps) {
        m.prefixes.add(p);
        prefixTable.computeIfAbsent(p, k -> new Prefix()).clients.add(c.id);
      }
    }
  }

  /** CLIENT TRACKING OFF, or the client went away (redis's disableTracking). */
  public void disable(Client c) {
    Mode m = modes.remove(c.id);
    if (m == null) {
      return;
    }
    for (String p : m.prefixes) {
      Prefix bs = prefixTable.get(p);
      if (bs != null) {
        bs.clients.remove(c.id);
        if (bs.clients.isEmpty()) {
          prefixTable.remove(p);
        }
      }
    }
  }

  /**
   * redis's checkPrefixCollisionsOrReply: the error text when a new prefix overlaps one the client
   * has or another new one, else null.
   */
  public String prefixCollision(Client c, List<String> newPrefixes) {
    Mode m = modes.get(c.id);
    for (int i = 0; i < newPrefixes.size(); i++) {
      String p = newPrefixes.get(i);
      if (m != null) {
        for (String old : m.prefixes) {
          if (overlap(old, p)) {
            return "ERR Prefix '"
                + p
                + "' overlaps with an existing prefix '"
                + old
                + "'. Prefixes for a single client must not overlap.";
          }
        }
      }
      for (int j = i + 1; j < newPrefixes.size(); j++) {
        String q = newPrefixes.get(j);
        if (overlap(p, q)) {
          return "ERR Prefix '"
              + p
              + "' overlaps with another provided prefix '"
              + q
              + "'. Prefixes for a single client must not overlap.";
        }
      }
    }
    return null;
  }

  private static boolean overlap(String a, String b) {
    return a.startsWith(b) || b.startsWith(a);
  }

  // ---------------------------------------------------------------- remembering reads

  /**
   * After a read-only command (redis's trackingRememberKeys): the keys of {@code argv} (redis's
   * getKeysFromCommand, numkeys and keyword forms included) are remembered for the caller unless
   * OPTIN without CACHING YES or OPTOUT with CACHING NO. For a read inside a script, redis 7.0
   * passes the caller's own command (EVAL's or FCALL's declared keys), not the script's read.
   */
  void rememberKeys(Client caller, CommandSpec spec, byte[][] argv) {
    Mode m = modes.get(caller.id);
    if (m == null || m.bcast) {
      return;
    }
    if ((m.optin && !m.caching) || (m.optout && m.caching)) {
      return;
    }
    if (spec.has(CommandFlag.PUBSUB)) {
      return;
    }
    for (int j : CommandKeys.positions(spec, argv)) {
      String key = new String(argv[j], StandardCharsets.ISO_8859_1);
      if (table.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(caller.id)) {
        totalItems++;
      }
    }
  }

  /** After a top-level command: CACHING lasts one command (or one transaction). */
  void commandDone(Client c, boolean wasClientCommand) {
    Mode m = modes.get(c.id);
    if (m != null && m.caching && !c.inMulti && !wasClientCommand) {
      m.caching = false;
    }
  }

  // ---------------------------------------------------------------- invalidation

  /**
   * A key was modified (redis's trackingInvalidateKey from signalModifiedKey): BCAST prefixes note
   * it for the next broadcast, and the clients that read it are told now (the one running the
   * command after its reply), unless NOLOOP and it did the write.
   */
  void invalidateKey(byte[] rawKey) {
    if (modes.isEmpty() && table.isEmpty()) {
      return;
    }
    String key = new String(rawKey, StandardCharsets.ISO_8859_1);
    Client current = core.currentClient();
    if (!prefixTable.isEmpty()) {
      rememberToBroadcast(key, current);
    }
    LinkedHashSet<Long> ids = table.remove(key);
    if (ids == null) {
      return;
    }
    totalItems -= ids.size();
    for (long id : ids) {
      Mode m = modes.get(id);
      Client target = core.client(id);
      if (target == null || m == null || m.bcast) {
        continue;
      }
      if (m.noloop && target == current) {
        continue;
      }
      if (target == current) {
        pendingClient = target;
        pendingForCurrent.add(key);
      } else {
        send(target, m, List.of(key), false);
      }
    }
  }

  private void rememberToBroadcast(String key, Client current) {
    long by = current == null ? 0 : current.id;
    for (Map.Entry<String, Prefix> e : prefixTable.entrySet()) {
      if (key.startsWith(e.getKey())) {
        e.getValue().keys.put(key, by);
        if (!broadcastScheduled) {
          broadcastScheduled = true;
          core.executor().execute(this::broadcast);
        }
      }
    }
  }

  /**
   * FLUSHDB, FLUSHALL, a full sync (redis's trackingInvalidateKeysOnFlush): every tracking client
   * gets a null invalidation and the table is forgotten (keys are not per db: redis 7.0 forgets it
   * on a FLUSHDB of any db too).
   */
  void invalidateOnFlush() {
    Client current = core.currentClient();
    for (Map.Entry<Long, Mode> e : new ArrayList<>(modes.entrySet())) {
      Client c = core.client(e.getKey());
      if (c == null) {
        continue;
      }
      if (c == current) {
        pendingClient = c;
        pendingForCurrent.add(null);
      } else {
        send(c, e.getValue(), null, true);
      }
    }
    table.clear();
    totalItems = 0;
  }

  /**
   * redis's trackingLimitUsedSlots, run before each command (while tracking clients exist) and from
   * cron: while the table holds more keys than {@code tracking-table-max-keys} (0: no limit), keys
   * are dropped and their clients told as if the keys were modified, up to an effort that grows
   * each time a run ends still over the limit. {@code current} is the client whose command is about
   * to run (its own invalidations go out before that command's reply, and NOLOOP spares it), or
   * null from cron. redis drops keys found by a random walk of its radix tree; this drops them in
   * hash-table order.
   */
  void limitUsedSlots(Client current) {
    long max = core.config().trackingTableMaxKeys;
    if (max == 0 || table.size() <= max) {
      limitTimeouts = 0;
      return;
    }
    int effort = (int) Math.min(Integer.MAX_VALUE, 100L * (limitTimeouts + 1));
    long over = table.size() - max;
    List<String> victims = new ArrayList<>((int) Math.min(over, effort));
    for (String key : table.keySet()) {
      if (victims.size() >= over || victims.size() >= effort) {
        break;
      }
      victims.add(key);
    }
    for (String key : victims) {
      evict(key, current);
    }
    limitTimeouts = table.size() <= max ? 0 : limitTimeouts + 1;
  }

  /** trackingInvalidateKey(NULL, key, 0): no broadcast, the key did not change. */
  private void evict(String key, Client current) {
    LinkedHashSet<Long> ids = table.remove(key);
    totalItems -= ids.size();
    for (long id : ids) {
      Mode m = modes.get(id);
      Client target = core.client(id);
      if (target == null || m == null || m.bcast || (m.noloop && target == current)) {
        continue;
      }
      send(target, m, List.of(key), false);
    }
  }

  /** After a top-level command's reply: the invalidations of its own client. */
  void flushPending() {
    if (pendingForCurrent.isEmpty()) {
      return;
    }
    Client c = pendingClient;
    List<String> keys = new ArrayList<>(pendingForCurrent);
    pendingForCurrent.clear();
    pendingClient = null;
    Mode m = modes.get(c.id);
    if (m == null) {
      return;
    }
    for (String k : keys) {
      if (k == null) {
        send(c, m, null, true);
      } else {
        send(c, m, List.of(k), false);
      }
    }
  }

  /** redis's trackingBroadcastInvalidationMessages, run once after the events that noted keys. */
  private void broadcast() {
    broadcastScheduled = false;
    for (Prefix bs : prefixTable.values()) {
      if (bs.keys.isEmpty()) {
        continue;
      }
      TreeMap<String, Long> keys = bs.keys;
      bs.keys = new TreeMap<>();
      for (long id : new ArrayList<>(bs.clients)) {
        Client c = core.client(id);
        Mode m = modes.get(id);
        if (c == null || m == null) {
          continue;
        }
        List<String> send = new ArrayList<>(keys.size());
        for (Map.Entry<String, Long> k : keys.entrySet()) {
          if (!m.noloop || k.getValue() != id) {
            send.add(k.getKey());
          }
        }
        if (!send.isEmpty()) {
          send(c, m, send, false);
        }
      }
    }
  }

  /**
   * redis's sendTrackingMessage: to the client itself in RESP3, or to its redirect client (RESP3,
   * or RESP2 subscribed: a message on __redis__:invalidate); a gone redirect client marks the
   * redirect broken and tells a RESP3 client so. {@code keys} null: the flush's null.
   */
  private void send(Client c, Mode m, List<String> keys, boolean flush) {
    Client to = c;
    boolean redirected = false;
    if (m.redirect != 0) {
      Client r = core.client(m.redirect);
      if (r == null || r.closed) {
        m.brokenRedirect = true;
        if (c.protocol > 2) {
          ReplySink s = c.pushSink();
          s.pushHeader(2);
          s.bulk("tracking-redir-broken");
          s.integer(m.redirect);
          delivered(c);
        }
        return;
      }
      to = r;
      redirected = true;
    }
    ReplySink s = to.pushSink();
    if (to.protocol > 2) {
      s.pushHeader(2);
      s.bulk(INVALIDATE);
    } else if (redirected && to.isPubSub()) {
      s.pushHeader(3);
      s.bulk(MESSAGE);
      s.bulk(CHANNEL);
    } else {
      return; // RESP2 without redirection: nowhere to send it
    }
    if (keys == null) {
      s.nullBulk();
    } else {
      s.arrayHeader(keys.size());
      for (String k : keys) {
        s.bulk(k.getBytes(StandardCharsets.ISO_8859_1));
      }
    }
    delivered(to);
  }

  private void delivered(Client c) {
    if (c != core.currentClient()) {
      c.conn.flushSoon();
    }
  }

  /** The client ids that read a key, for tests. */
  Map<String, LinkedHashSet<Long>> table() {
    return new LinkedHashMap<>(table);
  }
}
