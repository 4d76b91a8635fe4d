package io.replicheck.server.command;

import static io.replicheck.server.command.Args.b;
import static io.replicheck.server.command.Args.eq;

import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Db;
import io.replicheck.server.core.LongDouble;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.core.RObject;
import io.replicheck.server.core.RString;
import java.math.BigDecimal;
import java.util.Arrays;

/** String commands (t_string.c). */
final class StringCommands {
  private StringCommands() {}

  static void register(CommandTable t) {
    t.register(CommandSpec.of("get", 2, "readonly fast", 1, 1, 1, StringCommands::get));
    t.register(CommandSpec.of("set", -3, "write denyoom", 1, 1, 1, StringCommands::set));
    t.register(CommandSpec.of("setnx", 3, "write denyoom fast", 1, 1, 1, StringCommands::setnx));
    t.register(CommandSpec.of("setex", 4, "write denyoom", 1, 1, 1, c -> setex(c, 1000, "setex")));
    t.register(CommandSpec.of("psetex", 4, "write denyoom", 1, 1, 1, c -> setex(c, 1, "psetex")));
    t.register(CommandSpec.of("getdel", 2, "write fast", 1, 1, 1, StringCommands::getdel));
    t.register(CommandSpec.of("getex", -2, "write fast", 1, 1, 1, StringCommands::getex));
    t.register(CommandSpec.of("getset", 3, "write denyoom fast", 1, 1, 1, StringCommands::getset));
    t.register(CommandSpec.of("mget", -2, "readonly fast", 1, -1, 1, StringCommands::mget));
    t.register(CommandSpec.of("mset", -3, "write denyoom", 1, -1, 2, StringCommands::mset));
    t.register(CommandSpec.of("msetnx", -3, "write denyoom", 1, -1, 2, StringCommands::msetnx));
    t.register(CommandSpec.of("incr", 2, "write denyoom fast", 1, 1, 1, c -> incrBy(c, 1)));
    t.register(CommandSpec.of("decr", 2, "write denyoom fast", 1, 1, 1, c -> incrBy(c, -1)));
    t.register(
        CommandSpec.of(
            "incrby",
            3,
            "write denyoom fast",
            1,
            1,
            1,
            c -> {
              Long v = c.longArg(2);
              if (v != null) {
                incrBy(c, v);
              }
            }));
    t.register(
        CommandSpec.of(
            "decrby",
            3,
            "write denyoom fast",
            1,
            1,
            1,
            c -> {
              Long v = c.longArg(2);
              if (v != null) {
                if (v == Long.MIN_VALUE) {
                  c.error("ERR decrement would overflow");
                  return;
                }
                incrBy(c, -v);
              }
            }));
    t.register(
        CommandSpec.of(
            "incrbyfloat", 3, "write denyoom fast", 1, 1, 1, StringCommands::incrbyfloat));
    t.register(
        CommandSpec.of("append", 3, "write denyoom fast", 1, 1, 1, StringRangeCommands::append));
    t.register(CommandSpec.of("strlen", 2, "readonly fast", 1, 1, 1, StringRangeCommands::strlen));
    t.register(
        CommandSpec.of("setrange", 4, "write denyoom", 1, 1, 1, StringRangeCommands::setrange));
    t.register(CommandSpec.of("getrange", 4, "readonly", 1, 1, 1, StringRangeCommands::getrange));
    t.register(CommandSpec.of("substr", 4, "readonly", 1, 1, 1, StringRangeCommands::getrange));
  }

  /** The string at key, null if missing; replies WRONGTYPE and returns WRONG if not a string. */
  static final RString WRONG = RString.raw(new byte[0]);

  static RString readString(CommandContext c, byte[] key) {
    RObject o = c.db().lookupRead(key);
    if (o == null) {
      c.core().stats().keyspaceMisses++;
      return null;
    }
    c.core().stats().keyspaceHits++;
    if (!(o instanceof RString s)) {
      c.wrongType();
      return WRONG;
    }
    return s;
  }

