package io.replicheck.server.persist;

import java.io.IOException;

/** A manifest or AOF file that cannot be read: the message is the one line the log shows. */
public final class AofFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public AofFormatException(String message) {
    super(message);
  }
}
