package io.replicheck.server.core;

/** Command flags as in redis's command table (COMMAND INFO shows them). */
public enum CommandFlag {
  WRITE("write"),
  READONLY("readonly"),
  DENYOOM("denyoom"),
  ADMIN("admin"),
  PUBSUB("pubsub"),
  NOSCRIPT("noscript"),
  BLOCKING("blocking"),
  LOADING("loading"),
  STALE("stale"),
  SKIP_MONITOR("skip_monitor"),
  FAST("fast"),
  NO_AUTH("no_auth"),
  MAY_REPLICATE("may_replicate"),
  NO_MULTI("no_multi"),
  ALLOW_BUSY("allow_busy"),
  // Shown by COMMAND INFO as redis does; nothing here acts on them.
  SKIP_SLOWLOG("skip_slowlog"),
  NO_ASYNC_LOADING("no_async_loading"),
  NO_MANDATORY_KEYS("no_mandatory_keys"),
  MOVABLEKEYS("movablekeys");

  private final String redisName;

  CommandFlag(String redisName) {
    this.redisName = redisName;
  }

  public String redisName() {
    return redisName;
  }

  /**
   * Whether COMMAND INFO lists it: redis 7.0.15 does not list {@code may_replicate} for any command
   * (EVAL, PUBLISH and PFCOUNT carry it in its table), so neither do we.
   */
  public boolean shown() {
    return this != MAY_REPLICATE;
  }
}
