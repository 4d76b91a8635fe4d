package io.replicheck.server.core;

/** Counters INFO stats reports; other packages bump theirs (sync_full, sync_partial_*). */
public final class Stats {
  public long totalConnectionsReceived;
  public long totalCommandsProcessed;
  public long rejectedConnections;
  public long expiredKeys;
  public long expiredStaleKeys;
  public long keyspaceHits;
  public long keyspaceMisses;
  public long syncFull;
  public long syncPartialOk;
  public long syncPartialErr;
  public long totalErrorReplies;
  public long totalReadsProcessed;
  public long totalWritesProcessed;
  public long unexpectedErrorReplies;
  public long expireCycleCpuMillis;
  public long evictedKeys;
  public long evictedClients;

  /** What normal clients' pending requests hold (mem_clients_normal; maxmemory-clients caps it). */
  public long memClientsNormal;

  /** Updated by the network layer from its threads. */
  public final java.util.concurrent.atomic.AtomicLong netInputBytes =
      new java.util.concurrent.atomic.AtomicLong();

  public final java.util.concurrent.atomic.AtomicLong netOutputBytes =
      new java.util.concurrent.atomic.AtomicLong();
  public long netReplInputBytes;
  public long netReplOutputBytes;

  private final long[] opsSamples = new long[16];
  private int opsIdx;
  private long lastSampleMs;
  private long lastSampleCommands;

  /** Samples the command rate (trackInstantaneousMetric); called by cron. */
  void sample(long nowMs) {
    if (lastSampleMs > 0 && nowMs > lastSampleMs) {
      opsSamples[opsIdx++ % opsSamples.length] =
          (totalCommandsProcessed - lastSampleCommands) * 1000 / (nowMs - lastSampleMs);
    }
    lastSampleMs = nowMs;
    lastSampleCommands = totalCommandsProcessed;
  }

  /** instantaneous_ops_per_sec: the mean of the last 16 samples. */
  public long instantaneousOps() {
    long sum = 0;
    for (long s : opsSamples) {
      sum += s;
    }
    return sum / opsSamples.length;
  }

  /** CONFIG RESETSTAT. */
  public void reset() {
    totalConnectionsReceived = 0;
    totalCommandsProcessed = 0;
    rejectedConnections = 0;
    expiredKeys = 0;
    expiredStaleKeys = 0;
    keyspaceHits = 0;
    keyspaceMisses = 0;
    syncFull = 0;
    syncPartialOk = 0;
    syncPartialErr = 0;
    totalErrorReplies = 0;
    unexpectedErrorReplies = 0;
    evictedKeys = 0;
    netInputBytes.set(0);
    netOutputBytes.set(0);
    netReplInputBytes = 0;
    netReplOutputBytes = 0;
  }
}
