package io.replicheck.server.command;

import io.replicheck.server.core.Client;
import io.replicheck.server.core.ClientKind;
import io.replicheck.server.core.Db;
import io.replicheck.server.core.InfoRegistry.Section;
import io.replicheck.server.core.ServerCore;
import io.replicheck.server.core.ServerInfo;
import io.replicheck.server.core.Stats;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/** The INFO sections of the core, with redis 7.0's field names and order. */
final class InfoSections {
  private InfoSections() {}

  static void register(ServerCore core, io.replicheck.server.script.Scripting scripting) {
    var info = core.info();
    info.put("server", new Section("Server", true, sb -> server(core, sb)));
    info.put("clients", new Section("Clients", true, sb -> clients(core, sb)));
    info.put("memory", new Section("Memory", true, sb -> memory(core, scripting, sb)));
    info.put("persistence", new Section("Persistence", true, sb -> core.persistence().info(sb)));
    info.put("stats", new Section("Stats", true, sb -> stats(core, sb)));
    info.put("replication", new Section("Replication", true, sb -> replication(core, sb)));
    info.put("cpu", new Section("CPU", true, InfoSections::cpu));
    info.put("modules", new Section("Modules", true, sb -> {}));
    info.put("errorstats", new Section("Errorstats", true, sb -> {}));
    info.put("cluster", new Section("Cluster", true, sb -> sb.append("cluster_enabled:0\r\n")));
    info.put("keyspace", new Section("Keyspace", true, sb -> keyspace(core, sb)));
  }

  private static void f(StringBuilder sb, String k, Object v) {
    sb.append(k).append(':').append(v).append("\r\n");
  }

