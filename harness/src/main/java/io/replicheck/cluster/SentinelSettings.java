package io.replicheck.cluster;

import java.util.Locale;

/**
 * How the sentinels of a {@code sentinel} topology run: how many, their quorum (a majority), and
 * Sentinel's two timers, small so that a failover fits in seconds. Written in the topology's
 * notation ({@code sentinel:3,down-after-ms=2000,failover-timeout-ms=6000}), so a run spec and its
 * replay.json carry them.
 *
 * @param sentinels how many sentinel processes (1..9)
 * @param downAfterMs {@code down-after-milliseconds}: no valid reply for this long is SDOWN
 * @param failoverTimeoutMs {@code failover-timeout}: bounds a failover's steps, and spaces retries
 */
public record SentinelSettings(int sentinels, long downAfterMs, long failoverTimeoutMs) {

  public static final int DEFAULT_SENTINELS = 3;
  public static final long DEFAULT_DOWN_AFTER_MS = 2_000;
  public static final long DEFAULT_FAILOVER_TIMEOUT_MS = 6_000;

  /** The name every sentinel monitors the master under. */
  public static final String MASTER_NAME = "replicheck";

  public SentinelSettings {
    if (sentinels < 1 || sentinels > 9)
      throw new IllegalArgumentException("sentinels must be between 1 and 9, was " + sentinels);
    if (downAfterMs < 100)
      throw new IllegalArgumentException("down-after-ms must be 100 or more, was " + downAfterMs);
    if (failoverTimeoutMs < 1000)
      throw new IllegalArgumentException(
          "failover-timeout-ms must be 1000 or more, was " + failoverTimeoutMs);
  }

  public static SentinelSettings defaults() {
    return new SentinelSettings(
        DEFAULT_SENTINELS, DEFAULT_DOWN_AFTER_MS, DEFAULT_FAILOVER_TIMEOUT_MS);
  }

  /** Sentinels that must agree the master is down (ODOWN) and elect a leader: a majority. */
  public int quorum() {
    return sentinels / 2 + 1;
  }

  /**
   * Parses what follows {@code sentinel:} ({@code 5}, {@code 3,down-after-ms=5000}, ...); null or
   * empty gives the defaults.
   */
  public static SentinelSettings parse(String text) {
    SentinelSettings s = defaults();
    if (text == null || text.isBlank()) return s;
    int n = s.sentinels;
    long down = s.downAfterMs;
    long failover = s.failoverTimeoutMs;
    String[] parts = text.split(",");
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].strip().toLowerCase(Locale.ROOT);
      try {
        if (i == 0 && !p.contains("=")) {
          n = Integer.parseInt(p);
        } else if (p.startsWith("down-after-ms=")) {
          down = Long.parseLong(p.substring("down-after-ms=".length()));
        } else if (p.startsWith("failover-timeout-ms=")) {
          failover = Long.parseLong(p.substring("failover-timeout-ms=".length()));
        } else {
          throw new IllegalArgumentException(
              "unknown sentinel setting '"
                  + p
                  + "' (sentinel:N,down-after-ms=MS,failover-timeout-ms=MS)");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("sentinel setting '" + p + "' is not a number");
      }
    }
    return new SentinelSettings(n, down, failover);
  }

  /** The notation after {@code sentinel:}, with every setting spelled out. */
  public String spec() {
    return sentinels
        + ",down-after-ms="
        + downAfterMs
        + ",failover-timeout-ms="
        + failoverTimeoutMs;
  }
}
