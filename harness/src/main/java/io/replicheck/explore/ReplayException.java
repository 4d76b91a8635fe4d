package io.replicheck.explore;

/**
 * A replay file that cannot be read or is not a valid replay; the message is one line for users.
 */
public final class ReplayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReplayException(String message) {
    super(message);
  }
}