  static void get(CommandContext c) {
    RString s = readString(c, c.arg(1));
    if (s == WRONG) {
      return;
    }
    if (s == null) {
      c.reply().nullBulk();
    } else {
      c.reply().bulk(s.bytes());
    }
  }

  private static final int NX = 1;
  private static final int XX = 2;
  private static final int GET = 4;
  private static final int KEEPTTL = 8;

  static void set(CommandContext c) {
    int flags = 0;
    int unit = 0; // 0 none, 1 EX, 2 PX, 3 EXAT, 4 PXAT
    byte[] expireArg = null;
    for (int j = 3; j < c.argc(); j++) {
      byte[] a = c.arg(j);
      boolean hasNext = j + 1 < c.argc();
      if (eq(a, "nx") && (flags & XX) == 0) {
        flags |= NX;
      } else if (eq(a, "xx") && (flags & NX) == 0) {
        flags |= XX;
      } else if (eq(a, "get")) {
        flags |= GET;
      } else if (eq(a, "keepttl") && unit == 0) {
        flags |= KEEPTTL;
      } else if ((eq(a, "ex") || eq(a, "px") || eq(a, "exat") || eq(a, "pxat"))
          && (flags & KEEPTTL) == 0
          && unit == 0
          && hasNext) {
        unit = eq(a, "ex") ? 1 : eq(a, "px") ? 2 : eq(a, "exat") ? 3 : 4;
        expireArg = c.arg(++j);
      } else {
        c.syntaxError();
        return;
      }
    }
    long when = -1;
    if (unit != 0) {
      Long v = Numbers.parseLong(expireArg);
      if (v == null) {
        c.notInteger();
        return;
      }
      long ms = v;
      if (ms <= 0 || ((unit == 1 || unit == 3) && ms > Long.MAX_VALUE / 1000)) {
        c.error("ERR invalid expire time in 'set' command");
        return;
      }
      if (unit == 1 || unit == 3) {
        ms *= 1000;
      }
      if (unit == 1 || unit == 2) {
        if (ms > Long.MAX_VALUE - c.now()) {
          c.error("ERR invalid expire time in 'set' command");
          return;
        }
        ms += c.now();
      }
      when = ms;
    }
    setGeneric(c, flags, c.arg(1), c.arg(2), when, unit, "set");
  }

  private static void setGeneric(
      CommandContext c, int flags, byte[] key, byte[] val, long when, int unit, String name) {
    Db db = c.db();
    RObject old = db.lookupRead(key);
    if ((flags & GET) != 0) {
      if (old != null && !(old instanceof RString)) {
        c.wrongType();
        return;
      }
    }
    boolean exists = old != null;
    if (((flags & NX) != 0 && exists) || ((flags & XX) != 0 && !exists)) {
      if ((flags & GET) != 0) {
        if (old == null) {
          c.reply().nullBulk();
        } else {
          c.reply().bulk(((RString) old).bytes());
        }
      } else {
        c.reply().nullBulk();
      }
      return;
    }
    RString nv = RString.of(val);
    if ((flags & KEEPTTL) != 0) {
      db.setKeepTtl(key, nv);
    } else {
      db.set(key, nv);
    }
    if (when >= 0) {
      db.setExpire(key, when);
    }
    c.signalModified(key);
    c.dirty(1);
    if ((flags & GET) != 0) {
      if (old == null) {
        c.reply().nullBulk();
      } else {
        c.reply().bulk(((RString) old).bytes());
      }
    } else {
      c.ok();
    }
    if (when >= 0 && unit != 4) {
      c.propagateAs(b("SET"), key, val, b("PXAT"), Numbers.toBytes(when));
    } else if ((flags & GET) != 0 && name.equals("set")) {
      byte[][] argv = c.argv();
      byte[][] out = Arrays.stream(argv).filter(a -> !eq(a, "get")).toArray(byte[][]::new);
      c.propagateAs(out);
    }
  }

