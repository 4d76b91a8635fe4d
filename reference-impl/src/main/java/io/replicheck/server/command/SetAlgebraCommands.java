package io.replicheck.server.command;

import static io.replicheck.server.command.Args.b;
import static io.replicheck.server.command.Args.eq;
import static io.replicheck.server.command.SetCommands.INTER;
import static io.replicheck.server.command.SetCommands.UNION;
import static io.replicheck.server.command.SetCommands.WRONG;
import static io.replicheck.server.command.SetCommands.replySet;
import static io.replicheck.server.command.SetCommands.set;

import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.Db;
import io.replicheck.server.core.Dict;
import io.replicheck.server.core.Limits;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.core.RSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Set algebra (t_set.c): SINTER, SUNION, SDIFF and their STORE forms, SINTERCARD. Registered with
 * the other set commands in {@link SetCommands}.
 */
final class SetAlgebraCommands {
  private SetAlgebraCommands() {}

  /**
   * Sets of the keys from index {@code from}; null entries for missing keys; null after WRONGTYPE.
   */
  private static List<RSet> sets(CommandContext c, int from, int to) {
    List<RSet> out = new ArrayList<>();
    for (int j = from; j < to; j++) {
      RSet s = set(c, c.db(), c.arg(j), false);
      if (s == WRONG) {
        return null;
      }
      out.add(s);
    }
    return out;
  }

  private static List<byte[]> compute(List<RSet> sets, int op, long limit) {
    List<byte[]> out = new ArrayList<>();
    if (op == INTER) {
      for (RSet s : sets) {
        if (s == null) {
          return out;
        }
      }
      List<RSet> sorted = new ArrayList<>(sets);
      sorted.sort((a, b2) -> Integer.compare(a.size(), b2.size()));
      for (byte[] m : sorted.get(0).members()) {
        boolean all = true;
        for (int i = 1; i < sorted.size() && all; i++) {
          all = sorted.get(i).contains(m);
        }
        if (all) {
          out.add(m);
          if (limit > 0 && out.size() >= limit) {
            break;
          }
        }
      }
      return out;
    }
    if (op == UNION) {
      Dict<Boolean> seen = new Dict<>();
      for (RSet s : sets) {
        if (s != null) {
          s.forEach(
              m -> {
                if (seen.put(m, Boolean.TRUE) == null) {
                  out.add(m);
                }
              });
        }
      }
      return out;
    }
    RSet first = sets.get(0);
    if (first == null) {
      return out;
    }
    for (byte[] m : first.members()) {
      boolean keep = true;
      for (int i = 1; i < sets.size() && keep; i++) {
        RSet s = sets.get(i);
        keep = s == null || !s.contains(m);
      }
      if (keep) {
        out.add(m);
      }
    }
    return out;
  }

  static void algebra(CommandContext c, int op, int from, byte[] dstKey) {
    List<RSet> sets = sets(c, from, c.argc());
    if (sets == null) {
      return;
    }
    List<byte[]> result = compute(sets, op, 0);
    if (dstKey == null) {
      replySet(c, result);
      return;
    }
    Db db = c.db();
    boolean existed = db.lookupRead(dstKey) != null;
    if (result.isEmpty()) {
      if (existed) {
        db.delete(dstKey);
        c.signalModified(dstKey);
        c.dirty(1);
        c.propagateAs(b("DEL"), dstKey);
      }
      c.reply().integer(0);
      return;
    }
    RSet dst = RSet.emptyIntset();
    Limits limits = c.core().config().limits;
    for (byte[] m : result) {
      dst.add(m, limits);
    }
    db.set(dstKey, dst);
    c.signalModified(dstKey);
    c.dirty(1);
    c.reply().integer(dst.size());
  }

  static void sintercard(CommandContext c) {
    Long numkeys = Numbers.parseLong(c.arg(1));
    if (numkeys == null || numkeys <= 0) {
      c.error("ERR numkeys should be greater than 0");
      return;
    }
    if (numkeys > c.argc() - 2) {
      c.error("ERR Number of keys can't be greater than number of args");
      return;
    }
    long limit = 0;
    for (int j = 2 + numkeys.intValue(); j < c.argc(); j++) {
      if (eq(c.arg(j), "limit") && j + 1 < c.argc()) {
        // getPositiveLongFromObjectOrReply: a non-number gets the same message
        Long v = Numbers.parseLong(c.arg(++j));
        if (v == null || v < 0) {
          c.error("ERR LIMIT can't be negative");
          return;
        }
        limit = v;
      } else {
        c.syntaxError();
        return;
      }
    }
    List<RSet> sets = sets(c, 2, 2 + numkeys.intValue());
    if (sets == null) {
      return;
    }
    c.reply().integer(compute(sets, INTER, limit).size());
  }
}
