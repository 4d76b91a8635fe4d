package io.replicheck.checker;

import java.util.Locale;

/** The outcome of a check; exit codes 0, 1 and 2 of the CLI. */
public enum Verdict {
  VALID,
  INVALID,
  UNKNOWN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Combines the verdicts of independent parts: any invalid wins, then any unknown. */
  public Verdict and(Verdict other) {
    if (this == INVALID || other == INVALID) {
      return INVALID;
    }
    if (this == UNKNOWN || other == UNKNOWN) {
      return UNKNOWN;
    }
    return VALID;
  }
}
