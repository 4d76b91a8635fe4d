package io.replicheck.fuzz;

/** How two replies to the same command are compared. */
public enum ReplyMode {
  /** Byte for byte, order included. */
  EXACT,
  /** The same elements in any order (hash-table iteration order is unspecified in redis). */
  UNORDERED,
  /** Only whether each is an error and the error text (random picks, SCAN pages). */
  SHAPE
}
