package io.replicheck.server.command;

import static io.replicheck.server.command.Args.b;

import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Db;
import io.replicheck.server.core.Dict;
import io.replicheck.server.core.Limits;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.core.RObject;
import io.replicheck.server.core.RSet;
import io.replicheck.server.util.Glob;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Set commands (t_set.c). */
final class SetCommands {
  private SetCommands() {}

  static void register(CommandTable t) {
    t.register(CommandSpec.of("sadd", -3, "write denyoom fast", 1, 1, 1, SetCommands::sadd));
    t.register(CommandSpec.of("srem", -3, "write fast", 1, 1, 1, SetCommands::srem));
    t.register(
        CommandSpec.of(
            "scard",
            2,
            "readonly fast",
            1,
            1,
            1,
            c -> {
              RSet s = set(c, c.db(), c.arg(1), false);
              if (s != WRONG) {
                c.reply().integer(s == null ? 0 : s.size());
              }
            }));
    t.register(
        CommandSpec.of(
            "sismember",
            3,
            "readonly fast",
            1,
            1,
            1,
            c -> {
              RSet s = set(c, c.db(), c.arg(1), false);
              if (s != WRONG) {
                c.reply().integer(s != null && s.contains(c.arg(2)) ? 1 : 0);
              }
            }));
    t.register(
        CommandSpec.of(
            "smismember",
            -3,
            "readonly fast",
            1,
            1,
            1,
            c -> {
              RSet s = set(c, c.db(), c.arg(1), false);
              if (s == WRONG) {
                return;
              }
              c.reply().arrayHeader(c.argc() - 2);
              for (int j = 2; j < c.argc(); j++) {
                c.reply().integer(s != null && s.contains(c.arg(j)) ? 1 : 0);
              }
            }));
    t.register(
        CommandSpec.of(
            "smembers",
            2,
            "readonly",
            1,
            1,
            1,
            c -> {
              RSet s = set(c, c.db(), c.arg(1), false);
              if (s != WRONG) {
                replySet(c, s == null ? List.of() : s.members());
              }
            }));
    t.register(CommandSpec.of("spop", -2, "write fast", 1, 1, 1, SetCommands::spop));
    t.register(CommandSpec.of("srandmember", -2, "readonly", 1, 1, 1, SetCommands::srandmember));
    t.register(CommandSpec.of("smove", 4, "write fast", 1, 2, 1, SetCommands::smove));
    t.register(
        CommandSpec.of(
            "sinter",
            -2,
            "readonly",
            1,
            -1,
            1,
            c -> SetAlgebraCommands.algebra(c, INTER, 1, null)));
    t.register(
        CommandSpec.of(
            "sinterstore",
            -3,
            "write denyoom",
            1,
            -1,
            1,
            c -> SetAlgebraCommands.algebra(c, INTER, 2, c.arg(1))));
    t.register(
        CommandSpec.of(
            "sunion",
            -2,
            "readonly",
            1,
            -1,
            1,
            c -> SetAlgebraCommands.algebra(c, UNION, 1, null)));
    t.register(
        CommandSpec.of(
            "sunionstore",
            -3,
            "write denyoom",
            1,
            -1,
            1,
            c -> SetAlgebraCommands.algebra(c, UNION, 2, c.arg(1))));
    t.register(
        CommandSpec.of(
            "sdiff", -2, "readonly", 1, -1, 1, c -> SetAlgebraCommands.algebra(c, DIFF, 1, null)));
    t.register(
        CommandSpec.of(
            "sdiffstore",
            -3,
            "write denyoom",
            1,
            -1,
            1,
            c -> SetAlgebraCommands.algebra(c, DIFF, 2, c.arg(1))));
    t.register(
        CommandSpec.of(
            "sintercard", -3, "movablekeys readonly", 0, 0, 0, SetAlgebraCommands::sintercard));
    t.register(CommandSpec.of("sscan", -3, "readonly", 1, 1, 1, SetCommands::sscan));
  }

