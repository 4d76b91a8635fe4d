package io.replicheck.server.command;

import static io.replicheck.server.command.Args.b;
import static io.replicheck.server.command.Args.eq;

import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Db;
import io.replicheck.server.core.Dict;
import io.replicheck.server.core.LongDouble;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.core.RHash;
import io.replicheck.server.core.RObject;
import io.replicheck.server.util.Glob;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Hash commands (t_hash.c). */
final class HashCommands {
  private HashCommands() {}

  static void register(CommandTable t) {
    t.register(CommandSpec.of("hset", -4, "write denyoom fast", 1, 1, 1, c -> hset(c, false)));
    t.register(CommandSpec.of("hmset", -4, "write denyoom fast", 1, 1, 1, c -> hset(c, true)));
    t.register(CommandSpec.of("hsetnx", 4, "write denyoom fast", 1, 1, 1, HashCommands::hsetnx));
    t.register(CommandSpec.of("hget", 3, "readonly fast", 1, 1, 1, HashCommands::hget));
    t.register(CommandSpec.of("hmget", -3, "readonly fast", 1, 1, 1, HashCommands::hmget));
    t.register(CommandSpec.of("hdel", -3, "write fast", 1, 1, 1, HashCommands::hdel));
    t.register(
        CommandSpec.of(
            "hlen",
            2,
            "readonly fast",
            1,
            1,
            1,
            c -> {
              RHash h = hash(c, c.db(), c.arg(1), false);
              if (h != WRONG) {
                c.reply().integer(h == null ? 0 : h.size());
              }
            }));
    t.register(
        CommandSpec.of(
            "hstrlen",
            3,
            "readonly fast",
            1,
            1,
            1,
            c -> {
              RHash h = hash(c, c.db(), c.arg(1), false);
              if (h != WRONG) {
                byte[] v = h == null ? null : h.get(c.arg(2));
                c.reply().integer(v == null ? 0 : v.length);
              }
            }));
    t.register(
        CommandSpec.of(
            "hexists",
            3,
            "readonly fast",
            1,
            1,
            1,
            c -> {
              RHash h = hash(c, c.db(), c.arg(1), false);
              if (h != WRONG) {
                c.reply().integer(h != null && h.get(c.arg(2)) != null ? 1 : 0);
              }
            }));
    t.register(CommandSpec.of("hkeys", 2, "readonly", 1, 1, 1, c -> getall(c, true, false)));
    t.register(CommandSpec.of("hvals", 2, "readonly", 1, 1, 1, c -> getall(c, false, true)));
    t.register(CommandSpec.of("hgetall", 2, "readonly", 1, 1, 1, c -> getall(c, true, true)));
    t.register(CommandSpec.of("hincrby", 4, "write denyoom fast", 1, 1, 1, HashCommands::hincrby));
    t.register(
        CommandSpec.of(
            "hincrbyfloat", 4, "write denyoom fast", 1, 1, 1, HashCommands::hincrbyfloat));
    t.register(CommandSpec.of("hrandfield", -2, "readonly", 1, 1, 1, HashCommands::hrandfield));
    t.register(CommandSpec.of("hscan", -3, "readonly", 1, 1, 1, HashCommands::hscan));
  }

  static final RHash WRONG = new RHash();

  static RHash hash(CommandContext c, Db db, byte[] key, boolean write) {
    RObject o = write ? db.lookupWrite(key) : db.lookupRead(key);
    if (o == null) {
      return null;
    }
    if (!(o instanceof RHash h)) {
      c.wrongType();
      return WRONG;
    }
    return h;
  }

  private static RHash hashForWrite(CommandContext c, byte[] key) {
    Db db = c.db();
    RHash h = hash(c, db, key, true);
    if (h == null) {
      h = new RHash();
      db.set(key, h);
    }
    return h;
  }

  static void hset(CommandContext c, boolean hmset) {
    if (c.argc() % 2 == 1) {
      c.error("ERR wrong number of arguments for '" + c.spec().name() + "' command");
      return;
    }
    RHash h = hashForWrite(c, c.arg(1));
    if (h == WRONG) {
      return;
    }
    int created = 0;
    for (int j = 2; j < c.argc(); j += 2) {
      if (h.put(c.arg(j), c.arg(j + 1), c.core().config().limits)) {
        created++;
      }
    }
    c.signalModified(c.arg(1));
    c.dirty((c.argc() - 2) / 2);
    if (hmset) {
      c.ok();
    } else {
      c.reply().integer(created);
    }
  }

