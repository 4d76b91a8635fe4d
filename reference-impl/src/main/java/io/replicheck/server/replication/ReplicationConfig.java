package io.replicheck.server.replication;

import io.replicheck.server.config.ConfigException;
import io.replicheck.server.config.ConfigParam;
import io.replicheck.server.config.ConfigRegistry;
import java.util.List;
import java.util.Locale;

/**
 * The replication directives in the server's config registry, so they work in redis.conf, as {@code
 * --directive value} and with CONFIG GET/SET, with redis's names, aliases and ranges.
 */
final class ReplicationConfig {
  /** From the replicaof directive, applied once the server listens; null host when unset. */
  String startupMasterHost;

  int startupMasterPort;

  private final ReplicationSettings s;
  private final BugSwitch bugs;

  /** Backlog resizes go through the node once it exists, so the live ring follows. */
  private ReplicationMaster master;

  private String otherOutputLimits = "normal 0 0 0 pubsub 33554432 8388608 60";

  ReplicationConfig(ReplicationSettings settings, BugSwitch bugs) {
    this.s = settings;
    this.bugs = bugs;
  }

  void attach(ReplicationMaster m) {
    master = m;
  }

  /** The core's pub/sub registry enforces the pubsub class of client-output-buffer-limit. */
  private io.replicheck.server.core.PubSub pubSub;

  void attach(io.replicheck.server.core.PubSub p) {
    pubSub = p;
    applyPubsubLimit();
  }

  private void applyPubsubLimit() {
    if (pubSub != null) {
      String[] o = otherOutputLimits.split(" ");
      pubSub.setOutputLimit(Long.parseLong(o[5]), Long.parseLong(o[6]), Long.parseLong(o[7]));
    }
  }

