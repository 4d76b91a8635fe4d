package io.replicheck.server.resp;

/** A malformed request; the message is the exact text redis replies with (after {@code -ERR }). */
public final class RespProtocolException extends Exception {
  private static final long serialVersionUID = 1L;

  public RespProtocolException(String message) {
    super(message, null, false, false);
  }

  /** The full error reply text, e.g. {@code ERR Protocol error: invalid bulk length}. */
  public String replyText() {
    return "ERR Protocol error: " + getMessage();
  }
}
