package io.replicheck.server.command;

import static io.replicheck.server.command.Args.eq;

import io.replicheck.rdb.RdbDump;
import io.replicheck.rdb.RdbFormatException;
import io.replicheck.rdb.RdbValue;
import io.replicheck.rdb.RdbWriteOptions;
import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Keyspace;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.core.RObject;
import io.replicheck.server.core.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * DUMP and RESTORE (cluster.c): the payload is the value in RDB layout as the snapshot writer
 * writes it ({@link Keyspace#toRdb} and the rdb module's encoder, so every type the RDB knows is
 * covered), the RDB version and a CRC64. A RESTORE with a relative TTL is propagated with the
 * absolute time and ABSTTL, as redis 7.0 rewrites it; one whose TTL has already passed deletes the
 * key it replaced and is propagated as DEL.
 */
final class DumpRestoreCommands {
  private DumpRestoreCommands() {}

  static void register(CommandTable t) {
    t.register(CommandSpec.of("dump", 2, "readonly", 1, 1, 1, DumpRestoreCommands::dump));
    t.register(
        CommandSpec.of("restore", -4, "write denyoom", 1, 1, 1, DumpRestoreCommands::restore));
  }

  static RdbWriteOptions writeOptions(ServerConfig c) {
    return new RdbWriteOptions(
        c.rdbcompression,
        c.rdbchecksum,
        c.limits.listMaxListpackSize,
        c.limits.hashMaxListpackEntries,
        c.limits.hashMaxListpackValue,
        c.limits.setMaxIntsetEntries,
        c.limits.zsetMaxListpackEntries,
        c.limits.zsetMaxListpackValue);
  }

  static void dump(CommandContext c) {
    RObject o = c.db().lookupRead(c.arg(1));
    if (o == null) {
      c.core().stats().keyspaceMisses++;
      c.reply().nullBulk();
      return;
    }
    c.core().stats().keyspaceHits++;
    c.reply().bulk(RdbDump.serialize(Keyspace.toRdb(o), writeOptions(c.core().config())));
  }

  static void restore(CommandContext c) {
    boolean replace = false;
    boolean absttl = false;
    long lfuFreq = -1;
    long lruIdle = -1;
    for (int j = 4; j < c.argc(); j++) {
      int additional = c.argc() - j - 1;
      byte[] a = c.arg(j);
      if (eq(a, "replace")) {
        replace = true;
      } else if (eq(a, "absttl")) {
        absttl = true;
      } else if (eq(a, "idletime") && additional >= 1 && lfuFreq == -1) {
        Long v = c.longArg(j + 1);
        if (v == null) {
          return;
        }
        if (v < 0) {
          c.error("ERR Invalid IDLETIME value, must be >= 0");
          return;
        }
        lruIdle = v;
        j++;
      } else if (eq(a, "freq") && additional >= 1 && lruIdle == -1) {
        Long v = c.longArg(j + 1);
        if (v == null) {
          return;
        }
        if (v < 0 || v > 255) {
          c.error("ERR Invalid FREQ value, must be >= 0 and <= 255");
          return;
        }
        lfuFreq = v;
        j++;
      } else {
        c.syntaxError();
        return;
      }
    }
    byte[] key = c.arg(1);
    if (!replace && c.db().lookupWrite(key) != null) {
      c.error("BUSYKEY Target key name already exists.");
      return;
    }
    Long ttlArg = Numbers.parseLong(c.arg(2));
    if (ttlArg == null) {
      c.notInteger();
      return;
    }
    long ttl = ttlArg;
    if (ttl < 0) {
      c.error("ERR Invalid TTL value, must be >= 0");
      return;
    }
    RdbValue value;
    try {
      value = RdbDump.deserialize(c.arg(3));
    } catch (RdbFormatException e) {
      if (e.getMessage().startsWith("DUMP payload version or checksum are wrong")) {
        c.error("ERR DUMP payload version or checksum are wrong");
      } else {
        c.error("ERR Bad data format");
      }
      return;
    } catch (RuntimeException e) {
      c.error("ERR Bad data format");
      return;
    }
    RObject obj;
    try {
      obj = Keyspace.fromRdb(value, c.core().config().limits);
    } catch (RuntimeException e) {
      c.error("ERR Bad data format");
      return;
    }
    boolean deleted = replace && c.db().delete(key);
    long now = c.now();
    if (ttl != 0 && !absttl) {
      ttl += now;
    }
    if (ttl != 0 && ttl <= now && !c.core().isReplica()) {
      // Already expired: nothing is added; the replaced key's removal is propagated as DEL.
      if (deleted) {
        c.propagateAs("DEL".getBytes(StandardCharsets.US_ASCII), key);
        c.signalModified(key);
        c.dirty(1);
      }
      c.ok();
      return;
    }
    c.db().set(key, obj);
    if (ttl != 0) {
      c.db().setExpire(key, ttl);
      if (!absttl) {
        byte[][] argv = Arrays.copyOf(c.argv(), c.argc() + 1);
        argv[2] = Long.toString(ttl).getBytes(StandardCharsets.US_ASCII);
        argv[c.argc()] = "ABSTTL".getBytes(StandardCharsets.US_ASCII);
        c.propagateAs(argv);
      }
    }
    if (lruIdle >= 0) {
      obj.setLastAccess(now - lruIdle * 1000);
    }
    c.signalModified(key);
    c.ok();
    c.dirty(1);
  }
}
