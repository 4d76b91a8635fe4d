package io.replicheck.fuzz;

/** How two replies to the same command are compared. */
public enum ReplyMode {
  /** Byte for byte, order included. */
  EXACT,
  /** The same elements in any order (hash-table iteration order is unspecified in redis). */
  UNORDERED,
  /** Only whether each is an error and the error text (random picks, SCAN pages). */
  SHAPE,
  /**
   * DUMP payloads: byte for byte, except hash-table sets and hashes (RDB types 2 and 4), whose
   * members come in dict order, which differs per process in redis too: those compare their type,
   * length and the multiset of their bytes, without the trailing version and CRC64. A FUNCTION DUMP
   * payload (one RDB_OPCODE_FUNCTION2 record a library, in dict order in redis) compares its
   * records in any order, without the trailer.
   */
  PAYLOAD,
  /**
   * FUNCTION LIST: libraries, and the functions of each, in any order (redis lists both in its
   * dicts' order, the reference server by name).
   */
  LIBRARIES
}
