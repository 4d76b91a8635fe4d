package io.replicheck.rdb;

/** Receives what {@link RdbReader} decodes, in file order. */
public interface RdbVisitor {
  /** An AUX field (redis-ver, redis-bits, ctime, used-mem, repl-id, repl-offset, ...). */
  default void aux(String key, String value) {}

  /** A SELECTDB opcode. */
  default void selectDb(int db) {}

  /** A RESIZEDB opcode. */
  default void resizeDb(long dbSize, long expiresSize) {}

  /** A FUNCTION2 opcode: the source of one function library (redis 7.0 persists them). */
  default void function(String libraryCode) {}

  /** One key with its value and expiry. */
  void entry(RdbEntry entry);

  /** The EOF opcode was read and the checksum (if any) verified. */
  default void end() {}
}
