package io.replicheck.server.replication;

/**
 * The replication directives of redis.conf, with redis 7.0's defaults. Read by the replication
 * state machines on the core thread; CONFIG SET writes them on the same thread.
 */
public final class ReplicationSettings {
  /** repl-diskless-load. */
  public enum DisklessLoad {
    DISABLED,
    ON_EMPTY_DB,
    SWAPDB;

    public String configName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private long replBacklogSize = 1024 * 1024;
  private long replBacklogTtlSeconds = 3600;
  private long replTimeoutSeconds = 60;
  private long replPingReplicaPeriodSeconds = 10;
  private int minReplicasToWrite = 0;
  private long minReplicasMaxLagSeconds = 10;
  private boolean replDisklessSync = true;
  private long replDisklessSyncDelaySeconds = 5;
  private DisklessLoad replDisklessLoad = DisklessLoad.DISABLED;
  private String masterauth;
  private String masteruser;
  private String replicaAnnounceIp;
  private int replicaAnnouncePort;
  private boolean replicaServeStaleData = true;
  private boolean replicaReadOnly = true;
  private int replicaPriority = 100;
  private boolean replicaAnnounced = true;
  private OutputBufferLimit replicaOutputBufferLimit =
      new OutputBufferLimit(256L * 1024 * 1024, 64L * 1024 * 1024, 60);

  public long replBacklogSize() {
    return replBacklogSize;
  }

  public void replBacklogSize(long v) {
    if (v < 1) {
      throw new IllegalArgumentException("repl-backlog-size must be positive");
    }
    replBacklogSize = v;
  }

  public long replBacklogTtlSeconds() {
    return replBacklogTtlSeconds;
  }

  public void replBacklogTtlSeconds(long v) {
    replBacklogTtlSeconds = requireNonNegative("repl-backlog-ttl", v);
  }

  public long replTimeoutSeconds() {
    return replTimeoutSeconds;
  }

  public void replTimeoutSeconds(long v) {
    if (v < 1) {
      throw new IllegalArgumentException("repl-timeout must be at least 1");
    }
    replTimeoutSeconds = v;
  }

  public long replPingReplicaPeriodSeconds() {
    return replPingReplicaPeriodSeconds;
  }

  public void replPingReplicaPeriodSeconds(long v) {
    if (v < 1) {
      throw new IllegalArgumentException("repl-ping-replica-period must be at least 1");
    }
    replPingReplicaPeriodSeconds = v;
  }

  public int minReplicasToWrite() {
    return minReplicasToWrite;
  }

  public void minReplicasToWrite(int v) {
    minReplicasToWrite = (int) requireNonNegative("min-replicas-to-write", v);
  }

  public long minReplicasMaxLagSeconds() {
    return minReplicasMaxLagSeconds;
  }

  public void minReplicasMaxLagSeconds(long v) {
    minReplicasMaxLagSeconds = requireNonNegative("min-replicas-max-lag", v);
  }

  public boolean replDisklessSync() {
    return replDisklessSync;
  }

  public void replDisklessSync(boolean v) {
    replDisklessSync = v;
  }

  public long replDisklessSyncDelaySeconds() {
    return replDisklessSyncDelaySeconds;
  }

  public void replDisklessSyncDelaySeconds(long v) {
    replDisklessSyncDelaySeconds = requireNonNegative("repl-diskless-sync-delay", v);
  }

  public DisklessLoad replDisklessLoad() {
    return replDisklessLoad;
  }

  public void replDisklessLoad(DisklessLoad v) {
    replDisklessLoad = java.util.Objects.requireNonNull(v);
  }

  /** Null when unset. */
  public String masterauth() {
    return masterauth;
  }

  public void masterauth(String v) {
    masterauth = v == null || v.isEmpty() ? null : v;
  }

  /** Null when unset. */
  public String masteruser() {
    return masteruser;
  }

  public void masteruser(String v) {
    masteruser = v == null || v.isEmpty() ? null : v;
  }

  /** Null when unset. */
  public String replicaAnnounceIp() {
    return replicaAnnounceIp;
  }

  public void replicaAnnounceIp(String v) {
    replicaAnnounceIp = v == null || v.isEmpty() ? null : v;
  }

  /** 0 when unset: the replica announces its own port. */
  public int replicaAnnouncePort() {
    return replicaAnnouncePort;
  }

  public void replicaAnnouncePort(int v) {
    if (v < 0 || v > 65535) {
      throw new IllegalArgumentException("replica-announce-port out of range: " + v);
    }
    replicaAnnouncePort = v;
  }

  public boolean replicaServeStaleData() {
    return replicaServeStaleData;
  }

  public void replicaServeStaleData(boolean v) {
    replicaServeStaleData = v;
  }

  public boolean replicaReadOnly() {
    return replicaReadOnly;
  }

  public void replicaReadOnly(boolean v) {
    replicaReadOnly = v;
  }

  public int replicaPriority() {
    return replicaPriority;
  }

  public void replicaPriority(int v) {
    replicaPriority = (int) requireNonNegative("replica-priority", v);
  }

  public boolean replicaAnnounced() {
    return replicaAnnounced;
  }

  public void replicaAnnounced(boolean v) {
    replicaAnnounced = v;
  }

  public OutputBufferLimit replicaOutputBufferLimit() {
    return replicaOutputBufferLimit;
  }

  public void replicaOutputBufferLimit(OutputBufferLimit v) {
    replicaOutputBufferLimit = java.util.Objects.requireNonNull(v);
  }

  private static long requireNonNegative(String name, long v) {
    if (v < 0) {
      throw new IllegalArgumentException(name + " must not be negative");
    }
    return v;
  }
}
