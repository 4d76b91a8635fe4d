package io.replicheck.history;

/**
 * A history that cannot be read or that breaks Jepsen's rules. The message names the source file,
 * the line (when known) and what was expected, in one line fit for a user.
 */
public final class HistoryFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;

  public HistoryFormatException(String source, int line, String message) {
    this(source, line, message, null);
  }

  public HistoryFormatException(String source, int line, String message, Throwable cause) {
    super(format(source, line, message), cause);
    this.source = source;
    this.line = line;
  }

  private static String format(String source, int line, String message) {
    StringBuilder sb = new StringBuilder();
    sb.append(source == null ? "<history>" : source);
    if (line > 0) {
      sb.append(':').append(line);
    }
    // one line for the user, whatever a parser put in its message
    String oneLine = message.replace("\r", "").replace("\n", "\\n").replace("\t", "\\t");
    return sb.append(": ").append(oneLine).toString();
  }

  /** The file (or other source) the history came from. */
  public String source() {
    return source;
  }

  /** The 1-based line of the problem, or 0 when unknown. */
  public int line() {
    return line;
  }
}
