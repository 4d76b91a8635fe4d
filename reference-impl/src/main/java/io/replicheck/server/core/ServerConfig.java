package io.replicheck.server.core;

import io.replicheck.server.config.ConfigException;
import io.replicheck.server.config.ConfigParam;
import io.replicheck.server.config.ConfigRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The core's configuration values, with redis 7.0's defaults, and their parameters in a {@link
 * ConfigRegistry}. Read on the command thread; set at startup or by CONFIG SET.
 */
public final class ServerConfig {
  public int port = 6379;
  public List<String> bind = List.of("127.0.0.1");
  public String requirepass = "";
  public String masterauth = "";
  public String masteruser = "";
  public Path dir = Path.of("").toAbsolutePath();
  public String dbfilename = "dump.rdb";

  /** Save points: pairs of (seconds, changes). */
  public List<long[]> save =
      new ArrayList<>(List.of(new long[] {3600, 1}, new long[] {300, 100}, new long[] {60, 10000}));

  public int databases = 16;
  public boolean protectedMode = true;
  public int maxclients = 10000;
  public int timeout;

  /**
   * redis's hidden test knob: microseconds slept after each key loaded from an RDB (negative: sleep
   * 1 µs once in that many keys), so tests can make a load take long.
   */
  public int keyLoadDelay;

  /** While loading an RDB, a replica writes its master a newline (keepalive) about this often. */
  public int loadingProcessEventsIntervalBytes = 2 * 1024 * 1024;

  /** Client-side caching's table limit in keys (0: none); redis's default. */
  public long trackingTableMaxKeys = 1_000_000;

  public String loglevel = "notice";
  public String logfile = "";
  public String pidfile = "";
  public long protoMaxBulkLen = 512L * 1024 * 1024;

  /** client-query-buffer-limit: what one client's pending request may hold. */
  public long clientQueryBufferLimit = 1024L * 1024 * 1024;

  /** maxmemory-clients: what all clients' pending requests may hold together (0 = no limit). */
  public long maxmemoryClients;

  public final Limits limits = new Limits();
  public final MaxmemoryConfig maxmemory = new MaxmemoryConfig();
  public boolean rdbcompression = true;

  /** hll-sparse-max-bytes: a sparse HyperLogLog longer than this becomes dense. */
  public long hllSparseMaxBytes = 3000;

  public boolean rdbchecksum = true;
  public boolean replicaReadOnly = true;
  public String enableDebugCommand = "local";
  public boolean activeExpireEnabled = true;

  /**
   * redis's test knob: microseconds to pause after each key of a snapshot (negative: 1 us once in
   * -n keys on average). Slows full syncs so that tests can write while a snapshot is taken.
   */
  public int rdbKeySaveDelay;

  /** ms a script may run before it is stopped (redis: before other clients get BUSY); 0 = none. */
  public int busyReplyThreshold = 5000;

  public boolean appendonly;
  public boolean daemonize;

  /** After loading: the error for a setting this server cannot honour, or null. */
  public String unsupportedSetting() {
    if (daemonize) {
      return "daemonize yes is not supported: run the server under a supervisor (--daemonize no)";
    }
    return null;
  }

  /** True while the config file is being read (save lines accumulate then). */
  public boolean loadingConfigFile;

  private boolean saveSeenInFile;

