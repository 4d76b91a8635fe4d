package io.replicheck.server.core;

/**
 * Key expiry: lazy (expireIfNeeded, on access) and active (activeExpireCycle, from cron). A master
 * deletes an expired key and propagates a DEL; a replica only reports it expired and waits for its
 * master's DEL; nothing is deleted while writes are paused.
 */
public final class Expiry {
  private final ServerCore core;

  /** The db the next active cycle starts with. */
  private int dbCursor;

  Expiry(ServerCore core) {
    this.core = core;
  }

  /**
   * Lazy expiry (expireIfNeeded): true if the key is logically expired. On a master the key is
   * deleted and a DEL propagated; on a replica (or while writes are paused) it is only reported
   * expired, and the master client sees it as existing.
   */
  boolean expireIfNeeded(Db db, byte[] key, RObject o) {
    if (o.expireAt < 0 || core.now() <= o.expireAt) {
      return false;
    }
    Client current = core.currentClient();
    if (current != null && current.kind == ClientKind.MASTER) {
      return false;
    }
    if (core.isReplica() || core.clientPause().writesPaused()) {
      return true;
    }
    deleteExpiredKey(db, key);
    return true;
  }

  private void deleteExpiredKey(Db db, byte[] key) {
    db.delete(key);
    core.stats.expiredKeys++;
    core.propagation().addDel(db.id, key);
    core.watches().signalModifiedKey(db.id, key);
  }

  /**
   * One active expiry cycle (activeExpireCycle, slow): samples up to 20 keys with a TTL per db,
   * deletes the expired ones, repeats while more than a quarter of a sample was expired, within a
   * time budget. Not on replicas (they wait for the master's DEL) nor while writes are paused.
   */
  public void activeExpireCycle() {
    if (!core.config.activeExpireEnabled || core.isReplica() || core.clientPause().writesPaused()) {
      return;
    }
    Clock clock = core.clock();
    long start = clock.currentTimeMillis();
    long now = start;
    Keyspace keyspace = core.keyspace();
    int dbs = keyspace.count();
    for (int n = 0; n < dbs; n++) {
      Db db = keyspace.db(dbCursor);
      dbCursor = (dbCursor + 1) % dbs;
      int iterations = 0;
      while (db.expires.size() > 0) {
        int sample = Math.min(20, db.expires.size());
        int expired = 0;
        for (int i = 0; i < sample; i++) {
          Dict.Entry<Boolean> e = db.expires.randomEntry(core.random());
          byte[] key = e.key();
          RObject o = db.dict.get(key);
          if (o != null && o.expireAt >= 0 && now > o.expireAt) {
            deleteExpiredKey(db, key);
            core.propagation().flush();
            expired++;
          }
        }
        iterations++;
        if (expired * 4 <= sample
            || (iterations % 16 == 0 && clock.currentTimeMillis() - start > 25)) {
          break;
        }
      }
    }
    core.blocking().handleClientsBlockedOnKeys();
  }

  /** Random key of a db, skipping (and on a master deleting) expired ones; null if empty. */
  public byte[] randomKey(Db db) {
    for (int tries = 0; tries < 100 && db.dict.size() > 0; tries++) {
      Dict.Entry<RObject> e = db.dict.randomEntry(core.random());
      RObject o = e.value();
      if (o.expireAt >= 0 && expireIfNeeded(db, e.key(), o)) {
        if (core.isReplica() && tries > 50) {
          return e.key();
        }
        continue;
      }
      return e.key();
    }
    return null;
  }
}
