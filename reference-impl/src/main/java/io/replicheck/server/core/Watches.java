package io.replicheck.server.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * WATCH for MULTI/EXEC (redis's multi.c): which clients watch which keys, invalidated when a key is
 * modified, its db flushed or swapped, or it expires after being watched.
 */
public final class Watches {
  private final ServerCore core;
  private final Map<DbKey, List<Client>> watchedKeys = new HashMap<>();

  Watches(ServerCore core) {
    this.core = core;
  }

  public void watch(Client c, byte[] key) {
    for (Client.Watched w : c.watched) {
      if (w.db() == c.db && Arrays.equals(w.key(), key)) {
        return;
      }
    }
    RObject o = core.keyspace().db(c.db).dict.get(key);
    boolean expired = o != null && o.expireAt >= 0 && core.now() > o.expireAt;
    c.watched.add(new Client.Watched(c.db, key, expired));
    watchedKeys.computeIfAbsent(DbKey.of(c.db, key), k -> new ArrayList<>()).add(c);
  }

  public void unwatchAll(Client c) {
    for (Client.Watched w : c.watched) {
      DbKey dk = DbKey.of(w.db(), w.key());
      List<Client> l = watchedKeys.get(dk);
      if (l != null) {
        l.remove(c);
        if (l.isEmpty()) {
          watchedKeys.remove(dk);
        }
      }
    }
    c.watched.clear();
    c.watchDirty = false;
  }

  /** signalModifiedKey: invalidates WATCHes of the key, and tracking clients' caches of it. */
  public void signalModifiedKey(int db, byte[] key) {
    core.tracking().invalidateKey(key);
    if (watchedKeys.isEmpty()) {
      return;
    }
    List<Client> l = watchedKeys.get(DbKey.of(db, key));
    if (l == null) {
      return;
    }
    boolean gone = !core.keyspace().db(db).dict.containsKey(key);
    for (Client c : l) {
      // As redis 7.0's touchWatchedKey: a key already expired when watched whose deletion is
      // all that happened is logically unchanged (the flag is cleared for next time).
      List<Client.Watched> ws = c.watched;
      boolean skip = false;
      for (int i = 0; i < ws.size(); i++) {
        Client.Watched w = ws.get(i);
        if (w.db() == db && Arrays.equals(w.key(), key) && w.expiredAtWatch()) {
          if (gone) {
            ws.set(i, new Client.Watched(db, w.key(), false));
            skip = true;
          }
          break;
        }
      }
      if (!skip) {
        c.watchDirty = true;
      }
    }
  }

  /** touchAllWatchedKeysInDb: watched keys that exist in either db are invalidated. */
  public void touchAllWatchedKeysInDb(int emptied, int replacedWith) {
    if (watchedKeys.isEmpty()) {
      return;
    }
    Keyspace keyspace = core.keyspace();
    for (Map.Entry<DbKey, List<Client>> e : watchedKeys.entrySet()) {
      DbKey dk = e.getKey();
      if (dk.db() != emptied) {
        continue;
      }
      byte[] k = dk.bytes();
      boolean exists =
          keyspace.db(emptied).dict.containsKey(k)
              || (replacedWith >= 0 && keyspace.db(replacedWith).dict.containsKey(k));
      if (exists) {
        for (Client c : e.getValue()) {
          c.watchDirty = true;
        }
      }
    }
  }

  /** True if EXEC must fail: a watched key changed, or expired since WATCH. */
  public boolean watchFailed(Client c) {
    if (c.watchDirty) {
      return true;
    }
    for (Client.Watched w : c.watched) {
      if (w.expiredAtWatch()) {
        continue;
      }
      RObject o = core.keyspace().db(w.db()).dict.get(w.key());
      if (o != null && o.expireAt >= 0 && core.now() > o.expireAt) {
        return true;
      }
    }
    return false;
  }
}
