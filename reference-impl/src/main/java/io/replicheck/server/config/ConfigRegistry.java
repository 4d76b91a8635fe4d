package io.replicheck.server.config;

import io.replicheck.server.util.Glob;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * All configuration parameters by name and alias. Startup parsing ({@link ConfigLoader}) and CONFIG
 * GET/SET use the same registry, so a parameter registered by another package (for example
 * replication's {@code repl-backlog-size}) works in redis.conf, as {@code --repl-backlog-size} and
 * with CONFIG at run time. Register before the configuration is loaded.
 */
public final class ConfigRegistry {
  /**
   * redis directives that only tune redis's internals: accepted (with a warning at startup) and
   * remembered so CONFIG GET shows them, but they change nothing here.
   */
  public static final Set<String> TUNING_ONLY =
      Set.of(
          "activerehashing",
          "lazyfree-lazy-eviction",
          "lazyfree-lazy-expire",
          "lazyfree-lazy-server-del",
          "lazyfree-lazy-user-del",
          "lazyfree-lazy-user-flush",
          "replica-lazy-flush",
          "slave-lazy-flush",
          "hz",
          "dynamic-hz",
          "jemalloc-bg-thread",
          "latency-monitor-threshold",
          "latency-tracking",
          "latency-tracking-info-percentiles",
          "activedefrag",
          "active-defrag-ignore-bytes",
          "active-defrag-threshold-lower",
          "active-defrag-threshold-upper",
          "active-defrag-cycle-min",
          "active-defrag-cycle-max",
          "active-defrag-max-scan-fields",
          "io-threads",
          "io-threads-do-reads",
          "maxmemory",
          "maxmemory-policy",
          "maxmemory-samples",
          "maxmemory-eviction-tenacity",
          "slowlog-log-slower-than",
          "slowlog-max-len",
          "tcp-backlog",
          "tcp-keepalive",
          "supervised",
          "always-show-logo",
          "set-proc-title",
          "proc-title-template",
          "stop-writes-on-bgsave-error",
          "rdb-del-sync-files",
          "rdb-save-incremental-fsync",
          "aof-rewrite-incremental-fsync",
          "aof-load-truncated",
          "aof-use-rdb-preamble",
          "aof-timestamp-enabled",
          "appendfsync",
          "appendfilename",
          "appenddirname",
          "no-appendfsync-on-rewrite",
          "auto-aof-rewrite-percentage",
          "auto-aof-rewrite-min-size",
          "lua-time-limit",
          "busy-reply-threshold",
          "notify-keyspace-events",
          "stream-node-max-bytes",
          "stream-node-max-entries",
          "hll-sparse-max-bytes",
          "list-compress-depth",
          "oom-score-adj",
          "oom-score-adj-values",
          "disable-thp",
          "crash-log-enabled",
          "crash-memcheck-enabled",
          "syslog-enabled",
          "syslog-ident",
          "syslog-facility",
          "unixsocketperm",
          "lfu-log-factor",
          "lfu-decay-time",
          "active-expire-effort",
          "locale-collate",
          "ignore-warnings",
          "enable-protected-configs",
          "enable-module-command",
          "sanitize-dump-payload",
          "acllog-max-len",
          "cluster-enabled",
          "cluster-config-file",
          "cluster-node-timeout",
          "shutdown-timeout",
          "shutdown-on-sigint",
          "shutdown-on-sigterm",
          "propagation-error-behavior",
          "replica-ignore-disk-write-errors",
          "tls-port",
          "unixsocket",
          "bind-source-addr",
          "tls-replication",
          "tls-cluster",
          "cluster-announce-ip",
          "replica-announce-ip",
          "replica-announce-port",
          "slave-announce-ip",
          "slave-announce-port",
          "replica-announced",
          "replica-priority",
          "slave-priority",
          "save-incremental-fsync",
          "activedefrag-enabled",
          "lua-replicate-commands",
          "min-slaves-to-write",
          "min-slaves-max-lag");

  private final Map<String, ConfigParam> byName = new LinkedHashMap<>();
  private final Map<String, ConfigParam> byAlias = new LinkedHashMap<>();
  private final Map<String, String> tuningValues = new TreeMap<>();

  /**
   * Each parameter's value when registered (before any configuration): CONFIG REWRITE's default.
   */
  private final Map<String, String> defaults = new LinkedHashMap<>();

  /** Adds a parameter; fails if its name or an alias is already taken. */
  public synchronized void register(ConfigParam p) {
    if (lookup(p.name()) != null) {
      throw new IllegalArgumentException("config parameter already registered: " + p.name());
    }
    put(p);
  }

  /** Adds a parameter, replacing any with the same name (and its aliases). */
  public synchronized void override(ConfigParam p) {
    ConfigParam old = byName.remove(p.name());
    if (old != null) {
      for (String a : old.aliases()) {
        byAlias.remove(a);
      }
    }
    put(p);
  }

  private void put(ConfigParam p) {
    byName.put(p.name(), p);
    defaults.put(p.name(), p.get());
    for (String a : p.aliases()) {
      byAlias.put(a.toLowerCase(Locale.ROOT), p);
    }
  }

  /** The parameter with this name or alias (case-insensitive), or null. */
  public synchronized ConfigParam lookup(String nameOrAlias) {
    String n = nameOrAlias.toLowerCase(Locale.ROOT);
    ConfigParam p = byName.get(n);
    return p != null ? p : byAlias.get(n);
  }

  public synchronized Collection<ConfigParam> all() {
    return List.copyOf(byName.values());
  }

  /** True for a directive accepted only for compatibility (see {@link #TUNING_ONLY}). */
  public boolean isTuningOnly(String name) {
    return TUNING_ONLY.contains(name.toLowerCase(Locale.ROOT)) && lookup(name) == null;
  }

  /** A parameter's default value (its value at registration), or null when unknown. */
  public synchronized String defaultValue(String name) {
    return defaults.get(name);
  }

  /** The compatibility-only directives that were set, by name. */
  public synchronized Map<String, String> tuningValues() {
    return new TreeMap<>(tuningValues);
  }

  public synchronized void setTuning(String name, String value) {
    tuningValues.put(name.toLowerCase(Locale.ROOT), value);
  }

  /**
   * CONFIG GET: name/value pairs of parameters matching any pattern (glob, case-insensitive); an
   * exact alias is answered under that alias as redis does.
   */
  public synchronized Map<String, String> get(List<String> patterns) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pat : patterns) {
      String lp = pat.toLowerCase(Locale.ROOT);
      boolean glob = lp.indexOf('*') >= 0 || lp.indexOf('?') >= 0 || lp.indexOf('[') >= 0;
      if (!glob) {
        ConfigParam p = lookup(lp);
        if (p != null) {
          out.put(lp, p.get());
        } else if (tuningValues.containsKey(lp)) {
          out.put(lp, tuningValues.get(lp));
        }
        continue;
      }
      for (ConfigParam p : byName.values()) {
        if (Glob.match(lp, p.name(), true)) {
          out.put(p.name(), p.get());
        }
        for (String a : p.aliases()) {
          if (Glob.match(lp, a, true)) {
            out.put(a, p.get()); // redis 7.0 lists matching aliases too
          }
        }
      }
      for (Map.Entry<String, String> e : tuningValues.entrySet()) {
        if (Glob.match(lp, e.getKey(), true)) {
          out.putIfAbsent(e.getKey(), e.getValue());
        }
      }
    }
    return out;
  }

  /**
   * CONFIG SET of several name/value pairs, all or nothing as far as validation goes: returns null
   * or redis's error text.
   */
  public synchronized String set(List<String> namesAndValues) {
    List<ConfigParam> params = new ArrayList<>();
    for (int i = 0; i + 1 < namesAndValues.size(); i += 2) {
      String name = namesAndValues.get(i);
      ConfigParam p = lookup(name);
      if (p == null) {
        if (isTuningOnly(name)) {
          params.add(null);
          continue;
        }
        return "ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'";
      }
      if (!p.mutable()) {
        return "ERR CONFIG SET failed (possibly related to argument '"
            + name
            + "') - can't set immutable config";
      }
      params.add(p);
    }
    for (int i = 0; i < params.size(); i++) {
      String name = namesAndValues.get(2 * i);
      String value = namesAndValues.get(2 * i + 1);
      ConfigParam p = params.get(i);
      if (p == null) {
        setTuning(name, value);
        continue;
      }
      try {
        p.set(value);
      } catch (ConfigException e) {
        return "ERR CONFIG SET failed (possibly related to argument '"
            + name
            + "') - "
            + e.getMessage();
      }
    }
    return null;
  }
}
