package io.replicheck.server.core;

import io.replicheck.server.config.ConfigParam;
import io.replicheck.server.config.ConfigRegistry;
import java.util.List;

/**
 * maxmemory and eviction settings, with redis 7.0's defaults ({@link Eviction} applies them).
 * Registered with the core's other parameters by {@link ServerConfig#register}.
 */
public final class MaxmemoryConfig {
  /** The eviction policies, in redis's order (CONFIG SET's error lists them). */
  public static final List<String> POLICIES =
      List.of(
          "volatile-lru",
          "volatile-lfu",
          "volatile-random",
          "volatile-ttl",
          "allkeys-lru",
          "allkeys-lfu",
          "allkeys-random",
          "noeviction");

  /** Bytes of estimated used memory above which the policy applies; 0 = no limit. */
  public long maxmemory;

  public String policy = "noeviction";
  public int samples = 5;
  public int tenacity = 10;
  public boolean replicaIgnoreMaxmemory = true;

  /** Evictions are propagated as UNLINK instead of DEL. */
  public boolean lazyfreeLazyEviction;

  public int lfuLogFactor = 10;
  public int lfuDecayTime = 1;

  /** Runs after maxmemory is set at run time (the core evicts then, as redis's updateMaxmemory). */
  private Runnable onSet = () -> {};

  void onSet(Runnable r) {
    onSet = r;
  }

  public boolean lfu() {
    return policy.endsWith("-lfu");
  }

  void register(ConfigRegistry r) {
    r.register(
        ConfigParam.memory(
            "maxmemory",
            0,
            Long.MAX_VALUE,
            () -> maxmemory,
            v -> {
              maxmemory = v;
              onSet.run();
            }));
    r.register(
        ConfigParam.enumeration("maxmemory-policy", POLICIES, () -> policy, v -> policy = v));
    r.register(ConfigParam.integer("maxmemory-samples", 1, 64, () -> samples, v -> samples = v));
    r.register(
        ConfigParam.integer(
            "maxmemory-eviction-tenacity", 0, 100, () -> tenacity, v -> tenacity = v));
    r.register(
        ConfigParam.bool(
                "replica-ignore-maxmemory",
                () -> replicaIgnoreMaxmemory,
                v -> replicaIgnoreMaxmemory = v)
            .withAliases("slave-ignore-maxmemory"));
    r.register(
        ConfigParam.bool(
            "lazyfree-lazy-eviction", () -> lazyfreeLazyEviction, v -> lazyfreeLazyEviction = v));
    r.register(
        ConfigParam.integer(
            "lfu-log-factor", 0, Integer.MAX_VALUE, () -> lfuLogFactor, v -> lfuLogFactor = v));
    r.register(
        ConfigParam.integer(
            "lfu-decay-time", 0, Integer.MAX_VALUE, () -> lfuDecayTime, v -> lfuDecayTime = v));
  }
}
