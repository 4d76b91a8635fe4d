package io.replicheck.checker;

import java.util.Locale;

/**
 * The outcome of a check, of one invariant or of a whole run, and the exit code the CLI gives it.
 * Declared in the order they combine: the later one wins ({@link #and}).
 *
 * <p>{@link #NOT_EXERCISED} is a check that saw no evidence (no full sync for FS4, no WAIT probe
 * for P4, an empty history for P3): it is neither valid nor a failure, and it does not change what
 * the other checks say, so a run is valid when every exercised check is valid.
 */
public enum Verdict {
  NOT_EXERCISED,
  VALID,
  UNKNOWN,
  INVALID;

  /** The exit code of an error: bad input or a failure of the tool itself, not a verdict. */
  public static final int EXIT_ERROR = 3;

  /**
   * The CLI's exit code: 0 valid, 1 invalid, 2 unknown. Not exercised is 2 too: nothing was shown
   * valid.
   */
  public int exitCode() {
    return switch (this) {
      case VALID -> 0;
      case INVALID -> 1;
      case UNKNOWN, NOT_EXERCISED -> 2;
    };
  }

  /** The name in results.json, junit.xml and check's output: valid, not_exercised, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The same as {@link #wireName()}: the name the harness's results.json has always used. */
  public String json() {
    return wireName();
  }

  /** The name for people: "not exercised". */
  public String label() {
    return wireName().replace('_', ' ');
  }

  /** Reads a {@link #wireName()} (or a {@link #label()}); null when it is none. */
  public static Verdict fromWire(String s) {
    if (s == null) {
      return null;
    }
    for (Verdict v : values()) {
      if (v.wireName().equals(s.strip().toLowerCase(Locale.ROOT).replace(' ', '_'))) {
        return v;
      }
    }
    return null;
  }

  /**
   * Combines the verdicts of independent parts: any invalid wins, then any unknown, then valid; a
   * part that was not exercised changes nothing.
   */
  public Verdict and(Verdict other) {
    return this.ordinal() >= other.ordinal() ? this : other;
  }
}