  static void setnx(CommandContext c) {
    Db db = c.db();
    if (db.lookupRead(c.arg(1)) != null) {
      c.reply().integer(0);
      return;
    }
    db.set(c.arg(1), RString.of(c.arg(2)));
    c.signalModified(c.arg(1));
    c.dirty(1);
    c.reply().integer(1);
  }

  static void setex(CommandContext c, long mul, String name) {
    Long v = Numbers.parseLong(c.arg(2));
    if (v == null) {
      c.notInteger();
      return;
    }
    if (v <= 0 || (mul == 1000 && v > Long.MAX_VALUE / 1000)) {
      c.error("ERR invalid expire time in '" + name + "' command");
      return;
    }
    long ms = v * mul;
    if (ms > Long.MAX_VALUE - c.now()) {
      c.error("ERR invalid expire time in '" + name + "' command");
      return;
    }
    setGeneric(c, 0, c.arg(1), c.arg(3), c.now() + ms, mul == 1000 ? 1 : 2, name);
  }

  static void getdel(CommandContext c) {
    RString s = readString(c, c.arg(1));
    if (s == WRONG) {
      return;
    }
    if (s == null) {
      c.reply().nullBulk();
      return;
    }
    c.db().delete(c.arg(1));
    c.signalModified(c.arg(1));
    c.dirty(1);
    c.reply().bulk(s.bytes());
    c.propagateAs(b("DEL"), c.arg(1));
  }

  static void getex(CommandContext c) {
    int unit = 0;
    boolean persist = false;
    byte[] expireArg = null;
    for (int j = 2; j < c.argc(); j++) {
      byte[] a = c.arg(j);
      boolean hasNext = j + 1 < c.argc();
      if ((eq(a, "ex") || eq(a, "px") || eq(a, "exat") || eq(a, "pxat"))
          && unit == 0
          && !persist
          && hasNext) {
        unit = eq(a, "ex") ? 1 : eq(a, "px") ? 2 : eq(a, "exat") ? 3 : 4;
        expireArg = c.arg(++j);
      } else if (eq(a, "persist") && unit == 0 && !persist) {
        persist = true;
      } else {
        c.syntaxError();
        return;
      }
    }
    long when = -1;
    if (unit != 0) {
      Long v = Numbers.parseLong(expireArg);
      if (v == null) {
        c.notInteger();
        return;
      }
      long ms = v;
      if (ms <= 0 || ((unit == 1 || unit == 3) && ms > Long.MAX_VALUE / 1000)) {
        c.error("ERR invalid expire time in 'getex' command");
        return;
      }
      if (unit == 1 || unit == 3) {
        ms *= 1000;
      }
      if (unit <= 2) {
        ms += c.now();
      }
      when = ms;
    }
    RString s = readString(c, c.arg(1));
    if (s == WRONG) {
      return;
    }
    if (s == null) {
      c.reply().nullBulk();
      return;
    }
    Db db = c.db();
    if (when >= 0 && when <= c.now() && !c.core().isReplica()) {
      db.delete(c.arg(1));
      c.signalModified(c.arg(1));
      c.dirty(1);
      c.propagateAs(b("DEL"), c.arg(1));
    } else if (when >= 0) {
      db.setExpire(c.arg(1), when);
      c.signalModified(c.arg(1));
      c.dirty(1);
      c.propagateAs(b("PEXPIREAT"), c.arg(1), Numbers.toBytes(when));
    } else if (persist) {
      if (db.persist(c.arg(1))) {
        c.signalModified(c.arg(1));
        c.dirty(1);
        c.propagateAs(b("PERSIST"), c.arg(1));
        if (c.core().propagation().injected("getex-persist-not-propagated")) {
          c.preventPropagation(); // the bug: GETEX taken for a read, replicas keep the TTL
        }
      }
    }
    c.reply().bulk(s.bytes());
  }

