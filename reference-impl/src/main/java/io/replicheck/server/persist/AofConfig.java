package io.replicheck.server.persist;

import io.replicheck.server.config.ConfigException;
import io.replicheck.server.config.ConfigParam;
import io.replicheck.server.config.ConfigRegistry;
import io.replicheck.server.core.ServerConfig;
import java.util.List;

/**
 * The AOF directives, with redis 7.0's defaults: appendonly (kept in {@link
 * ServerConfig#appendonly}), appendfilename and appenddirname (immutable), appendfsync,
 * aof-use-rdb-preamble, auto-aof-rewrite-percentage/-min-size, aof-load-truncated,
 * aof-timestamp-enabled. Registered before the configuration is read; switching appendonly at run
 * time is handed to {@link Aof}.
 */
public final class AofConfig {
  /** Turns AOF on or off at run time (CONFIG SET appendonly); returns an error text or null. */
  interface Switch {
    String set(boolean on);
  }

  private final ServerConfig server;
  String appendfilename = "appendonly.aof";
  String appenddirname = "appendonlydir";
  String appendfsync = "everysec";
  boolean useRdbPreamble = true;
  int rewritePercentage = 100;
  long rewriteMinSize = 64L * 1024 * 1024;
  boolean loadTruncated = true;
  boolean timestampEnabled;
  private Switch onSwitch;

  public AofConfig(ServerConfig server) {
    this.server = server;
  }

  boolean appendonly() {
    return server.appendonly;
  }

  void onSwitch(Switch s) {
    this.onSwitch = s;
  }

  public void register(ConfigRegistry r) {
    r.override(
        new ConfigParam(
            "appendonly",
            List.of(),
            () -> server.appendonly ? "yes" : "no",
            v -> {
              boolean yes = ConfigParam.parseBool(v);
              if (onSwitch != null && !server.loadingConfigFile && yes != server.appendonly) {
                String err = onSwitch.set(yes);
                if (err != null) {
                  throw new ConfigException(err);
                }
              }
              server.appendonly = yes;
            },
            true,
            1,
            1));
    r.register(
        new ConfigParam(
                "appendfilename",
                List.of(),
                () -> appendfilename,
                v ->
                    appendfilename =
                        checkName(v, "appendfilename can't be a path, just a filename"),
                true,
                1,
                1)
            .immutable());
    r.register(
        new ConfigParam(
                "appenddirname",
                List.of(),
                () -> appenddirname,
                v -> appenddirname = checkName(v, "appenddirname can't be a path, just a dirname"),
                true,
                1,
                1)
            .immutable());
    r.register(
        ConfigParam.enumeration(
            "appendfsync",
            List.of("always", "everysec", "no"),
            () -> appendfsync,
            v -> appendfsync = v));
    r.register(
        ConfigParam.bool("aof-use-rdb-preamble", () -> useRdbPreamble, v -> useRdbPreamble = v));
    r.register(
        ConfigParam.integer(
            "auto-aof-rewrite-percentage",
            0,
            Integer.MAX_VALUE,
            () -> rewritePercentage,
            v -> rewritePercentage = v));
    r.register(
        ConfigParam.memory(
            "auto-aof-rewrite-min-size",
            0,
            Long.MAX_VALUE,
            () -> rewriteMinSize,
            v -> rewriteMinSize = v));
    r.register(ConfigParam.bool("aof-load-truncated", () -> loadTruncated, v -> loadTruncated = v));
    r.register(
        ConfigParam.bool(
            "aof-timestamp-enabled", () -> timestampEnabled, v -> timestampEnabled = v));
  }

  /** redis's isValidAOFfilename / isValidAOFdirname: a plain name, not a path. */
  private static String checkName(String v, String error) throws ConfigException {
    if (v.isEmpty() || v.contains("/") || v.equals(".") || v.equals("..")) {
      throw new ConfigException(error);
    }
    return v;
  }
}
