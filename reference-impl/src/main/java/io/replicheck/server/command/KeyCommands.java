package io.replicheck.server.command;

import static io.replicheck.server.command.Args.eq;

import io.replicheck.rdb.Encoding;
import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Db;
import io.replicheck.server.core.Dict;
import io.replicheck.server.core.Keyspace;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.core.RList;
import io.replicheck.server.core.RObject;
import io.replicheck.server.core.RString;
import io.replicheck.server.util.Glob;
import java.util.ArrayList;
import java.util.List;

/** Keyspace commands (db.c, expire.c, object.c). */
final class KeyCommands {
  private KeyCommands() {}

  static void register(CommandTable t) {
    t.register(CommandSpec.of("del", -2, "write", 1, -1, 1, KeyCommands::del));
    t.register(CommandSpec.of("unlink", -2, "write fast", 1, -1, 1, KeyCommands::del));
    t.register(CommandSpec.of("exists", -2, "readonly fast", 1, -1, 1, KeyCommands::exists));
    t.register(CommandSpec.of("touch", -2, "readonly fast", 1, -1, 1, KeyCommands::exists));
    t.register(CommandSpec.of("type", 2, "readonly fast", 1, 1, 1, KeyCommands::type));
    t.register(CommandSpec.of("keys", 2, "readonly", 0, 0, 0, KeyCommands::keys));
    t.register(CommandSpec.of("scan", -2, "readonly", 0, 0, 0, KeyCommands::scan));
    t.register(CommandSpec.of("rename", 3, "write", 1, 2, 1, c -> rename(c, false)));
    t.register(CommandSpec.of("renamenx", 3, "write fast", 1, 2, 1, c -> rename(c, true)));
    t.register(CommandSpec.of("randomkey", 1, "readonly", 0, 0, 0, KeyCommands::randomkey));
    t.register(CommandSpec.of("copy", -3, "write denyoom", 1, 2, 1, KeyCommands::copy));
    t.register(CommandSpec.of("move", 3, "write fast", 1, 1, 1, KeyCommands::move));
    t.register(
        CommandSpec.of(
            "dbsize", 1, "readonly fast", 0, 0, 0, c -> c.reply().integer(c.db().size())));
    t.register(CommandSpec.of("select", 2, "loading stale fast", 0, 0, 0, DbCommands::select));
    t.register(CommandSpec.of("swapdb", 3, "write fast", 0, 0, 0, DbCommands::swapdb));
    t.register(CommandSpec.of("flushdb", -1, "write", 0, 0, 0, DbCommands::flushdb));
    t.register(CommandSpec.of("flushall", -1, "write", 0, 0, 0, DbCommands::flushall));
    t.register(CommandSpec.of("object", -2, "readonly", 2, 2, 1, KeyCommands::object));
    t.register(
        CommandSpec.of(
            "expire",
            -3,
            "write fast",
            1,
            1,
            1,
            c -> ExpireCommands.expire(c, 1000, false, "expire")));
    t.register(
        CommandSpec.of(
            "pexpire",
            -3,
            "write fast",
            1,
            1,
            1,
            c -> ExpireCommands.expire(c, 1, false, "pexpire")));
    t.register(
        CommandSpec.of(
            "expireat",
            -3,
            "write fast",
            1,
            1,
            1,
            c -> ExpireCommands.expire(c, 1000, true, "expireat")));
    t.register(
        CommandSpec.of(
            "pexpireat",
            -3,
            "write fast",
            1,
            1,
            1,
            c -> ExpireCommands.expire(c, 1, true, "pexpireat")));
    t.register(
        CommandSpec.of(
            "ttl", 2, "readonly fast", 1, 1, 1, c -> ExpireCommands.ttl(c, false, false)));
    t.register(
        CommandSpec.of(
            "pttl", 2, "readonly fast", 1, 1, 1, c -> ExpireCommands.ttl(c, true, false)));
    t.register(
        CommandSpec.of(
            "expiretime", 2, "readonly fast", 1, 1, 1, c -> ExpireCommands.ttl(c, false, true)));
    t.register(
        CommandSpec.of(
            "pexpiretime", 2, "readonly fast", 1, 1, 1, c -> ExpireCommands.ttl(c, true, true)));
    t.register(CommandSpec.of("persist", 2, "write fast", 1, 1, 1, ExpireCommands::persist));
  }

  static void del(CommandContext c) {
    Db db = c.db();
    int n = 0;
    for (int j = 1; j < c.argc(); j++) {
      if (db.lookupRead(c.arg(j)) != null && db.delete(c.arg(j))) {
        c.signalModified(c.arg(j));
        c.dirty(1);
        n++;
      }
    }
    c.reply().integer(n);
  }