  static void getset(CommandContext c) {
    RString s = readString(c, c.arg(1));
    if (s == WRONG) {
      return;
    }
    c.db().set(c.arg(1), RString.of(c.arg(2)));
    c.signalModified(c.arg(1));
    c.dirty(1);
    if (s == null) {
      c.reply().nullBulk();
    } else {
      c.reply().bulk(s.bytes());
    }
    // redis 7.0 propagates GETSET as SET.
    c.propagateAs(b("SET"), c.arg(1), c.arg(2));
  }

  static void mget(CommandContext c) {
    c.reply().arrayHeader(c.argc() - 1);
    Db db = c.db();
    for (int j = 1; j < c.argc(); j++) {
      RObject o = db.lookupRead(c.arg(j));
      if (o instanceof RString s) {
        c.core().stats().keyspaceHits++;
        c.reply().bulk(s.bytes());
      } else {
        c.core().stats().keyspaceMisses++;
        c.reply().nullBulk();
      }
    }
  }

  static void mset(CommandContext c) {
    if (c.argc() % 2 == 0) {
      c.wrongArgs();
      return;
    }
    Db db = c.db();
    for (int j = 1; j < c.argc(); j += 2) {
      db.set(c.arg(j), RString.of(c.arg(j + 1)));
      c.signalModified(c.arg(j));
    }
    c.dirty((c.argc() - 1) / 2);
    c.ok();
  }

  static void msetnx(CommandContext c) {
    if (c.argc() % 2 == 0) {
      c.wrongArgs();
      return;
    }
    Db db = c.db();
    for (int j = 1; j < c.argc(); j += 2) {
      if (db.lookupRead(c.arg(j)) != null) {
        c.reply().integer(0);
        return;
      }
    }
    for (int j = 1; j < c.argc(); j += 2) {
      db.set(c.arg(j), RString.of(c.arg(j + 1)));
      c.signalModified(c.arg(j));
    }
    c.dirty((c.argc() - 1) / 2);
    c.reply().integer(1);
  }

  static void incrBy(CommandContext c, long incr) {
    RString s = readString(c, c.arg(1));
    if (s == WRONG) {
      return;
    }
    long value = 0;
    if (s != null) {
      Long v = Numbers.parseLong(s.bytes());
      if (v == null) {
        c.notInteger();
        return;
      }
      value = v;
    }
    if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
        || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
      c.error("ERR increment or decrement would overflow");
      return;
    }
    value += incr;
    c.db().setKeepTtl(c.arg(1), RString.ofLong(value));
    c.signalModified(c.arg(1));
    c.dirty(1);
    c.reply().integer(value);
  }

  static void incrbyfloat(CommandContext c) {
    RString s = readString(c, c.arg(1));
    if (s == WRONG) {
      return;
    }
    // redis adds in an x87 long double (getLongDoubleFromObject, then value += incr)
    LongDouble.Parsed value =
        s == null ? new LongDouble.Parsed(BigDecimal.ZERO, 0) : LongDouble.parse(s.bytes());
    LongDouble.Parsed incr = value == null ? null : LongDouble.parse(c.arg(2));
    if (value == null || incr == null) {
      c.error("ERR value is not a valid float");
      return;
    }
    BigDecimal result =
        value.isInfinite() || incr.isInfinite()
            ? null
            : LongDouble.add(value.value(), incr.value());
    if (result == null) {
      c.error("ERR increment would produce NaN or Infinity");
      return;
    }
    byte[] out = b(Numbers.formatHuman(result));
    // createStringObjectFromLongDouble: embstr even when the result looks like an integer
    c.db().setKeepTtl(c.arg(1), RString.embstrOrRaw(out));
    c.signalModified(c.arg(1));
    c.dirty(1);
    c.reply().bulk(out);
    c.propagateAs(b("SET"), c.arg(1), out, b("KEEPTTL"));
    if (c.core().propagation().injected("incrbyfloat-drops-ttl")) {
      c.propagateAs(b("SET"), c.arg(1), out); // the bug: KEEPTTL forgotten, replicas persist it
    }
  }
}
