package io.replicheck.invariant;

/** The outcome of one invariant, or of a whole run; declared from best to worst. */
public enum Verdict {
  VALID,
  UNKNOWN,
  INVALID;

  /** The CLI's exit code: 0 valid, 1 invalid, 2 unknown. */
  public int exitCode() {
    return switch (this) {
      case VALID -> 0;
      case INVALID -> 1;
      case UNKNOWN -> 2;
    };
  }

  /** The worse of two: invalid beats unknown beats valid. */
  public Verdict and(Verdict other) {
    return this.ordinal() >= other.ordinal() ? this : other;
  }

  public String json() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
