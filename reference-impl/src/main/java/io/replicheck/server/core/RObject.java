package io.replicheck.server.core;

import io.replicheck.rdb.Encoding;

/**
 * A value in the keyspace. Mutable containers are copied on write while a snapshot is running:
 * {@link #gen} records the snapshot generation the object belongs to; a write through {@link
 * Db#lookupWrite} to an object from an older generation replaces it with a copy first, so the
 * snapshot keeps seeing the object as it was.
 */
public abstract sealed class RObject permits RString, RList, RHash, RSet, RZSet, RStream {
  /** The snapshot generation this object was created in (see {@link Keyspace}). */
  int gen = Keyspace.currentGen();

  /** Absolute expiry in Unix ms, or -1. */
  long expireAt = -1;

  /** Last access time in ms (OBJECT IDLETIME). */
  long lru;

  /** LFU data (maxmemory-policy *-lfu): the log counter and its last decrement time in minutes. */
  int lfuCounter = Eviction.LFU_INIT_VAL;

  long lfuMinutes = -1;

  /** The estimate counted for this object in its db's {@link MemoryAccount} (-1 = none). */
  long memSize = -1;

  boolean memPending;

  /** The redis type name, as TYPE replies. */
  public abstract String typeName();

  public abstract Encoding encoding();

  /** A deep-enough copy: containers copied, element byte arrays shared (they are immutable). */
  abstract RObject copy();

  /** Last access time in ms (OBJECT IDLETIME). */
  public long lastAccess() {
    return lru;
  }

  /** Sets the last access time (RESTORE ... IDLETIME). */
  public void setLastAccess(long ms) {
    lru = ms;
  }

  public long expireAt() {
    return expireAt;
  }
}