  static void hsetnx(CommandContext c) {
    RHash h = hash(c, c.db(), c.arg(1), true);
    if (h == WRONG) {
      return;
    }
    if (h != null && h.get(c.arg(2)) != null) {
      c.reply().integer(0);
      return;
    }
    h = hashForWrite(c, c.arg(1));
    h.put(c.arg(2), c.arg(3), c.core().config().limits);
    c.signalModified(c.arg(1));
    c.dirty(1);
    c.reply().integer(1);
  }

  static void hget(CommandContext c) {
    RHash h = hash(c, c.db(), c.arg(1), false);
    if (h == WRONG) {
      return;
    }
    byte[] v = h == null ? null : h.get(c.arg(2));
    if (v == null) {
      c.reply().nullBulk();
    } else {
      c.reply().bulk(v);
    }
  }

  static void hmget(CommandContext c) {
    RHash h = hash(c, c.db(), c.arg(1), false);
    if (h == WRONG) {
      return;
    }
    c.reply().arrayHeader(c.argc() - 2);
    for (int j = 2; j < c.argc(); j++) {
      byte[] v = h == null ? null : h.get(c.arg(j));
      if (v == null) {
        c.reply().nullBulk();
      } else {
        c.reply().bulk(v);
      }
    }
  }

  static void hdel(CommandContext c) {
    Db db = c.db();
    RHash h = hash(c, db, c.arg(1), true);
    if (h == WRONG) {
      return;
    }
    int n = 0;
    if (h != null) {
      for (int j = 2; j < c.argc(); j++) {
        if (h.remove(c.arg(j))) {
          n++;
        }
      }
      if (h.size() == 0) {
        db.delete(c.arg(1));
      }
      if (n > 0) {
        c.signalModified(c.arg(1));
        c.dirty(n);
      }
    }
    c.reply().integer(n);
  }

  static void getall(CommandContext c, boolean keys, boolean values) {
    RHash h = hash(c, c.db(), c.arg(1), false);
    if (h == WRONG) {
      return;
    }
    int n = h == null ? 0 : h.size();
    if (keys && values) {
      c.reply().mapHeader(n);
    } else {
      c.reply().arrayHeader(n);
    }
    if (h != null) {
      h.forEach(
          (f, v) -> {
            if (keys) {
              c.reply().bulk(f);
            }
            if (values) {
              c.reply().bulk(v);
            }
          });
    }
  }

