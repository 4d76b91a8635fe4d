package io.replicheck.explore.coverage;

/** A corpus that cannot be read or written; the message names the file and says what to do. */
public final class CorpusException extends RuntimeException {
  public CorpusException(String message, Throwable cause) {
    super(message, cause);
  }

  public CorpusException(String message) {
    super(message);
  }
}