  void register(ConfigRegistry r) {
    r.register(
        new ConfigParam(
            "replicaof", List.of("slaveof"), this::replicaOf, this::setReplicaOf, false, 2, 2));
    r.register(
        ConfigParam.memory(
            "repl-backlog-size",
            1,
            ReplicationBacklog.MAX_SIZE,
            s::replBacklogSize,
            v -> {
              if (master != null) {
                master.resizeBacklog(v);
              } else {
                s.replBacklogSize(v);
              }
            }));
    r.register(
        ConfigParam.longInt(
            "repl-backlog-ttl",
            0,
            Integer.MAX_VALUE,
            s::replBacklogTtlSeconds,
            s::replBacklogTtlSeconds));
    r.register(
        ConfigParam.longInt(
            "repl-timeout", 1, Integer.MAX_VALUE, s::replTimeoutSeconds, s::replTimeoutSeconds));
    r.register(
        ConfigParam.longInt(
                "repl-ping-replica-period",
                1,
                Integer.MAX_VALUE,
                s::replPingReplicaPeriodSeconds,
                s::replPingReplicaPeriodSeconds)
            .withAliases("repl-ping-slave-period"));
    r.register(
        ConfigParam.integer(
                "min-replicas-to-write",
                0,
                Integer.MAX_VALUE,
                s::minReplicasToWrite,
                s::minReplicasToWrite)
            .withAliases("min-slaves-to-write"));
    r.register(
        ConfigParam.longInt(
                "min-replicas-max-lag",
                0,
                Integer.MAX_VALUE,
                s::minReplicasMaxLagSeconds,
                s::minReplicasMaxLagSeconds)
            .withAliases("min-slaves-max-lag"));
    r.register(ConfigParam.bool("repl-diskless-sync", s::replDisklessSync, s::replDisklessSync));
    r.register(
        ConfigParam.longInt(
            "repl-diskless-sync-delay",
            0,
            Integer.MAX_VALUE,
            s::replDisklessSyncDelaySeconds,
            s::replDisklessSyncDelaySeconds));
    r.register(
        ConfigParam.integer(
            "repl-diskless-sync-max-replicas", 0, Integer.MAX_VALUE, () -> 0, v -> {}));
    r.register(
        ConfigParam.enumeration(
            "repl-diskless-load",
            List.of("disabled", "on-empty-db", "swapdb"),
            () -> s.replDisklessLoad().configName(),
            v ->
                s.replDisklessLoad(
                    ReplicationSettings.DisklessLoad.valueOf(
                        v.toUpperCase(Locale.ROOT).replace('-', '_')))));
    r.register(ConfigParam.bool("repl-disable-tcp-nodelay", () -> false, v -> {}));
    r.register(
        ConfigParam.bool(
                "replica-serve-stale-data", s::replicaServeStaleData, s::replicaServeStaleData)
            .withAliases("slave-serve-stale-data"));
    r.register(
        ConfigParam.string("replica-announce-ip", s::replicaAnnounceIp, s::replicaAnnounceIp)
            .withAliases("slave-announce-ip"));
    r.register(
        ConfigParam.integer(
                "replica-announce-port", 0, 65535, s::replicaAnnouncePort, s::replicaAnnouncePort)
            .withAliases("slave-announce-port"));
    r.register(
        ConfigParam.integer(
                "replica-priority", 0, Integer.MAX_VALUE, s::replicaPriority, s::replicaPriority)
            .withAliases("slave-priority"));
    r.register(ConfigParam.bool("replica-announced", s::replicaAnnounced, s::replicaAnnounced));
    r.register(
        new ConfigParam(
            "client-output-buffer-limit",
            List.of(),
            this::outputLimits,
            this::setOutputLimits,
            true,
            4,
            12));
    r.register(
        new ConfigParam(
            "inject-bug",
            List.of(),
            bugs::configValue,
            v -> {
              try {
                bugs.set(v);
              } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
              }
            },
            true,
            1,
            1));
  }

  /** Once running, the live role (CONFIG GET and CONFIG REWRITE see what REPLICAOF made it). */
  private ReplicaLink link;

  void attach(ReplicaLink l) {
    link = l;
  }

  private String replicaOf() {
    if (link != null) {
      return link.isReplica() ? link.masterHost() + " " + link.masterPort() : "";
    }
    return startupMasterHost == null ? "" : startupMasterHost + " " + startupMasterPort;
  }

  private void setReplicaOf(String v) throws ConfigException {
    String[] p = v.trim().split("\\s+");
    if (p.length != 2) {
      throw new ConfigException("wrong number of arguments");
    }
    if (p[0].equalsIgnoreCase("no") && p[1].equalsIgnoreCase("one")) {
      startupMasterHost = null;
      return;
    }
    try {
      int port = Integer.parseInt(p[1]);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      startupMasterHost = p[0];
      startupMasterPort = port;
    } catch (NumberFormatException e) {
      throw new ConfigException("Invalid master port");
    }
  }

  private String outputLimits() {
    OutputBufferLimit l = s.replicaOutputBufferLimit();
    String[] parts = otherOutputLimits.split(" ");
    return parts[0]
        + " "
        + parts[1]
        + " "
        + parts[2]
        + " "
        + parts[3]
        + " slave "
        + l.hardBytes()
        + " "
        + l.softBytes()
        + " "
        + l.softSeconds()
        + " "
        + parts[4]
        + " "
        + parts[5]
        + " "
        + parts[6]
        + " "
        + parts[7];
  }

  /** {@code <class> <hard> <soft> <seconds>} repeated; classes normal, replica/slave, pubsub. */
  private void setOutputLimits(String v) throws ConfigException {
    String[] p = v.trim().split("\\s+");
    if (p.length % 4 != 0) {
      throw new ConfigException("Wrong number of arguments in buffer limit configuration.");
    }
    String[] other = otherOutputLimits.split(" ");
    OutputBufferLimit replica = s.replicaOutputBufferLimit();
    for (int i = 0; i < p.length; i += 4) {
      String cls = p[i].toLowerCase(Locale.ROOT);
      long hard = ConfigParam.parseMemory(p[i + 1]);
      long soft = ConfigParam.parseMemory(p[i + 2]);
      long secs = ConfigParam.parseLongArg(p[i + 3]);
      if (hard < 0 || soft < 0 || secs < 0) {
        throw new ConfigException("Invalid client class specified in buffer limit configuration.");
      }
      switch (cls) {
        case "replica", "slave" -> replica = new OutputBufferLimit(hard, soft, secs);
        case "normal" -> {
          other[1] = Long.toString(hard);
          other[2] = Long.toString(soft);
          other[3] = Long.toString(secs);
        }
        case "pubsub" -> {
          other[5] = Long.toString(hard);
          other[6] = Long.toString(soft);
          other[7] = Long.toString(secs);
        }
        default ->
            throw new ConfigException(
                "Invalid client class specified in buffer limit configuration.");
      }
    }
    s.replicaOutputBufferLimit(replica);
    otherOutputLimits = String.join(" ", other);
    applyPubsubLimit();
  }
}
