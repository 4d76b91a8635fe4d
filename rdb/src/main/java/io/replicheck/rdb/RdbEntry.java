package io.replicheck.rdb;

/**
 * One key as an RDB file holds it.
 *
 * @param db the database number (SELECTDB)
 * @param key the key's bytes
 * @param value the value
 * @param expireAtMs absolute expiry in Unix milliseconds, or {@link #NO_EXPIRE}
 */
public record RdbEntry(int db, byte[] key, RdbValue value, long expireAtMs) {
  public static final long NO_EXPIRE = -1;
}