  /** Registers every parameter of the core. */
  public void register(ConfigRegistry r) {
    maxmemory.register(r);
    r.register(
        ConfigParam.longInt(
            "tracking-table-max-keys",
            0,
            Long.MAX_VALUE,
            () -> trackingTableMaxKeys,
            v -> trackingTableMaxKeys = v));
    r.register(ConfigParam.integer("port", 0, 65535, () -> port, v -> port = v).immutable());
    r.register(
        new ConfigParam(
            "bind",
            List.of(),
            () -> String.join(" ", bind),
            v -> bind = List.of(v.trim().split("\\s+")),
            false,
            1,
            16));
    r.register(ConfigParam.string("requirepass", () -> requirepass, v -> requirepass = v));
    r.register(ConfigParam.string("masterauth", () -> masterauth, v -> masterauth = v));
    r.register(ConfigParam.string("masteruser", () -> masteruser, v -> masteruser = v));
    r.register(
        new ConfigParam(
            "dir",
            List.of(),
            () -> dir.toString(),
            v -> {
              Path p = Path.of(v).toAbsolutePath().normalize();
              if (!Files.isDirectory(p)) {
                throw new ConfigException("No such file or directory");
              }
              dir = p;
            },
            true,
            1,
            1));
    r.register(ConfigParam.string("dbfilename", () -> dbfilename, v -> dbfilename = v));
    r.register(new ConfigParam("save", List.of(), this::saveString, this::setSave, true, 0, 64));
    r.register(
        ConfigParam.integer("databases", 1, Integer.MAX_VALUE, () -> databases, v -> databases = v)
            .immutable());
    r.register(ConfigParam.bool("protected-mode", () -> protectedMode, v -> protectedMode = v));
    r.register(
        ConfigParam.integer(
            "maxclients", 1, Integer.MAX_VALUE, () -> maxclients, v -> maxclients = v));
    r.register(
        ConfigParam.integer("timeout", 0, Integer.MAX_VALUE, () -> timeout, v -> timeout = v));
    r.register(
        ConfigParam.integer(
            "key-load-delay",
            Integer.MIN_VALUE,
            Integer.MAX_VALUE,
            () -> keyLoadDelay,
            v -> keyLoadDelay = v));
    r.register(
        ConfigParam.integer(
            "loading-process-events-interval-bytes",
            1024,
            Integer.MAX_VALUE,
            () -> loadingProcessEventsIntervalBytes,
            v -> loadingProcessEventsIntervalBytes = v));
    r.register(
        ConfigParam.enumeration(
            "loglevel",
            List.of("debug", "verbose", "notice", "warning", "nothing"),
            () -> loglevel,
            v -> loglevel = v));
    r.register(ConfigParam.string("logfile", () -> logfile, v -> logfile = v).immutable());
    r.register(ConfigParam.string("pidfile", () -> pidfile, v -> pidfile = v).immutable());
    r.register(
        ConfigParam.memory(
            "proto-max-bulk-len",
            1024 * 1024,
            Long.MAX_VALUE,
            () -> protoMaxBulkLen,
            v -> protoMaxBulkLen = v));
    r.register(
        ConfigParam.memory(
            "client-query-buffer-limit",
            1024 * 1024,
            Long.MAX_VALUE,
            () -> clientQueryBufferLimit,
            v -> clientQueryBufferLimit = v));
    r.register(
        new ConfigParam(
            "maxmemory-clients",
            List.of(),
            () -> Long.toString(maxmemoryClients),
            v -> {
              if (v.trim().endsWith("%")) {
                // redis takes a share of maxmemory, which this server does not enforce.
                throw new ConfigException(
                    "percent values are not supported (maxmemory is not enforced)");
              }
              long n = ConfigParam.parseMemory(v);
              if (n < 0) {
                throw new ConfigException("argument must be a memory value");
              }
              maxmemoryClients = n;
            },
            true,
            1,
            1));
    r.register(
        ConfigParam.integer(
                "list-max-listpack-size",
                Integer.MIN_VALUE,
                Integer.MAX_VALUE,
                () -> limits.listMaxListpackSize,
                v -> limits.listMaxListpackSize = v)
            .withAliases("list-max-ziplist-size"));
    r.register(
        ConfigParam.integer(
                "hash-max-listpack-entries",
                0,
                Integer.MAX_VALUE,
                () -> limits.hashMaxListpackEntries,
                v -> limits.hashMaxListpackEntries = v)
            .withAliases("hash-max-ziplist-entries"));
    r.register(
        ConfigParam.integer(
                "hash-max-listpack-value",
                0,
                Integer.MAX_VALUE,
                () -> limits.hashMaxListpackValue,
                v -> limits.hashMaxListpackValue = v)
            .withAliases("hash-max-ziplist-value"));
    r.register(
        ConfigParam.integer(
            "set-max-intset-entries",
            0,
            Integer.MAX_VALUE,
            () -> limits.setMaxIntsetEntries,
            v -> limits.setMaxIntsetEntries = v));
    r.register(
        ConfigParam.integer(
                "zset-max-listpack-entries",
                0,
                Integer.MAX_VALUE,
                () -> limits.zsetMaxListpackEntries,
                v -> limits.zsetMaxListpackEntries = v)
            .withAliases("zset-max-ziplist-entries"));
    r.register(
        ConfigParam.integer(
                "zset-max-listpack-value",
                0,
                Integer.MAX_VALUE,
                () -> limits.zsetMaxListpackValue,
                v -> limits.zsetMaxListpackValue = v)
            .withAliases("zset-max-ziplist-value"));
    r.register(
        ConfigParam.integer(
                "busy-reply-threshold",
                0,
                Integer.MAX_VALUE,
                () -> busyReplyThreshold,
                v -> busyReplyThreshold = v)
            .withAliases("lua-time-limit"));
    r.register(ConfigParam.bool("rdbcompression", () -> rdbcompression, v -> rdbcompression = v));
    r.register(
        ConfigParam.memory(
            "hll-sparse-max-bytes",
            0,
            Long.MAX_VALUE,
            () -> hllSparseMaxBytes,
            v -> hllSparseMaxBytes = v));
    r.register(
        ConfigParam.integer(
            "rdb-key-save-delay",
            Integer.MIN_VALUE,
            Integer.MAX_VALUE,
            () -> rdbKeySaveDelay,
            v -> rdbKeySaveDelay = v));
    r.register(
        ConfigParam.bool("rdbchecksum", () -> rdbchecksum, v -> rdbchecksum = v).immutable());
    r.register(
        ConfigParam.bool("replica-read-only", () -> replicaReadOnly, v -> replicaReadOnly = v)
            .withAliases("slave-read-only"));
    // persist.AofConfig overrides this with the parameter that switches AOF at run time.
    r.register(ConfigParam.bool("appendonly", () -> appendonly, v -> appendonly = v));
    r.register(
        new ConfigParam(
            "daemonize",
            List.of(),
            () -> daemonize ? "yes" : "no",
            v -> daemonize = ConfigParam.parseBool(v),
            false,
            1,
            1));
    r.register(
        ConfigParam.enumeration(
                "enable-debug-command",
                List.of("no", "yes", "local"),
                () -> enableDebugCommand,
                v -> enableDebugCommand = v)
            .immutable());
  }

  private String saveString() {
    StringBuilder b = new StringBuilder();
    for (long[] p : save) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(p[0]).append(' ').append(p[1]);
    }
    return b.toString();
  }

  private void setSave(String v) throws ConfigException {
    String[] parts = v.trim().isEmpty() ? new String[0] : v.trim().split("\\s+");
    if (parts.length % 2 != 0) {
      throw new ConfigException("Invalid save parameters");
    }
    List<long[]> points = new ArrayList<>();
    for (int i = 0; i < parts.length; i += 2) {
      try {
        long s = Long.parseLong(parts[i]);
        long c = Long.parseLong(parts[i + 1]);
        if (s < 1 || c < 0) {
          throw new ConfigException("Invalid save parameters");
        }
        points.add(new long[] {s, c});
      } catch (NumberFormatException e) {
        throw new ConfigException("Invalid save parameters");
      }
    }
    if (loadingConfigFile && saveSeenInFile && !points.isEmpty()) {
      save.addAll(points); // successive save lines in a config file add up
      return;
    }
    saveSeenInFile = loadingConfigFile;
    save = points;
  }
}
