package io.replicheck.server.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * maxmemory (redis's evict.c): before a command runs on a master over its limit, keys are evicted
 * by the configured policy until the estimated used memory ({@link MemoryEstimate}) fits again,
 * each eviction propagated on its own as DEL (UNLINK with lazyfree-lazy-eviction). LRU, LFU and TTL
 * are approximated as redis does: {@code maxmemory-samples} keys sampled per db into a pool of the
 * 16 best candidates, the best one evicted. A replica does not evict while replica-ignore-maxmemory
 * is yes (its master's DELs do). When nothing can be evicted (noeviction, or no candidate key) the
 * commands that may grow memory are refused with {@link #OOM}.
 */
public final class Eviction {
  public static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

  /** A new object's LFU counter, so that a fresh key is not evicted at once. */
  static final int LFU_INIT_VAL = 5;

  private static final int POOL_SIZE = 16;

  private record Candidate(int db, byte[] key, long idle) {}

  private final ServerCore core;
  private final List<Candidate> pool = new ArrayList<>();
  private int nextDb;
  private long peak;

  Eviction(ServerCore core) {
    this.core = core;
  }

  private MaxmemoryConfig cfg() {
    return core.config.maxmemory;
  }

  /** used_memory: the startup baseline plus every db's key estimates. */
  public long usedMemory() {
    long n = MemoryEstimate.STARTUP;
    Keyspace ks = core.keyspace();
    for (int i = 0; i < ks.count(); i++) {
      n += ks.db(i).usedMemory();
    }
    peak = Math.max(peak, n);
    return n;
  }

  /** used_memory_peak: the highest used_memory seen (MEMORY STATS, INFO). */
  public long peakMemory() {
    return Math.max(peak, MemoryEstimate.STARTUP);
  }

  /** MEMORY USAGE of a live object. */
  public static long usage(byte[] key, RObject o) {
    return MemoryEstimate.of(key, o);
  }

  // ---------------------------------------------------------------- access clock (LRU/LFU)

  /** A key was accessed: its LRU time, and under an LFU policy its counter. */
  void touch(RObject o) {
    o.lru = core.now();
    if (cfg().lfu()) {
      int counter = lfuDecrAndReturn(o);
      o.lfuCounter = lfuLogIncr(counter);
      o.lfuMinutes = core.now() / 60_000;
    }
  }

  /** A copy-on-write copy keeps the original's access data and memory account. */
  static void carry(RObject from, RObject to) {
    to.lru = from.lru;
    to.lfuCounter = from.lfuCounter;
    to.lfuMinutes = from.lfuMinutes;
    to.memSize = from.memSize;
    to.memPending = from.memPending;
  }

  /** OBJECT FREQ: the counter after decay (LFUDecrAndReturn). */
  public int lfuDecrAndReturn(RObject o) {
    int decay = cfg().lfuDecayTime;
    if (o.lfuMinutes < 0 || decay == 0) {
      return o.lfuCounter;
    }
    long periods = (core.now() / 60_000 - o.lfuMinutes) / decay;
    return (int) Math.max(0, o.lfuCounter - Math.max(0, periods));
  }

  /** LFULogIncr: the higher the counter, the less likely an access raises it. */
  private int lfuLogIncr(int counter) {
    if (counter == 255) {
      return 255;
    }
    double r = core.random().nextDouble();
    double baseval = Math.max(0, counter - LFU_INIT_VAL);
    double p = 1.0 / (baseval * cfg().lfuLogFactor + 1);
    return r < p ? counter + 1 : counter;
  }

  // ---------------------------------------------------------------- processCommand's check

  /**
   * processCommand's maxmemory step: evicts what the policy allows, then answers whether the
   * command must be refused with {@link #OOM}: a deny-oom command (EXEC counts its queued
   * commands), or any command but EXEC/DISCARD/QUIT/RESET inside MULTI, while memory is still over
   * the limit. The master's commands are never refused.
   */
  boolean refuses(Client c, CommandSpec spec) {
    if (cfg().maxmemory == 0) {
      return false;
    }
    boolean outOfMemory = !performEvictions();
    if (!outOfMemory || c.kind == ClientKind.MASTER) {
      return false;
    }
    String name = spec.name();
    if (c.inMulti) {
      return switch (name) {
        case "exec", "discard", "quit", "reset" -> name.equals("exec") && queuedDenyOom(c);
        default -> true;
      };
    }
    return spec.has(CommandFlag.DENYOOM);
  }

  private boolean queuedDenyOom(Client c) {
    for (byte[][] argv : c.queued) {
      CommandSpec s = core.commands().lookup(argv[0]);
      if (s != null && s.has(CommandFlag.DENYOOM)) {
        return true;
      }
    }
    return false;
  }

  /**
   * performEvictions: true if memory fits (or the policy freed enough), false if it is still over
   * the limit. Does nothing on a replica ignoring maxmemory or while writes are paused.
   */
  public boolean performEvictions() {
    MaxmemoryConfig cfg = cfg();
    if (cfg.maxmemory == 0
        || (core.isReplica() && cfg.replicaIgnoreMaxmemory)
        || core.clientPause().writesPaused()) {
      return true;
    }
    long used = usedMemory();
    if (used <= cfg.maxmemory) {
      return true;
    }
    if (cfg.policy.equals("noeviction")) {
      return false;
    }
    long toFree = used - cfg.maxmemory;
    long freed = 0;
    while (freed < toFree) {
      Candidate victim = cfg.policy.endsWith("-random") ? randomVictim() : poolVictim();
      if (victim == null) {
        return false;
      }
      Db db = core.keyspace().db(victim.db());
      RObject o = db.peek(victim.key());
      freed += o.memSize >= 0 ? o.memSize : MemoryEstimate.of(victim.key(), o);
      evict(db, victim.key());
    }
    return true;
  }

  private void evict(Db db, byte[] key) {
    db.delete(key);
    core.stats.evictedKeys++;
    core.watches().signalModifiedKey(db.id, key);
    String del = cfg().lazyfreeLazyEviction ? "UNLINK" : "DEL";
    core.propagation().add(db.id, new byte[][] {del.getBytes(StandardCharsets.US_ASCII), key});
    core.propagation().flush();
  }

  private boolean volatileOnly() {
    return cfg().policy.startsWith("volatile-");
  }

  /** allkeys-random / volatile-random: a random key of the next db that has candidates. */
  private Candidate randomVictim() {
    Keyspace ks = core.keyspace();
    for (int i = 0; i < ks.count(); i++) {
      nextDb = (nextDb + 1) % ks.count();
      Db db = ks.db(nextDb);
      Dict<?> d = volatileOnly() ? db.expires : db.dict;
      if (d.size() > 0) {
        return new Candidate(db.id, d.randomEntry(core.random()).key(), 0);
      }
    }
    return null;
  }

  /** LRU, LFU, TTL: refill the pool by sampling every db, then take its best live candidate. */
  private Candidate poolVictim() {
    Keyspace ks = core.keyspace();
    while (true) {
      long candidates = 0;
      for (int i = 0; i < ks.count(); i++) {
        Db db = ks.db(i);
        Dict<?> d = volatileOnly() ? db.expires : db.dict;
        if (d.size() > 0) {
          populate(db, d);
          candidates += d.size();
        }
      }
      if (candidates == 0) {
        return null;
      }
      while (!pool.isEmpty()) {
        Candidate best = pool.remove(pool.size() - 1);
        Db db = ks.db(best.db());
        RObject o = db.peek(best.key());
        if (o != null && (!volatileOnly() || o.expireAt >= 0)) {
          return best;
        }
      }
    }
  }

  private void populate(Db db, Dict<?> sampled) {
    String policy = cfg().policy;
    int n = Math.min(cfg().samples, sampled.size());
    for (int i = 0; i < n; i++) {
      byte[] key = sampled.randomEntry(core.random()).key();
      RObject o = db.dict.get(key);
      if (o == null) {
        continue;
      }
      long idle;
      if (policy.endsWith("-lru")) {
        idle = core.now() - o.lru;
      } else if (policy.endsWith("-lfu")) {
        idle = 255 - lfuDecrAndReturn(o);
      } else {
        idle = Long.MAX_VALUE - o.expireAt;
      }
      insert(new Candidate(db.id, key, idle));
    }
  }

  /** Keeps the pool sorted by idle (best last), at most 16, one entry per key. */
  private void insert(Candidate cand) {
    for (int i = 0; i < pool.size(); i++) {
      Candidate p = pool.get(i);
      if (p.db() == cand.db() && java.util.Arrays.equals(p.key(), cand.key())) {
        pool.remove(i);
        break;
      }
    }
    if (pool.size() >= POOL_SIZE && cand.idle() <= pool.get(0).idle()) {
      return;
    }
    int at = 0;
    while (at < pool.size() && pool.get(at).idle() < cand.idle()) {
      at++;
    }
    pool.add(at, cand);
    if (pool.size() > POOL_SIZE) {
      pool.remove(0);
    }
  }
}
