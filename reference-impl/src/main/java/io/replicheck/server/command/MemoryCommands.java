package io.replicheck.server.command;

import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Db;
import io.replicheck.server.core.Eviction;
import io.replicheck.server.core.Keyspace;
import io.replicheck.server.core.MemoryEstimate;
import io.replicheck.server.core.RObject;
import java.util.Map;

/**
 * MEMORY USAGE/STATS/DOCTOR/MALLOC-STATS/PURGE/HELP, answered from the deterministic estimate
 * ({@link MemoryEstimate}) that maxmemory uses; the allocator's figures are the JVM's or absent.
 */
final class MemoryCommands {
  private MemoryCommands() {}

  /** Subcommand arities (the container's table, as COMMAND shows it). */
  static final Map<String, Integer> ARITY =
      Map.of("usage", -3, "stats", 2, "doctor", 2, "malloc-stats", 2, "purge", 2, "help", 2);

  static void register(CommandTable t) {
    t.register(CommandSpec.of("memory", -2, "", 0, 0, 0, MemoryCommands::memory));
  }

  static void memory(CommandContext c) {
    String sub = c.argLower(1);
    Integer arity = ARITY.get(sub);
    if (arity == null) {
      c.error("ERR unknown subcommand '" + c.argString(1) + "'. Try MEMORY HELP.");
      return;
    }
    if ((arity > 0 && c.argc() != arity) || c.argc() < -arity) {
      c.error("ERR wrong number of arguments for 'memory|" + sub + "' command");
      return;
    }
    switch (sub) {
      case "usage" -> usage(c);
      case "stats" -> stats(c);
      case "doctor" -> c.reply().verbatim(doctor(c));
      case "malloc-stats" -> c.reply().bulk("Stats not supported for the current allocator");
      case "purge" -> c.ok();
      default -> help(c);
    }
  }

  private static void usage(CommandContext c) {
    for (int j = 3; j < c.argc(); j++) {
      if (Args.eq(c.arg(j), "samples") && j + 1 < c.argc()) {
        Long n = c.longArg(j + 1);
        if (n == null) {
          return;
        }
        if (n < 0) {
          c.syntaxError();
          return;
        }
        j++;
      } else {
        c.syntaxError();
        return;
      }
    }
    RObject o = c.db().peek(c.arg(2));
    if (o == null || (o.expireAt() >= 0 && c.db().lookupRead(c.arg(2)) == null)) {
      c.reply().nullBulk();
      return;
    }
    c.reply().integer(Eviction.usage(c.arg(2), o));
  }

  private static void stats(CommandContext c) {
    Eviction ev = c.core().eviction();
    long used = ev.usedMemory();
    long peak = ev.peakMemory();
    long startup = MemoryEstimate.STARTUP;
    Keyspace ks = c.core().keyspace();
    long keys = ks.totalKeys();
    int dbsWithKeys = 0;
    for (int i = 0; i < ks.count(); i++) {
      if (ks.db(i).size() > 0) {
        dbsWithKeys++;
      }
    }
    long dataset = used - startup;
    var r = c.reply();
    r.mapHeader(24 + dbsWithKeys);
    kv(c, "peak.allocated", peak);
    kv(c, "total.allocated", used);
    kv(c, "startup.allocated", startup);
    kv(c, "replication.backlog", 0);
    kv(c, "clients.slaves", 0);
    kv(c, "clients.normal", c.core().stats().memClientsNormal);
    kv(c, "cluster.links", 0);
    kv(c, "aof.buffer", 0);
    kv(c, "lua.caches", 0);
    kv(c, "functions.caches", 0);
    for (int i = 0; i < ks.count(); i++) {
      Db db = ks.db(i);
      if (db.size() == 0) {
        continue;
      }
      r.bulk("db." + i);
      r.mapHeader(2);
      kv(c, "overhead.hashtable.main", 0);
      kv(c, "overhead.hashtable.expires", 0);
    }
    kv(c, "overhead.hashtable.slot-to-keys", 0);
    kv(c, "overhead.total", startup);
    kv(c, "keys.count", keys);
    kv(c, "keys.bytes-per-key", keys == 0 ? 0 : dataset / keys);
    kv(c, "dataset.bytes", dataset);
    r.bulk("dataset.percentage");
    r.doubleValue(used == startup ? 0 : 100.0);
    r.bulk("peak.percentage");
    r.doubleValue(peak == 0 ? 0 : 100.0 * used / peak);
    kv(c, "allocator.allocated", used);
    kv(c, "allocator.active", used);
    kv(c, "allocator.resident", used);
    r.bulk("allocator-fragmentation.ratio");
    r.doubleValue(1.0);
    kv(c, "allocator-fragmentation.bytes", 0);
    r.bulk("allocator-rss.ratio");
    r.doubleValue(1.0);
    kv(c, "allocator-rss.bytes", 0);
    r.bulk("rss-overhead.ratio");
    r.doubleValue(1.0);
    kv(c, "rss-overhead.bytes", 0);
    r.bulk("fragmentation");
    r.doubleValue(1.0);
    kv(c, "fragmentation.bytes", 0);
  }

  private static void kv(CommandContext c, String k, long v) {
    c.reply().bulk(k);
    c.reply().integer(v);
  }

  /** redis's doctor below 5 MB says it has nothing to judge; above, no issue is known here. */
  private static String doctor(CommandContext c) {
    if (c.core().eviction().usedMemory() < 5L * 1024 * 1024) {
      return "Hi Sam, this instance is empty or is using very little memory, my issues detector"
          + " can't be used in these conditions. Please, leave for your mission on Earth and fill"
          + " it with some data. The new Sam and I will be back to our programming as soon as I"
          + " finished rebooting.";
    }
    return "Hi Sam, I can't find any memory issue in your instance. I can only account for what"
        + " occurs on this base.";
  }

  private static void help(CommandContext c) {
    String[] lines = {
      "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "DOCTOR",
      "    Return memory problems reports.",
      "MALLOC-STATS",
      "    Return internal statistics report from the memory allocator.",
      "PURGE",
      "    Attempt to purge dirty pages for reclamation by the allocator.",
      "STATS",
      "    Return information about the memory usage of the server.",
      "USAGE <key> [SAMPLES <count>]",
      "    Return memory in bytes used by <key> and its value. Nested values are",
      "    sampled up to <count> times (default: 5, 0 means sample all).",
      "HELP",
      "    Prints this help."
    };
    c.reply().arrayHeader(lines.length);
    for (String l : lines) {
      c.reply().simple(l);
    }
  }
}
