package io.replicheck.rdb;

/**
 * What the writer needs of the server's configuration: compression, checksum, and redis's
 * thresholds for choosing compact encodings.
 *
 * <p>{@link #defaults()} are redis-server 7.0's built-in defaults (config.c), which is what a
 * redis-server started without a config file uses: note that hash-max-listpack-entries is 512
 * there, while the sample redis.conf shipped with redis (and Debian's) sets 128.
 */
public record RdbWriteOptions(
    boolean compression,
    boolean checksum,
    int listMaxListpackSize,
    int hashMaxListpackEntries,
    int hashMaxListpackValue,
    int setMaxIntsetEntries,
    int zsetMaxListpackEntries,
    int zsetMaxListpackValue) {

  /** With redis's defaults for sorted sets (zset-max-listpack-entries 128, -value 64). */
  public RdbWriteOptions(
      boolean compression,
      boolean checksum,
      int listMaxListpackSize,
      int hashMaxListpackEntries,
      int hashMaxListpackValue,
      int setMaxIntsetEntries) {
    this(
        compression,
        checksum,
        listMaxListpackSize,
        hashMaxListpackEntries,
        hashMaxListpackValue,
        setMaxIntsetEntries,
        128,
        64);
  }

  public static RdbWriteOptions defaults() {
    return new RdbWriteOptions(true, true, -2, 512, 64, 512, 128, 64);
  }
}
