package io.replicheck.report;

/** A run folder or store that cannot be rendered (missing or malformed file): one clear message. */
public final class ReportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReportException(String message) {
    super(message);
  }

  public ReportException(String message, Throwable cause) {
    super(message, cause);
  }
}