  static void hincrby(CommandContext c) {
    Long incr = c.longArg(3);
    if (incr == null) {
      return;
    }
    RHash h = hashForWrite(c, c.arg(1));
    if (h == WRONG) {
      return;
    }
    long value = 0;
    byte[] cur = h.get(c.arg(2));
    if (cur != null) {
      Long v = Numbers.parseLong(cur);
      if (v == null) {
        c.error("ERR hash value is not an integer");
        dropIfEmpty(c, h);
        return;
      }
      value = v;
    }
    if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
        || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
      c.error("ERR increment or decrement would overflow");
      dropIfEmpty(c, h);
      return;
    }
    value += incr;
    h.put(c.arg(2), Numbers.toBytes(value), c.core().config().limits);
    c.signalModified(c.arg(1));
    c.dirty(1);
    c.reply().integer(value);
  }

  private static void dropIfEmpty(CommandContext c, RHash h) {
    if (h.size() == 0) {
      c.db().delete(c.arg(1));
    }
  }

  static void hincrbyfloat(CommandContext c) {
    // redis adds in an x87 long double (string2ld, then value += incr)
    LongDouble.Parsed incr = LongDouble.parse(c.arg(3));
    if (incr == null) {
      c.error("ERR value is not a valid float");
      return;
    }
    if (incr.isInfinite()) {
      c.error("ERR value is NaN or Infinity");
      return;
    }
    RHash h = hashForWrite(c, c.arg(1));
    if (h == WRONG) {
      return;
    }
    LongDouble.Parsed value = new LongDouble.Parsed(BigDecimal.ZERO, 0);
    byte[] cur = h.get(c.arg(2));
    if (cur != null) {
      value = LongDouble.parse(cur);
      if (value == null) {
        c.error("ERR hash value is not a float");
        dropIfEmpty(c, h);
        return;
      }
    }
    BigDecimal result = value.isInfinite() ? null : LongDouble.add(value.value(), incr.value());
    if (result == null) {
      c.error("ERR increment would produce NaN or Infinity");
      dropIfEmpty(c, h);
      return;
    }
    byte[] out = b(Numbers.formatHuman(result));
    h.put(c.arg(2), out, c.core().config().limits);
    c.signalModified(c.arg(1));
    c.dirty(1);
    c.reply().bulk(out);
    c.propagateAs(b("HSET"), c.arg(1), c.arg(2), out);
  }

  static void hrandfield(CommandContext c) {
    RHash h;
    if (c.argc() == 2) {
      h = hash(c, c.db(), c.arg(1), false);
      if (h == WRONG) {
        return;
      }
      if (h == null) {
        c.reply().nullBulk();
      } else {
        c.reply().bulk(h.randomPair(c.core().random())[0]);
      }
      return;
    }
    Long count = c.longArg(2);
    if (count == null) {
      return;
    }
    if (count == Long.MIN_VALUE) { // getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX)
      c.error(
          "ERR value is out of range, value must between -9223372036854775807 and"
              + " 9223372036854775807");
      return;
    }
    boolean withValues = false;
    if (c.argc() == 4 && eq(c.arg(3), "withvalues")) {
      withValues = true;
    } else if (c.argc() >= 4) {
      c.syntaxError();
      return;
    }
    if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
      c.error("ERR value is out of range");
      return;
    }
    h = hash(c, c.db(), c.arg(1), false);
    if (h == WRONG) {
      return;
    }
    if (h == null || count == 0) {
      c.reply().arrayHeader(0);
      return;
    }
    List<byte[][]> picks = new ArrayList<>();
    if (count < 0) {
      for (long i = 0; i < -count; i++) {
        picks.add(h.randomPair(c.core().random()));
      }
    } else {
      List<byte[][]> all = new ArrayList<>();
      h.forEach((f, v) -> all.add(new byte[][] {f, v}));
      if (count < all.size()) {
        Collections.shuffle(all, new java.util.Random(c.core().random().nextLong()));
        picks.addAll(all.subList(0, count.intValue()));
      } else {
        picks.addAll(all);
      }
    }
    boolean resp3Pairs = withValues && c.reply().protocol() == 3;
    c.reply().arrayHeader(withValues && !resp3Pairs ? picks.size() * 2 : picks.size());
    for (byte[][] p : picks) {
      if (resp3Pairs) {
        c.reply().arrayHeader(2);
      }
      c.reply().bulk(p[0]);
      if (withValues) {
        c.reply().bulk(p[1]);
      }
    }
  }

  static void hscan(CommandContext c) {
    Long cursor = KeyCommands.parseCursor(c, c.arg(2));
    if (cursor == null) {
      return;
    }
    RHash h = hash(c, c.db(), c.arg(1), false);
    if (h == WRONG) {
      return;
    }
    if (h == null) {
      KeyCommands.scanReply(c, 0, List.of());
      return;
    }
    // redis parses the options after the lookup: a missing key takes any options
    ScanOptions o = ScanOptions.parse(c, 3);
    if (o == null) {
      return;
    }
    List<byte[]> out = new ArrayList<>();
    long next = 0;
    {
      Dict<byte[]> table = h.table();
      List<byte[]> found = new ArrayList<>();
      if (table == null) {
        found.addAll(h.flat());
      } else {
        long cur = cursor;
        long maxIter = o.count * 10;
        do {
          cur =
              table.scan(
                  cur,
                  (f, v) -> {
                    found.add(f);
                    found.add(v);
                  });
        } while (cur != 0 && maxIter-- > 0 && found.size() / 2 < o.count);
        next = cur;
      }
      for (int i = 0; i < found.size(); i += 2) {
        if (o.pattern == null || Glob.match(o.pattern, found.get(i), false)) {
          out.add(found.get(i));
          out.add(found.get(i + 1));
        }
      }
    }
    KeyCommands.scanReply(c, next, out);
  }

  /** MATCH and COUNT of HSCAN/SSCAN. */
  static final class ScanOptions {
    byte[] pattern;
    long count = 10;

    static ScanOptions parse(CommandContext c, int from) {
      ScanOptions o = new ScanOptions();
      for (int j = from; j < c.argc(); j += 2) {
        if (j + 1 >= c.argc()) {
          c.syntaxError();
          return null;
        }
        if (eq(c.arg(j), "count")) {
          Long v = c.longArg(j + 1);
          if (v == null) {
            return null;
          }
          if (v < 1) {
            c.syntaxError();
            return null;
          }
          o.count = v;
        } else if (eq(c.arg(j), "match")) {
          o.pattern = c.arg(j + 1);
        } else {
          c.syntaxError();
          return null;
        }
      }
      return o;
    }
  }
}