  static void server(ServerCore core, StringBuilder sb) {
    ServerInfo si = core.serverInfo();
    long now = core.clock().currentTimeMillis();
    long up = (now - si.startTimeMs) / 1000;
    f(sb, "redis_version", ServerCore.REDIS_VERSION);
    f(sb, "redis_git_sha1", "00000000");
    f(sb, "redis_git_dirty", 0);
    f(sb, "redis_build_id", "replicheck");
    f(sb, "redis_mode", "standalone");
    f(
        sb,
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    f(sb, "arch_bits", 64);
    f(sb, "monotonic_clock", "POSIX clock_gettime");
    f(sb, "multiplexing_api", "epoll");
    f(sb, "atomicvar_api", "c11-builtin");
    f(sb, "gcc_version", "0.0.0");
    f(sb, "process_id", si.pid);
    f(sb, "process_supervised", "no");
    f(sb, "run_id", si.runId);
    f(sb, "tcp_port", si.tcpPort);
    f(sb, "server_time_usec", now * 1000);
    f(sb, "uptime_in_seconds", up);
    f(sb, "uptime_in_days", up / 86400);
    f(sb, "hz", 10);
    f(sb, "configured_hz", 10);
    f(sb, "lru_clock", (now / 1000) & ((1 << 24) - 1));
    f(sb, "executable", si.executable);
    f(sb, "config_file", si.configFile);
    f(sb, "io_threads_active", 0);
  }

  static void clients(ServerCore core, StringBuilder sb) {
    int normal = 0;
    for (Client c : core.clients()) {
      if (c.kind() != ClientKind.REPLICA) {
        normal++;
      }
    }
    f(sb, "connected_clients", normal);
    f(sb, "cluster_connections", 0);
    f(sb, "maxclients", core.config().maxclients);
    f(sb, "client_recent_max_input_buffer", 0);
    f(sb, "client_recent_max_output_buffer", 0);
    f(sb, "blocked_clients", core.blocking().blockedClientCount());
    f(sb, "tracking_clients", core.tracking().trackingClients());
    f(sb, "clients_in_timeout_table", core.blocking().blockedClientCount());
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + "B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.2fK", bytes / 1024.0);
    }
    if (bytes < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.2fM", bytes / 1048576.0);
    }
    return String.format(Locale.ROOT, "%.2fG", bytes / 1073741824.0);
  }

  static void memory(
      ServerCore core, io.replicheck.server.script.Scripting scripting, StringBuilder sb) {
    Runtime rt = Runtime.getRuntime();
    // used_memory is the dataset's deterministic estimate (MemoryEstimate), the figure maxmemory
    // compares; the JVM heap stands in for the allocator's and the process's figures.
    long used = core.eviction().usedMemory();
    long peak = core.eviction().peakMemory();
    long rss = rt.totalMemory();
    long sys = rt.maxMemory();
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      sys = os.getTotalMemorySize();
    }
    long startup = io.replicheck.server.core.MemoryEstimate.STARTUP;
    f(sb, "used_memory", used);
    f(sb, "used_memory_human", human(used));
    f(sb, "used_memory_rss", rss);
    f(sb, "used_memory_rss_human", human(rss));
    f(sb, "used_memory_peak", peak);
    f(sb, "used_memory_peak_human", human(peak));
    f(
        sb,
        "used_memory_peak_perc",
        String.format(Locale.ROOT, "%.2f%%", peak == 0 ? 0.0 : 100.0 * used / peak));
    f(sb, "used_memory_overhead", startup);
    f(sb, "used_memory_startup", startup);
    f(sb, "used_memory_dataset", used - startup);
    f(
        sb,
        "used_memory_dataset_perc",
        String.format(
            Locale.ROOT,
            "%.2f%%",
            used == startup ? 0.0 : 100.0 * (used - startup) / (used - startup)));
    f(sb, "allocator_allocated", used);
    f(sb, "allocator_active", rss);
    f(sb, "allocator_resident", rss);
    f(sb, "total_system_memory", sys);
    f(sb, "total_system_memory_human", human(sys));
    f(sb, "used_memory_lua", 0);
    f(sb, "used_memory_vm_eval", 0);
    f(sb, "used_memory_lua_human", "0B");
    f(sb, "used_memory_scripts_eval", scripting.cache().bodyBytes());
    f(sb, "number_of_cached_scripts", scripting.cache().size());
    f(sb, "number_of_functions", scripting.functions().functionCount());
    f(sb, "number_of_libraries", scripting.functions().libraries().size());
    f(sb, "used_memory_vm_functions", 0);
    f(sb, "used_memory_vm_total", 0);
    f(sb, "used_memory_vm_total_human", "0B");
    f(sb, "used_memory_functions", 0);
    f(sb, "used_memory_scripts", 0);
    f(sb, "used_memory_scripts_human", "0B");
    var mm = core.config().maxmemory;
    f(sb, "maxmemory", mm.maxmemory);
    f(sb, "maxmemory_human", human(mm.maxmemory));
    f(sb, "maxmemory_policy", mm.policy);
    f(sb, "allocator_frag_ratio", "1.00");
    f(sb, "allocator_frag_bytes", 0);
    f(sb, "allocator_rss_ratio", "1.00");
    f(sb, "allocator_rss_bytes", 0);
    f(sb, "rss_overhead_ratio", "1.00");
    f(sb, "rss_overhead_bytes", 0);
    f(sb, "mem_fragmentation_ratio", "1.00");
    f(sb, "mem_fragmentation_bytes", 0);
    f(sb, "mem_not_counted_for_evict", 0);
    f(sb, "mem_replication_backlog", 0);
    f(sb, "mem_total_replication_buffers", 0);
    f(sb, "mem_clients_slaves", 0);
    f(sb, "mem_clients_normal", core.stats().memClientsNormal);
    f(sb, "mem_cluster_links", 0);
    f(sb, "mem_aof_buffer", 0);
    f(sb, "mem_allocator", "jvm");
    f(sb, "active_defrag_running", 0);
    f(sb, "lazyfree_pending_objects", 0);
    f(sb, "lazyfreed_objects", 0);
  }

  static void stats(ServerCore core, StringBuilder sb) {
    Stats s = core.stats();
    f(sb, "total_connections_received", s.totalConnectionsReceived);
    f(sb, "total_commands_processed", s.totalCommandsProcessed);
    f(sb, "instantaneous_ops_per_sec", s.instantaneousOps());
    f(sb, "total_net_input_bytes", s.netInputBytes.get());
    f(sb, "total_net_output_bytes", s.netOutputBytes.get());
    f(sb, "total_net_repl_input_bytes", s.netReplInputBytes);
    f(sb, "total_net_repl_output_bytes", s.netReplOutputBytes);
    f(sb, "instantaneous_input_kbps", "0.00");
    f(sb, "instantaneous_output_kbps", "0.00");
    f(sb, "instantaneous_input_repl_kbps", "0.00");
    f(sb, "instantaneous_output_repl_kbps", "0.00");
    f(sb, "rejected_connections", s.rejectedConnections);
    f(sb, "sync_full", s.syncFull);
    f(sb, "sync_partial_ok", s.syncPartialOk);
    f(sb, "sync_partial_err", s.syncPartialErr);
    f(sb, "expired_keys", s.expiredKeys);
    f(sb, "expired_stale_perc", "0.00");
    f(sb, "expired_time_cap_reached_count", 0);
    f(sb, "expire_cycle_cpu_milliseconds", s.expireCycleCpuMillis);
    f(sb, "evicted_keys", s.evictedKeys);
    f(sb, "evicted_clients", s.evictedClients);
    f(sb, "total_eviction_exceeded_time", 0);
    f(sb, "current_eviction_exceeded_time", 0);
    f(sb, "keyspace_hits", s.keyspaceHits);
    f(sb, "keyspace_misses", s.keyspaceMisses);
    f(sb, "pubsub_channels", core.pubSub().channelCount());
    f(sb, "pubsub_patterns", core.pubSub().numPat());
    f(sb, "pubsubshard_channels", core.pubSub().shardChannelCount());
    f(sb, "latest_fork_usec", 0);
    f(sb, "total_forks", 0);
    f(sb, "migrate_cached_sockets", 0);
    f(sb, "slave_expires_tracked_keys", 0);
    f(sb, "active_defrag_hits", 0);
    f(sb, "active_defrag_misses", 0);
    f(sb, "active_defrag_key_hits", 0);
    f(sb, "active_defrag_key_misses", 0);
    f(sb, "total_active_defrag_time", 0);
    f(sb, "current_active_defrag_time", 0);
    f(sb, "tracking_total_keys", core.tracking().totalKeys());
    f(sb, "tracking_total_items", core.tracking().totalItems());
    f(sb, "tracking_total_prefixes", core.tracking().totalPrefixes());
    f(sb, "unexpected_error_replies", s.unexpectedErrorReplies);
    f(sb, "total_error_replies", s.totalErrorReplies);
    f(sb, "dump_payload_sanitizations", 0);
    f(sb, "total_reads_processed", s.totalReadsProcessed);
    f(sb, "total_writes_processed", s.totalWritesProcessed);
    f(sb, "io_threaded_reads_processed", 0);
    f(sb, "io_threaded_writes_processed", 0);
    f(sb, "reply_buffer_shrinks", 0);
    f(sb, "reply_buffer_expands", 0);
  }

  /** Standalone defaults; the replication package replaces this section. */
  static void replication(ServerCore core, StringBuilder sb) {
    f(sb, "role", core.isReplica() ? "slave" : "master");
    f(sb, "connected_slaves", 0);
    f(sb, "master_failover_state", "no-failover");
    f(sb, "master_replid", core.serverInfo().runId);
    f(sb, "master_replid2", "0000000000000000000000000000000000000000");
    f(sb, "master_repl_offset", 0);
    f(sb, "second_repl_offset", -1);
    f(sb, "repl_backlog_active", 0);
    f(sb, "repl_backlog_size", 1048576);
    f(sb, "repl_backlog_first_byte_offset", 0);
    f(sb, "repl_backlog_histlen", 0);
  }

  static void cpu(StringBuilder sb) {
    double user = 0;
    double sys = 0;
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      double total = sun.getProcessCpuTime() / 1e9;
      user = total;
    }
    f(sb, "used_cpu_sys", String.format(Locale.ROOT, "%.6f", sys));
    f(sb, "used_cpu_user", String.format(Locale.ROOT, "%.6f", user));
    f(sb, "used_cpu_sys_children", "0.000000");
    f(sb, "used_cpu_user_children", "0.000000");
    f(sb, "used_cpu_sys_main_thread", String.format(Locale.ROOT, "%.6f", sys));
    f(sb, "used_cpu_user_main_thread", String.format(Locale.ROOT, "%.6f", user));
  }

  static void keyspace(ServerCore core, StringBuilder sb) {
    for (int i = 0; i < core.keyspace().count(); i++) {
      Db d = core.keyspace().db(i);
      if (d.size() > 0) {
        sb.append("db")
            .append(i)
            .append(":keys=")
            .append(d.size())
            .append(",expires=")
            .append(d.expiresSize())
            .append(",avg_ttl=0\r\n");
      }
    }
  }
}
