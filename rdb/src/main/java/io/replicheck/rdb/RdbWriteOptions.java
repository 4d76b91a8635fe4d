package io.replicheck.rdb;

/**
 * What the writer needs of the server's configuration: compression, checksum, and redis's
 * thresholds for choosing compact encodings (same defaults as redis 7.0).
 */
public record RdbWriteOptions(
    boolean compression,
    boolean checksum,
    int listMaxListpackSize,
    int hashMaxListpackEntries,
    int hashMaxListpackValue,
    int setMaxIntsetEntries) {

  public static RdbWriteOptions defaults() {
    return new RdbWriteOptions(true, true, -2, 128, 64, 512);
  }
}
