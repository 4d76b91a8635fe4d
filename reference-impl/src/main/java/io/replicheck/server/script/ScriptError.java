package io.replicheck.server.script;

/** A refusal with the error reply redis gives for it (code included, e.g. "ERR ..."). */
public final class ScriptError extends Exception {
  private static final long serialVersionUID = 1L;

  public ScriptError(String replyText) {
    super(replyText, null, false, false);
  }

  /** The error reply's text, e.g. "ERR Library 'x' already exists". */
  public String replyText() {
    return getMessage();
  }
}