  static final RSet WRONG = RSet.emptyIntset();
  static final int INTER = 0;
  static final int UNION = 1;
  static final int DIFF = 2;

  static RSet set(CommandContext c, Db db, byte[] key, boolean write) {
    RObject o = write ? db.lookupWrite(key) : db.lookupRead(key);
    if (o == null) {
      return null;
    }
    if (!(o instanceof RSet s)) {
      c.wrongType();
      return WRONG;
    }
    return s;
  }

  static void replySet(CommandContext c, List<byte[]> members) {
    c.reply().setHeader(members.size());
    for (byte[] m : members) {
      c.reply().bulk(m);
    }
  }

  static void sadd(CommandContext c) {
    Db db = c.db();
    RSet s = set(c, db, c.arg(1), true);
    if (s == WRONG) {
      return;
    }
    if (s == null) {
      s = RSet.forFirstMember(c.arg(2));
      db.set(c.arg(1), s);
    }
    Limits limits = c.core().config().limits;
    int added = 0;
    for (int j = 2; j < c.argc(); j++) {
      if (s.add(c.arg(j), limits)) {
        added++;
      }
    }
    if (added > 0) {
      c.signalModified(c.arg(1));
      c.dirty(added);
    }
    c.reply().integer(added);
  }

  static void srem(CommandContext c) {
    Db db = c.db();
    RSet s = set(c, db, c.arg(1), true);
    if (s == WRONG) {
      return;
    }
    int removed = 0;
    if (s != null) {
      for (int j = 2; j < c.argc(); j++) {
        if (s.remove(c.arg(j))) {
          removed++;
        }
      }
      if (s.size() == 0) {
        db.delete(c.arg(1));
      }
      if (removed > 0) {
        c.signalModified(c.arg(1));
        c.dirty(removed);
      }
    }
    c.reply().integer(removed);
  }

