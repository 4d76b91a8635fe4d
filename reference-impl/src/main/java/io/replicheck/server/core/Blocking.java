package io.replicheck.server.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Blocked clients (redis's blocked.c): clients blocked on list or sorted set keys (BLPOP, BZPOPMIN
 * and friends), served first come first served when a key receives data, and clients other packages
 * block (WAIT). While a client is blocked its further pipelined commands wait in its connection.
 */
public final class Blocking {
  private final ServerCore core;
  private final Map<DbKey, ArrayDeque<Client>> blockingKeys = new HashMap<>();
  private final LinkedHashSet<DbKey> readyKeys = new LinkedHashSet<>();
  private final LinkedHashSet<Client> blockedClients = new LinkedHashSet<>();

  Blocking(ServerCore core) {
    this.core = core;
  }

  /** Blocks a client; its later pipelined commands wait until {@link #unblock}. */
  public void block(Client c, Blocker b) {
    c.blocker = b;
    blockedClients.add(c);
  }

  /** Unblocks a client (after its reply was written) and lets it run queued commands. */
  public void unblock(Client c) {
    Blocker b = c.blocker;
    if (b == null) {
      return;
    }
    removeBlocked(c);
    b.onUnblock(c);
    c.conn.flushSoon();
    c.conn.unblocked();
  }

  /** Drops every registration of the client's blocker (keys, pause) without calling it. */
  void removeBlocked(Client c) {
    Blocker b = c.blocker;
    c.blocker = null;
    blockedClients.remove(c);
    if (b instanceof KeyBlocker kb) {
      for (byte[] k : kb.keys) {
        DbKey dk = DbKey.of(kb.db, k);
        ArrayDeque<Client> q = blockingKeys.get(dk);
        if (q != null) {
          q.remove(c);
          if (q.isEmpty()) {
            blockingKeys.remove(dk);
          }
        }
      }
    } else if (b instanceof ClientPause.PauseBlocker) {
      core.clientPause().forget(c);
    }
  }

  public int blockedClientCount() {
    return blockedClients.size();
  }

  /** Blocks the client of ctx on list keys until one is pushed to or the timeout (0 = none). */
  public void blockForKeys(
      CommandContext ctx, List<byte[]> keys, long timeoutAt, boolean nullArrayOnTimeout) {
    blockForKeys(ctx, keys, timeoutAt, nullArrayOnTimeout, RList.class);
  }

  /**
   * Blocks the client of ctx on keys until one holds a non-empty value of {@code type} (a list for
   * BLPOP and friends, a sorted set for BZPOPMIN and friends) or the timeout (0 = none).
   */
  public void blockForKeys(
      CommandContext ctx,
      List<byte[]> keys,
      long timeoutAt,
      boolean nullArrayOnTimeout,
      Class<? extends RObject> type) {
    blockForKeys(ctx, keys, timeoutAt, nullArrayOnTimeout, type, ctx.argv());
  }

  /**
   * As above, re-running {@code argv} instead of the command's own arguments when a key is ready
   * (XREAD blocks with {@code $} resolved to the ID it stood for when it blocked).
   */
  public void blockForKeys(
      CommandContext ctx,
      List<byte[]> keys,
      long timeoutAt,
      boolean nullArrayOnTimeout,
      Class<? extends RObject> type,
      byte[][] argv) {
    long t = ctx.rerunTimeoutAt >= 0 ? ctx.rerunTimeoutAt : timeoutAt;
    Client c = ctx.client();
    KeyBlocker kb = new KeyBlocker(t, c.db, keys, ctx.spec(), argv, nullArrayOnTimeout, type);
    block(c, kb);
    for (byte[] k : keys) {
      blockingKeys.computeIfAbsent(DbKey.of(c.db, k), x -> new ArrayDeque<>()).add(c);
    }
  }

  public void signalKeyAsReady(int db, byte[] key) {
    if (blockingKeys.isEmpty()) {
      return;
    }
    DbKey dk = DbKey.of(db, key);
    if (blockingKeys.containsKey(dk)) {
      readyKeys.add(dk);
    }
  }

  /** Marks ready every waited-on key of the given dbs that now holds a list (after a swap). */
  void signalListsReady(IntPredicate dbs) {
    for (DbKey dk : blockingKeys.keySet()) {
      RObject o = dbs.test(dk.db()) ? core.keyspace().db(dk.db()).dict.get(dk.bytes()) : null;
      if (o instanceof RList || o instanceof RZSet || o instanceof RStream) {
        readyKeys.add(dk);
      }
    }
  }

  /** Serves clients blocked on keys that received data, first come first served. */
  void handleClientsBlockedOnKeys() {
    while (!readyKeys.isEmpty()) {
      List<DbKey> ready = new ArrayList<>(readyKeys);
      readyKeys.clear();
      for (DbKey rk : ready) {
        ArrayDeque<Client> q = blockingKeys.get(rk);
        if (q == null) {
          continue;
        }
        // First come first served among the clients waiting for the type the key now holds.
        for (Client c : List.copyOf(q)) {
          RObject o = core.keyspace().db(rk.db()).dict.get(rk.bytes());
          if (!nonEmpty(o)) {
            break;
          }
          if (!(c.blocker instanceof KeyBlocker kb) || !kb.type.isInstance(o)) {
            continue;
          }
          removeBlocked(c);
          core.runTopLevel(c, kb.spec, kb.argv, kb.timeoutAt);
          if (c.blocker == null) {
            c.conn.flushSoon();
            c.conn.unblocked();
          }
        }
      }
    }
  }

  private static boolean nonEmpty(RObject o) {
    // A stream is always worth a look: its blocked readers decide (new entries, a destroyed group).
    return (o instanceof RList l && l.size() > 0)
        || (o instanceof RZSet z && z.size() > 0)
        || o instanceof RStream;
  }

  /** Answers the blocked clients whose timeout has passed. */
  void checkTimeouts(long now) {
    if (blockedClients.isEmpty()) {
      return;
    }
    for (Client c : List.copyOf(blockedClients)) {
      Blocker b = c.blocker;
      if (b != null && b.timeoutAt > 0 && now >= b.timeoutAt) {
        b.onTimeout(c);
        unblock(c);
      }
    }
  }

  /** A client blocked by BLPOP and friends. */
  static final class KeyBlocker extends Blocker {
    final int db;
    final List<byte[]> keys;
    final CommandSpec spec;
    final byte[][] argv;
    final boolean nullArray;
    final Class<? extends RObject> type;

    KeyBlocker(
        long timeoutAt,
        int db,
        List<byte[]> keys,
        CommandSpec spec,
        byte[][] argv,
        boolean nullArray,
        Class<? extends RObject> type) {
      super(timeoutAt);
      this.type = type;
      this.db = db;
      this.keys = keys;
      this.spec = spec;
      this.argv = argv;
      this.nullArray = nullArray;
    }

    @Override
    public void onTimeout(Client c) {
      if (nullArray) {
        c.reply().nullArray();
      } else {
        c.reply().nullBulk();
      }
    }
  }
}