  static void exists(CommandContext c) {
    Db db = c.db();
    int n = 0;
    for (int j = 1; j < c.argc(); j++) {
      if (db.lookupRead(c.arg(j)) != null) {
        n++;
      }
    }
    c.reply().integer(n);
  }

  static void type(CommandContext c) {
    RObject o = c.db().lookupRead(c.arg(1));
    c.reply().simple(o == null ? "none" : o.typeName());
  }

  static void keys(CommandContext c) {
    Db db = c.db();
    byte[] pat = c.arg(1);
    boolean all = pat.length == 1 && pat[0] == '*';
    List<byte[]> out = new ArrayList<>();
    for (byte[] k : db.keys()) {
      if ((all || Glob.match(pat, k, false)) && db.lookupRead(k) != null) {
        out.add(k);
      }
    }
    c.reply().arrayHeader(out.size());
    for (byte[] k : out) {
      c.reply().bulk(k);
    }
  }

  /**
   * Parses a SCAN cursor as redis does (strtoul: "" is 0, a sign is allowed and "-n" wraps around
   * to 2^64-n, no leading space, no overflow); replies the error and returns null if invalid.
   */
  static Long parseCursor(CommandContext c, byte[] arg) {
    String s = Args.str(arg);
    if (s.isEmpty()) {
      return 0L;
    }
    boolean neg = s.charAt(0) == '-';
    String digits = s.charAt(0) == '-' || s.charAt(0) == '+' ? s.substring(1) : s;
    if (!digits.isEmpty() && digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      try {
        long v = Long.parseUnsignedLong(digits);
        return neg ? -v : v;
      } catch (NumberFormatException overflow) {
        // ERANGE
      }
    }
    c.error("ERR invalid cursor");
    return null;
  }

  static void scan(CommandContext c) {
    Long cursor = parseCursor(c, c.arg(1));
    if (cursor == null) {
      return;
    }
    byte[] pat = null;
    long count = 10;
    String type = null;
    for (int j = 2; j < c.argc(); j += 2) {
      if (j + 1 >= c.argc()) {
        c.syntaxError();
        return;
      }
      if (eq(c.arg(j), "count")) {
        Long v = c.longArg(j + 1);
        if (v == null) {
          return;
        }
        if (v < 1) {
          c.syntaxError();
          return;
        }
        count = v;
      } else if (eq(c.arg(j), "match")) {
        pat = c.arg(j + 1);
      } else if (eq(c.arg(j), "type")) {
        type = c.argLower(j + 1);
      } else {
        c.syntaxError();
        return;
      }
    }
    Db db = c.db();
    List<byte[]> found = new ArrayList<>();
    long cur = cursor;
    long maxIter = count * 10;
    Dict<RObject> d = db.dict();
    do {
      cur = d.scan(cur, (k, v) -> found.add(k));
    } while (cur != 0 && maxIter-- > 0 && found.size() < count);
    List<byte[]> out = new ArrayList<>(found.size());
    for (byte[] k : found) {
      if (pat != null && !Glob.match(pat, k, false)) {
        continue;
      }
      RObject o = db.lookupRead(k);
      if (o == null) {
        continue;
      }
      if (type != null && !o.typeName().equals(type)) {
        continue;
      }
      out.add(k);
    }
    scanReply(c, cur, out);
  }

  static void scanReply(CommandContext c, long cursor, List<byte[]> items) {
    c.reply().arrayHeader(2);
    c.reply().bulk(Long.toUnsignedString(cursor));
    c.reply().arrayHeader(items.size());
    for (byte[] k : items) {
      c.reply().bulk(k);
    }
  }

  static void rename(CommandContext c, boolean nx) {
    Db db = c.db();
    byte[] src = c.arg(1);
    byte[] dst = c.arg(2);
    RObject o = db.lookupRead(src);
    if (o == null) {
      c.error("ERR no such key");
      return;
    }
    if (java.util.Arrays.equals(src, dst)) {
      if (nx) {
        c.reply().integer(0);
      } else {
        c.ok();
      }
      return;
    }
    long expire = o.expireAt();
    if (db.lookupWrite(dst) != null) {
      if (nx) {
        c.reply().integer(0);
        return;
      }
      db.delete(dst);
    }
    db.delete(src);
    db.set(dst, o);
    if (expire >= 0) {
      db.setExpire(dst, expire);
    }
    c.signalModified(src);
    c.signalModified(dst);
    if (o instanceof RList) {
      c.signalListReady(dst);
    }
    c.dirty(1);
    if (nx) {
      c.reply().integer(1);
    } else {
      c.ok();
    }
  }

  static void randomkey(CommandContext c) {
    byte[] k = c.core().expiry().randomKey(c.db());
    if (k == null) {
      c.reply().nullBulk();
    } else {
      c.reply().bulk(k);
    }
  }

