package io.replicheck.history;

import java.util.Locale;

/**
 * Jepsen's event types: an op is invoked, then completes ok, fails (no effect) or is info
 * (unknown).
 */
public enum EventType {
  INVOKE,
  OK,
  FAIL,
  INFO;

  /** The name used in every format: {@code invoke}, {@code ok}, {@code fail}, {@code info}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name (with or without a leading ':'), or returns null when it is none of them.
   */
  public static EventType fromWire(String s) {
    if (s == null) {
      return null;
    }
    String n = s.startsWith(":") ? s.substring(1) : s;
    switch (n) {
      case "invoke":
        return INVOKE;
      case "ok":
        return OK;
      case "fail":
        return FAIL;
      case "info":
        return INFO;
      default:
        return null;
    }
  }
}
