package io.replicheck.server.replication;

/**
 * The cached master (redis's server.cached_master): the history a replica can try to continue with
 * PSYNC after its link broke, or its own history when it was a master: the replid, the offset
 * reached, and the db the stream had selected.
 */
final class CachedMaster {
  private String replid;
  private long offset;
  private int db;

  boolean isSet() {
    return replid != null;
  }

  /** The replid, or null when there is no cached master. */
  String replid() {
    return replid;
  }

  long offset() {
    return offset;
  }

  int db() {
    return db;
  }

  void set(String replid, long offset, int db) {
    this.replid = replid;
    this.offset = offset;
    this.db = db;
  }

  /** Forgets the history (a full sync is needed); the offset stays for INFO until replaced. */
  void clear() {
    replid = null;
  }
}
