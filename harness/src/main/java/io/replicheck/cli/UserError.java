package io.replicheck.cli;

/**
 * An error the user caused (bad option, bad file, unreachable server): printed as one line, exit 3.
 */
public final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