  static void spop(CommandContext c) {
    if (c.argc() > 3) {
      c.syntaxError();
      return;
    }
    Db db = c.db();
    byte[] key = c.arg(1);
    if (c.argc() == 2) {
      RSet s = set(c, db, key, true);
      if (s == WRONG) {
        return;
      }
      if (s == null) {
        c.reply().nullBulk();
        return;
      }
      byte[] m = s.random(c.core().random());
      s.remove(m);
      if (s.size() == 0) {
        db.delete(key);
      }
      c.signalModified(key);
      c.dirty(1);
      c.reply().bulk(m);
      c.propagateAs(b("SREM"), key, m);
      if (c.core().propagation().injected("spop-propagated-verbatim")) {
        c.propagateAs(c.argv()); // the bug: a replica pops its own random member
      }
      return;
    }
    Long count = Numbers.parseLong(c.arg(2));
    if (count == null || count < 0) {
      c.error("ERR value is out of range, must be positive");
      return;
    }
    RSet s = set(c, db, key, true);
    if (s == WRONG) {
      return;
    }
    if (s == null || count == 0) {
      c.reply().setHeader(0);
      return;
    }
    if (count >= s.size()) {
      List<byte[]> all = s.members();
      db.delete(key);
      c.signalModified(key);
      c.dirty(all.size());
      replySet(c, all);
      c.propagateAs(b("DEL"), key);
      return;
    }
    List<byte[]> popped = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      byte[] m = s.random(c.core().random());
      s.remove(m);
      popped.add(m);
    }
    List<byte[]> srem = popped;
    if (c.core().propagation().injected("spop-propagated-verbatim")) {
      srem = List.of(); // the bug: SPOP key count goes out as sent
    } else {
      c.preventPropagation();
    }
    for (int from = 0; from < srem.size(); from += 1024) {
      List<byte[]> chunk = srem.subList(from, Math.min(srem.size(), from + 1024));
      byte[][] argv = new byte[chunk.size() + 2][];
      argv[0] = b("SREM");
      argv[1] = key;
      for (int i = 0; i < chunk.size(); i++) {
        argv[i + 2] = chunk.get(i);
      }
      c.alsoPropagate(argv);
    }
    c.signalModified(key);
    c.dirty(popped.size());
    replySet(c, popped);
  }

  static void srandmember(CommandContext c) {
    if (c.argc() > 3) {
      c.syntaxError();
      return;
    }
    Db db = c.db();
    if (c.argc() == 2) {
      RSet s = set(c, db, c.arg(1), false);
      if (s == WRONG) {
        return;
      }
      if (s == null) {
        c.reply().nullBulk();
      } else {
        c.reply().bulk(s.random(c.core().random()));
      }
      return;
    }
    Long count = c.longArg(2);
    if (count == null) {
      return;
    }
    if (count == Long.MIN_VALUE) {
      c.error(
          "ERR value is out of range, value must between -9223372036854775807 and"
              + " 9223372036854775807");
      return;
    }
    RSet s = set(c, db, c.arg(1), false);
    if (s == WRONG) {
      return;
    }
    if (s == null || count == 0) {
      c.reply().arrayHeader(0);
      return;
    }
    List<byte[]> out = new ArrayList<>();
    if (count < 0) {
      if (count == Long.MIN_VALUE) {
        c.error("ERR value is out of range");
        return;
      }
      for (long i = 0; i < -count; i++) {
        out.add(s.random(c.core().random()));
      }
    } else {
      List<byte[]> all = s.members();
      if (count < all.size()) {
        Collections.shuffle(all, new java.util.Random(c.core().random().nextLong()));
        out.addAll(all.subList(0, count.intValue()));
      } else {
        out.addAll(all);
      }
    }
    c.reply().arrayHeader(out.size());
    for (byte[] m : out) {
      c.reply().bulk(m);
    }
  }

  static void smove(CommandContext c) {
    Db db = c.db();
    // redis answers 0 for a missing source before looking at the destination's type
    if (db.lookupWrite(c.arg(1)) == null) {
      c.reply().integer(0);
      return;
    }
    RSet src = set(c, db, c.arg(1), true);
    if (src == WRONG) {
      return;
    }
    RSet dst = set(c, db, c.arg(2), true);
    if (dst == WRONG) {
      return;
    }
    byte[] m = c.arg(3);
    if (src == dst) {
      c.reply().integer(src.contains(m) ? 1 : 0);
      return;
    }
    if (!src.remove(m)) {
      c.reply().integer(0);
      return;
    }
    if (src.size() == 0) {
      db.delete(c.arg(1));
    }
    if (dst == null) {
      dst = RSet.forFirstMember(m);
      db.set(c.arg(2), dst);
    }
    dst.add(m, c.core().config().limits);
    c.signalModified(c.arg(1));
    c.signalModified(c.arg(2));
    c.dirty(1);
    c.reply().integer(1);
  }

  static void sscan(CommandContext c) {
    Long cursor = KeyCommands.parseCursor(c, c.arg(2));
    if (cursor == null) {
      return;
    }
    RSet s = set(c, c.db(), c.arg(1), false);
    if (s == WRONG) {
      return;
    }
    if (s == null) {
      KeyCommands.scanReply(c, 0, List.of());
      return;
    }
    // redis parses the options after the lookup: a missing key takes any options
    HashCommands.ScanOptions o = HashCommands.ScanOptions.parse(c, 3);
    if (o == null) {
      return;
    }
    List<byte[]> out = new ArrayList<>();
    long next = 0;
    if (s != null) {
      List<byte[]> found = new ArrayList<>();
      Dict<Boolean> table = s.table();
      if (table == null) {
        found.addAll(s.members());
      } else {
        long cur = cursor;
        long maxIter = o.count * 10;
        do {
          cur = table.scan(cur, (m, v) -> found.add(m));
        } while (cur != 0 && maxIter-- > 0 && found.size() < o.count);
        next = cur;
      }
      for (byte[] m : found) {
        if (o.pattern == null || Glob.match(o.pattern, m, false)) {
          out.add(m);
        }
      }
    }
    KeyCommands.scanReply(c, next, out);
  }
}
