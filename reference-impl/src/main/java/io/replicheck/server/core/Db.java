package io.replicheck.server.core;

import java.util.ArrayList;
import java.util.List;

/**
 * One numbered database: the key dictionary and the set of keys with a time to live (sampled by
 * active expiry). Lookups apply lazy expiry through the owning {@link ServerCore}; in-place changes
 * of a container must go through {@link #lookupWrite} (copy-on-write under a snapshot).
 */
public final class Db {
  final int id;
  Dict<RObject> dict = new Dict<>();
  Dict<Boolean> expires = new Dict<>();
  MemoryAccount mem = new MemoryAccount();
  final Keyspace keyspace;

  /** Total expiry count of keys expired by active expiry in this db (stats). */
  long avgTtlHint;

  Db(int id, Keyspace keyspace) {
    this.id = id;
    this.keyspace = keyspace;
  }

  public int id() {
    return id;
  }

  public int size() {
    return dict.size();
  }

  public int expiresSize() {
    return expires.size();
  }

  /** The object at key without expiry checks (introspection, snapshot). */
  public RObject peek(byte[] key) {
    return dict.get(key);
  }

  /** Lookup for reading: null if missing or logically expired (deleted then, on a master). */
  public RObject lookupRead(byte[] key) {
    RObject o = dict.get(key);
    if (o == null) {
      return null;
    }
    if (o.expireAt >= 0 && keyspace.core.expiry().expireIfNeeded(this, key, o)) {
      return null;
    }
    keyspace.core.eviction().touch(o);
    return o;
  }

  /**
   * Lookup for writing: like {@link #lookupRead} but, while a snapshot is running, a container the
   * snapshot still sees is replaced by a private copy first.
   */
  public RObject lookupWrite(byte[] key) {
    Dict.Entry<RObject> e = dict.getEntry(key);
    if (e == null) {
      return null;
    }
    RObject o = e.value();
    if (o.expireAt >= 0 && keyspace.core.expiry().expireIfNeeded(this, key, o)) {
      return null;
    }
    if (o.gen < keyspace.cowGen) {
      RObject c = o.copy();
      if (c != o) {
        c.expireAt = o.expireAt;
        Eviction.carry(o, c);
        e.setValue(c);
        o = c;
      }
    }
    keyspace.core.eviction().touch(o);
    mem.changed(this, key, o);
    return o;
  }

  /** True if the key exists and is not logically expired. */
  public boolean exists(byte[] key) {
    return lookupRead(key) != null;
  }

  /** Adds or overwrites the key with a new object; the old time to live is dropped (as setKey). */
  public void set(byte[] key, RObject o) {
    o.lru = keyspace.core.now();
    RObject old = dict.put(key, o);
    if (old != null && old != o) {
      mem.removed(old);
    }
    mem.changed(this, key, o);
    if (old != null && old.expireAt >= 0 && o.expireAt < 0) {
      expires.remove(key);
    } else if (o.expireAt >= 0) {
      expires.put(key, Boolean.TRUE);
    }
  }

  /** Overwrites the value keeping the time to live (KEEPTTL, INCR and friends). */
  public void setKeepTtl(byte[] key, RObject o) {
    RObject old = dict.get(key);
    if (old != null) {
      o.expireAt = old.expireAt;
    }
    set(key, o);
  }

  /** Deletes the key; true if it existed (expired or not). */
  public boolean delete(byte[] key) {
    RObject o = dict.remove(key);
    if (o == null) {
      return false;
    }
    mem.removed(o);
    if (o.expireAt >= 0) {
      expires.remove(key);
    }
    return true;
  }

  /** Sets the absolute expiry (ms) of an existing key's current object. */
  public void setExpire(byte[] key, long whenMs) {
    RObject o = dict.get(key);
    if (o == null) {
      return;
    }
    o.expireAt = whenMs;
    expires.put(key, Boolean.TRUE);
  }

  /** Removes the time to live; true if there was one. */
  public boolean persist(byte[] key) {
    RObject o = dict.get(key);
    if (o == null || o.expireAt < 0) {
      return false;
    }
    o.expireAt = -1;
    expires.remove(key);
    return true;
  }

  /** All keys (a copy, safe to iterate while modifying). */
  public List<byte[]> keys() {
    List<byte[]> out = new ArrayList<>(dict.size());
    dict.forEach((k, v) -> out.add(k));
    return out;
  }

  public Dict<RObject> dict() {
    return dict;
  }

  Dict<Boolean> expiresDict() {
    return expires;
  }

  /** The estimated bytes of this db's keys ({@link MemoryEstimate}). */
  public long usedMemory() {
    return mem.settle(this);
  }

  void clear() {
    dict = new Dict<>();
    expires = new Dict<>();
    mem = new MemoryAccount();
  }

  void swapContents(Db other) {
    Dict<RObject> d = dict;
    Dict<Boolean> x = expires;
    dict = other.dict;
    expires = other.expires;
    other.dict = d;
    other.expires = x;
    MemoryAccount m = mem;
    mem = other.mem;
    other.mem = m;
  }
}
