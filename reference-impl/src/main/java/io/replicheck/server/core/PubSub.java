package io.replicheck.server.core;

import io.replicheck.server.resp.ReplySink;
import io.replicheck.server.util.Glob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pub/sub registry (redis's pubsub.c): which clients are subscribed to which channels, patterns
 * and shard channels, and delivery of published messages. Subscription confirmations and messages
 * are pushes: {@code >n} in RESP3, arrays in RESP2, written to the client's connection even under
 * CLIENT REPLY OFF (as redis's CLIENT_PUSHING). A client with pending output over the {@code
 * pubsub} class of client-output-buffer-limit is closed, as redis closes it. No I/O of its own:
 * deliveries go to each client's reply sink and ask its connection to flush.
 *
 * <p>Channel names are kept as ISO-8859-1 strings, one char per byte, so any byte sequence is a map
 * key and converts back unchanged.
 */
public final class PubSub {
  /** Which registry a subscription belongs to, with its reply words. */
  public enum Kind {
    CHANNEL("subscribe", "unsubscribe", "message"),
    PATTERN("psubscribe", "punsubscribe", "pmessage"),
    SHARD("ssubscribe", "sunsubscribe", "smessage");

    final byte[] subscribeWord;
    final byte[] unsubscribeWord;
    final byte[] messageWord;

    Kind(String sub, String unsub, String msg) {
      subscribeWord = sub.getBytes(StandardCharsets.US_ASCII);
      unsubscribeWord = unsub.getBytes(StandardCharsets.US_ASCII);
      messageWord = msg.getBytes(StandardCharsets.US_ASCII);
    }
  }

  private final ServerCore core;
  private final Map<String, LinkedHashSet<Client>> channels = new LinkedHashMap<>();
  private final Map<String, LinkedHashSet<Client>> patterns = new LinkedHashMap<>();
  private final Map<String, LinkedHashSet<Client>> shardChannels = new LinkedHashMap<>();

  // client-output-buffer-limit pubsub (redis's default 32mb 8mb 60); 0 disables a limit.
  private long limitHard = 32L * 1024 * 1024;
  private long limitSoft = 8L * 1024 * 1024;
  private long limitSoftSeconds = 60;

  PubSub(ServerCore core) {
    this.core = core;
  }

  static String key(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  static byte[] bytes(String k) {
    return k.getBytes(StandardCharsets.ISO_8859_1);
  }

  private Map<String, LinkedHashSet<Client>> registry(Kind kind) {
    return switch (kind) {
      case CHANNEL -> channels;
      case PATTERN -> patterns;
      case SHARD -> shardChannels;
    };
  }

  private static Set<String> own(Client c, Kind kind) {
    return switch (kind) {
      case CHANNEL -> c.subChannels;
      case PATTERN -> c.subPatterns;
      case SHARD -> c.subShardChannels;
    };
  }

  /** The count a confirmation reports: channels and patterns together, shard channels apart. */
  private static int count(Client c, Kind kind) {
    return kind == Kind.SHARD
        ? c.subShardChannels.size()
        : c.subChannels.size() + c.subPatterns.size();
  }

  // ---------------------------------------------------------------- subscriptions

  /** SUBSCRIBE / PSUBSCRIBE / SSUBSCRIBE of one name: registers it and confirms. */
  public void subscribe(Client c, Kind kind, byte[] name) {
    String k = key(name);
    if (own(c, kind).add(k)) {
      registry(kind).computeIfAbsent(k, x -> new LinkedHashSet<>()).add(c);
    }
    c.pubsubMode = true;
    confirm(c, kind.subscribeWord, name, count(c, kind));
  }

  /** UNSUBSCRIBE / PUNSUBSCRIBE / SUNSUBSCRIBE of one name; confirms even when not subscribed. */
  public void unsubscribe(Client c, Kind kind, byte[] name, boolean notify) {
    remove(c, kind, key(name));
    if (notify) {
      confirm(c, kind.unsubscribeWord, name, count(c, kind));
    }
  }

  /**
   * Unsubscribes from every name of this kind, confirming each (or once with a null name when there
   * was none). Returns how many there were.
   */
  public int unsubscribeAll(Client c, Kind kind, boolean notify) {
    List<String> names = new ArrayList<>(own(c, kind));
    for (String k : names) {
      unsubscribe(c, kind, bytes(k), notify);
    }
    if (notify && names.isEmpty()) {
      confirm(c, kind.unsubscribeWord, null, count(c, kind));
    }
    return names.size();
  }

  /** Leaves subscribed mode once nothing is left (after an unsubscribe command). */
  public void leaveModeIfUnsubscribed(Client c) {
    if (subscriptions(c) == 0) {
      c.pubsubMode = false;
    }
  }

  /** Drops every subscription without replies (disconnect, RESET). */
  public void forget(Client c) {
    for (Kind kind : Kind.values()) {
      unsubscribeAll(c, kind, false);
    }
    c.pubsubMode = false;
  }

  private void remove(Client c, Kind kind, String k) {
    if (!own(c, kind).remove(k)) {
      return;
    }
    Map<String, LinkedHashSet<Client>> reg = registry(kind);
    LinkedHashSet<Client> subs = reg.get(k);
    if (subs != null) {
      subs.remove(c);
      if (subs.isEmpty()) {
        reg.remove(k); // as redis: an unused channel takes no memory
      }
    }
  }

  private static void confirm(Client c, byte[] word, byte[] name, long count) {
    ReplySink r = c.pushSink();
    r.pushHeader(3);
    r.bulk(word);
    if (name == null) {
      r.nullBulk();
    } else {
      r.bulk(name);
    }
    r.integer(count);
  }

  // ---------------------------------------------------------------- publishing

  /**
   * PUBLISH (or SPUBLISH with {@code shard}): delivers to the channel's subscribers and, for global
   * channels, to every matching pattern's. Returns the number of deliveries.
   */
  public int publish(byte[] channel, byte[] message, boolean shard) {
    int receivers = 0;
    List<Client> over = new ArrayList<>(0);
    String k = key(channel);
    Kind kind = shard ? Kind.SHARD : Kind.CHANNEL;
    LinkedHashSet<Client> subs = registry(kind).get(k);
    if (subs != null) {
      for (Client c : subs) {
        ReplySink r = c.pushSink();
        r.pushHeader(3);
        r.bulk(kind.messageWord);
        r.bulk(channel);
        r.bulk(message);
        delivered(c, over);
        receivers++;
      }
    }
    if (!shard) {
      for (Map.Entry<String, LinkedHashSet<Client>> e : patterns.entrySet()) {
        byte[] pattern = bytes(e.getKey());
        if (!Glob.match(pattern, channel, false)) {
          continue;
        }
        for (Client c : e.getValue()) {
          ReplySink r = c.pushSink();
          r.pushHeader(4);
          r.bulk(Kind.PATTERN.messageWord);
          r.bulk(pattern);
          r.bulk(channel);
          r.bulk(message);
          delivered(c, over);
          receivers++;
        }
      }
    }
    for (Client c : over) {
      core.killClient(c);
    }
    return receivers;
  }

  private void delivered(Client c, List<Client> over) {
    if (c != core.currentClient()) {
      c.conn.flushSoon();
    }
    if (!c.closed && overLimit(c, core.clock().currentTimeMillis()) && !over.contains(c)) {
      over.add(c);
    }
  }

  // ---------------------------------------------------------------- output buffer limit

  /** Sets the {@code pubsub} class of client-output-buffer-limit (bytes, bytes, seconds). */
  public void setOutputLimit(long hardBytes, long softBytes, long softSeconds) {
    limitHard = hardBytes;
    limitSoft = softBytes;
    limitSoftSeconds = softSeconds;
  }

  /**
   * Whether a subscribed client's pending output is over the limit now
   * (checkClientOutputBufferLimits).
   */
  boolean overLimit(Client c, long now) {
    if (!c.pubsubMode || c.kind != ClientKind.NORMAL) {
      return false;
    }
    long pending = c.conn.pendingOutputBytes();
    if (limitHard > 0 && pending >= limitHard) {
      return true;
    }
    if (limitSoft > 0 && pending >= limitSoft) {
      if (c.obufSoftLimitSince < 0) {
        c.obufSoftLimitSince = now;
        return false;
      }
      return now - c.obufSoftLimitSince > limitSoftSeconds * 1000;
    }
    c.obufSoftLimitSince = -1;
    return false;
  }

  /** Closes subscribed clients whose output stayed over the soft limit (from cron). */
  void cron(long now) {
    for (Client c : core.clients()) {
      if (c.pubsubMode && !c.closed && overLimit(c, now)) {
        core.killClient(c);
      }
    }
  }

  // ---------------------------------------------------------------- introspection (PUBSUB)

  /** Active channels (or shard channels) matching a glob pattern, or all with null. */
  public List<byte[]> channels(byte[] pattern, boolean shard) {
    List<byte[]> out = new ArrayList<>();
    for (String k : (shard ? shardChannels : channels).keySet()) {
      byte[] b = bytes(k);
      if (pattern == null || Glob.match(pattern, b, false)) {
        out.add(b);
      }
    }
    return out;
  }

  /** Subscribers of one channel (or shard channel), patterns not counted. */
  public int numSub(byte[] channel, boolean shard) {
    LinkedHashSet<Client> s = (shard ? shardChannels : channels).get(key(channel));
    return s == null ? 0 : s.size();
  }

  /** Patterns with at least one subscriber. */
  public int numPat() {
    return patterns.size();
  }

  public int channelCount() {
    return channels.size();
  }

  public int shardChannelCount() {
    return shardChannels.size();
  }

  /** A client's channels, patterns and shard channels together. */
  public static int subscriptions(Client c) {
    return c.subChannels.size() + c.subPatterns.size() + c.subShardChannels.size();
  }
}