  static void copy(CommandContext c) {
    byte[] src = c.arg(1);
    byte[] dst = c.arg(2);
    int dstDb = c.client().db();
    boolean replace = false;
    for (int j = 3; j < c.argc(); j++) {
      if (eq(c.arg(j), "replace")) {
        replace = true;
      } else if (eq(c.arg(j), "db") && j + 1 < c.argc()) {
        Long v = Numbers.parseLong(c.arg(++j));
        if (v == null || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
          c.error("ERR value is not an integer or out of range");
          return;
        }
        if (v < 0 || v >= c.core().keyspace().count()) {
          c.error("ERR DB index is out of range");
          return;
        }
        dstDb = v.intValue();
      } else {
        c.syntaxError();
        return;
      }
    }
    if (dstDb == c.client().db() && java.util.Arrays.equals(src, dst)) {
      c.error("ERR source and destination objects are the same");
      return;
    }
    RObject o = c.db().lookupRead(src);
    if (o == null) {
      c.reply().integer(0);
      return;
    }
    Db target = c.core().keyspace().db(dstDb);
    if (target.lookupWrite(dst) != null) {
      if (!replace) {
        c.reply().integer(0);
        return;
      }
      target.delete(dst);
    }
    RObject copy = Keyspace.duplicate(o);
    target.set(dst, copy);
    if (o.expireAt() >= 0) {
      target.setExpire(dst, o.expireAt());
    }
    c.signalModified(dstDb, dst);
    if (copy instanceof RList) {
      c.core().blocking().signalKeyAsReady(dstDb, dst);
    }
    c.dirty(1);
    c.reply().integer(1);
  }

  static void move(CommandContext c) {
    Integer dstDb = DbCommands.dbIndex(c, c.arg(2));
    if (dstDb == null) {
      return;
    }
    if (dstDb == c.client().db()) {
      c.error("ERR source and destination objects are the same");
      return;
    }
    byte[] key = c.arg(1);
    RObject o = c.db().lookupRead(key);
    if (o == null) {
      c.reply().integer(0);
      return;
    }
    Db target = c.core().keyspace().db(dstDb);
    if (target.lookupWrite(key) != null) {
      c.reply().integer(0);
      return;
    }
    long expire = o.expireAt();
    c.db().delete(key);
    target.set(key, o);
    if (expire >= 0) {
      target.setExpire(key, expire);
    }
    c.signalModified(key);
    c.signalModified(dstDb, key);
    if (o instanceof RList) {
      c.core().blocking().signalKeyAsReady(dstDb, key);
    }
    c.dirty(1);
    c.reply().integer(1);
  }

  static void object(CommandContext c) {
    String sub = c.argLower(1);
    if (sub.equals("help") && c.argc() == 2) {
      String[] lines = {
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Print this help."
      };
      c.reply().arrayHeader(lines.length);
      for (String l : lines) {
        c.reply().simple(l);
      }
      return;
    }
    if (!(sub.equals("encoding")
        || sub.equals("refcount")
        || sub.equals("idletime")
        || sub.equals("freq"))) {
      c.error("ERR unknown subcommand '" + c.argString(1) + "'. Try OBJECT HELP.");
      return;
    }
    if (c.argc() != 3) {
      c.error("ERR wrong number of arguments for 'object|" + sub + "' command");
      return;
    }
    RObject o = c.db().peek(c.arg(2));
    if (o != null && o.expireAt() >= 0 && c.db().lookupRead(c.arg(2)) == null) {
      o = null;
    }
    if (o == null) {
      c.reply().nullBulk();
      return;
    }
    switch (sub) {
      case "encoding" -> c.reply().bulk(o.encoding().redisName());
      case "refcount" -> {
        boolean shared =
            o instanceof RString s
                && o.encoding() == Encoding.INT
                && Numbers.parseLong(s.bytes()) != null
                && Numbers.parseLong(s.bytes()) >= 0
                && Numbers.parseLong(s.bytes()) < 10000;
        c.reply().integer(shared ? Integer.MAX_VALUE : 1);
      }
      case "idletime" -> {
        if (c.core().config().maxmemory.lfu()) {
          c.error(
              "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that"
                  + " when switching between policies at runtime LRU and LFU data will take some"
                  + " time to adjust.");
          return;
        }
        c.reply().integer(Math.max(0, (c.core().clock().currentTimeMillis() - lru(o)) / 1000));
      }
      default -> {
        if (!c.core().config().maxmemory.lfu()) {
          c.error(
              "ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
                  + "Please note that when switching between policies at runtime LRU and LFU data"
                  + " will take some time to adjust.");
          return;
        }
        c.reply().integer(c.core().eviction().lfuDecrAndReturn(o));
      }
    }
  }

  private static long lru(RObject o) {
    return o.lastAccess();
  }
}
