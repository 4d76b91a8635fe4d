package io.replicheck.proxy.toxic;

import java.util.Locale;

/** The two streams of a proxied connection, named as Toxiproxy names them. */
public enum Direction {
  /** Client to server. */
  UPSTREAM,
  /** Server to client. */
  DOWNSTREAM;

  /** The name on the wire: {@code upstream} or {@code downstream}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses Toxiproxy's stream names (case-insensitive, as its ParseDirection); null when unknown.
   */
  public static Direction parse(String s) {
    if (s == null) return null;
    switch (s.toLowerCase(Locale.ROOT)) {
      case "upstream":
      case "up":
        return UPSTREAM;
      case "downstream":
      case "down":
        return DOWNSTREAM;
      default:
        return null;
    }
  }
}
