package io.replicheck.rdb;

import java.io.IOException;

/** A corrupt, truncated or unsupported RDB stream; names the byte offset where reading stopped. */
public final class RdbFormatException extends IOException {
  private static final long serialVersionUID = 1L;
  private final long offset;

  public RdbFormatException(String message, long offset) {
    super(message + " at offset " + offset);
    this.offset = offset;
  }

  public long offset() {
    return offset;
  }
}
