package io.replicheck.server.command;

import static io.replicheck.server.command.Args.b;
import static io.replicheck.server.command.Args.eq;

import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Db;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.core.RList;
import io.replicheck.server.core.RObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * List commands (t_list.c), blocking ones included: a blocking pop on empty lists blocks the client
 * (FIFO per key) until a push serves it or the timeout; inside MULTI it answers at once. Served
 * blocking pops propagate as their non-blocking forms.
 */
final class ListCommands {
  private ListCommands() {}

  static void register(CommandTable t) {
    t.register(
        CommandSpec.of("lpush", -3, "write denyoom fast", 1, 1, 1, c -> push(c, true, false)));
    t.register(
        CommandSpec.of("rpush", -3, "write denyoom fast", 1, 1, 1, c -> push(c, false, false)));
    t.register(
        CommandSpec.of("lpushx", -3, "write denyoom fast", 1, 1, 1, c -> push(c, true, true)));
    t.register(
        CommandSpec.of("rpushx", -3, "write denyoom fast", 1, 1, 1, c -> push(c, false, true)));
    t.register(CommandSpec.of("lpop", -2, "write fast", 1, 1, 1, c -> pop(c, true)));
    t.register(CommandSpec.of("rpop", -2, "write fast", 1, 1, 1, c -> pop(c, false)));
    t.register(CommandSpec.of("llen", 2, "readonly fast", 1, 1, 1, ListCommands::llen));
    t.register(CommandSpec.of("lrange", 4, "readonly", 1, 1, 1, ListIndexCommands::lrange));
    t.register(CommandSpec.of("lindex", 3, "readonly", 1, 1, 1, ListIndexCommands::lindex));
    t.register(CommandSpec.of("lset", 4, "write denyoom", 1, 1, 1, ListIndexCommands::lset));
    t.register(CommandSpec.of("linsert", 5, "write denyoom", 1, 1, 1, ListIndexCommands::linsert));
    t.register(CommandSpec.of("lrem", 4, "write", 1, 1, 1, ListIndexCommands::lrem));
    t.register(CommandSpec.of("ltrim", 4, "write", 1, 1, 1, ListIndexCommands::ltrim));
    t.register(CommandSpec.of("lpos", -3, "readonly", 1, 1, 1, ListIndexCommands::lpos));
    t.register(
        CommandSpec.of(
            "lmove",
            5,
            "write denyoom",
            1,
            2,
            1,
            c -> {
              Boolean from = side(c, 3);
              Boolean to = from == null ? null : side(c, 4);
              if (to != null) {
                move(c, from, to, -1);
              }
            }));
    t.register(
        CommandSpec.of("rpoplpush", 3, "write denyoom", 1, 2, 1, c -> move(c, false, true, -1)));
    t.register(CommandSpec.of("lmpop", -4, "movablekeys write", 0, 0, 0, c -> mpop(c, 1, -1)));
    t.register(
        CommandSpec.of("blpop", -3, "write noscript blocking", 1, -2, 1, c -> bpop(c, true)));
    t.register(
        CommandSpec.of("brpop", -3, "write noscript blocking", 1, -2, 1, c -> bpop(c, false)));
    t.register(
        CommandSpec.of(
            "blmove",
            6,
            "write denyoom noscript blocking",
            1,
            2,
            1,
            c -> {
              Boolean from = side(c, 3);
              Boolean to = from == null ? null : side(c, 4);
              if (to == null) {
                return;
              }
              Long timeout = timeout(c, 5);
              if (timeout != null) {
                move(c, from, to, timeout);
              }
            }));
    t.register(
        CommandSpec.of(
            "brpoplpush",
            4,
            "write denyoom noscript blocking",
            1,
            2,
            1,
            c -> {
              Long timeout = timeout(c, 3);
              if (timeout != null) {
                move(c, false, true, timeout);
              }
            }));
    t.register(
        CommandSpec.of(
            "blmpop",
            -5,
            "blocking movablekeys write",
            0,
            0,
            0,
            c -> {
              Long timeout = timeout(c, 1);
              if (timeout != null) {
                mpop(c, 2, timeout);
              }
            }));
  }

  static final RList WRONG = new RList();

  /** The list at key; WRONG (after replying WRONGTYPE) if another type; null if missing. */
  static RList list(CommandContext c, Db db, byte[] key, boolean write) {
    RObject o = write ? db.lookupWrite(key) : db.lookupRead(key);
    if (o == null) {
      return null;
    }
    if (!(o instanceof RList l)) {
      c.wrongType();
      return WRONG;
    }
    return l;
  }

  /** LEFT = true, RIGHT = false; null after a syntax error. */
  static Boolean side(CommandContext c, int i) {
    if (eq(c.arg(i), "left")) {
      return true;
    }
    if (eq(c.arg(i), "right")) {
      return false;
    }
    c.syntaxError();
    return null;
  }

  /**
   * Absolute timeout in ms (0 = block forever), or null after replying an error. As
   * getTimeoutFromObjectOrReply: read as a long double, times 1000, rounded up and cast to a long
   * long; a value too large for that cast (infinity included) comes out negative on x86, so redis
   * says "timeout is negative" for it.
   */
  static Long timeout(CommandContext c, int i) {
    byte[] a = c.arg(i);
    Double secs = Scores.parse(a);
    if (secs == null) {
      Double wide = a.length > 0 && a[0] > ' ' ? Scores.strtod(a) : null;
      if (wide == null || !wide.isInfinite() || !fitsLongDouble(a)) {
        c.error("ERR timeout is not a float or out of range");
        return null;
      }
      secs = wide;
    }
    double ms = Math.ceil(secs * 1000);
    if (ms < 0 || ms >= 9.223372036854775807E18 || Double.isInfinite(ms)) {
      c.error("ERR timeout is negative");
      return null;
    }
    return ms == 0 ? 0L : c.now() + (long) ms;
  }

  /** Whether a finite decimal too large for a double still fits an x87 long double. */
  private static boolean fitsLongDouble(byte[] a) {
    try {
      java.math.BigDecimal v = new java.math.BigDecimal(Args.str(a).trim());
      return v.abs().compareTo(new java.math.BigDecimal("1.18e4932")) < 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static void push(CommandContext c, boolean left, boolean onlyIfExists) {
    Db db = c.db();
    byte[] key = c.arg(1);
    RList l = list(c, db, key, true);
    if (l == WRONG) {
      return;
    }
    if (l == null) {
      if (onlyIfExists) {
        c.reply().integer(0);
        return;
      }
      l = new RList();
      db.set(key, l);
    }
    for (int j = 2; j < c.argc(); j++) {
      if (left) {
        l.addFirst(c.arg(j));
      } else {
        l.addLast(c.arg(j));
      }
    }
    c.signalModified(key);
    c.signalListReady(key);
    c.dirty(c.argc() - 2);
    c.reply().integer(l.size());
  }

  static void deleteIfEmpty(CommandContext c, Db db, byte[] key, RList l) {
    if (l.size() == 0) {
      db.delete(key);
    }
  }

  static void pop(CommandContext c, boolean left) {
    if (c.argc() > 3) {
      c.wrongArgs();
      return;
    }
    long count = -1;
    if (c.argc() == 3) {
      Long v = Numbers.parseLong(c.arg(2));
      if (v == null || v < 0) {
        c.error("ERR value is out of range, must be positive");
        return;
      }
      count = v;
    }
    Db db = c.db();
    byte[] key = c.arg(1);
    RList l = list(c, db, key, true);
    if (l == WRONG) {
      return;
    }
    if (l == null) {
      if (count >= 0) {
        c.reply().nullArray();
      } else {
        c.reply().nullBulk();
      }
      return;
    }
    if (count == 0) {
      c.reply().arrayHeader(0);
      return;
    }
    if (count < 0) {
      c.reply().bulk(left ? l.removeFirst() : l.removeLast());
    } else {
      int n = (int) Math.min(count, l.size());
      c.reply().arrayHeader(n);
      for (int i = 0; i < n; i++) {
        c.reply().bulk(left ? l.removeFirst() : l.removeLast());
      }
    }
    deleteIfEmpty(c, db, key, l);
    c.signalModified(key);
    c.dirty(1);
  }

  static void llen(CommandContext c) {
    RList l = list(c, c.db(), c.arg(1), false);
    if (l != WRONG) {
      c.reply().integer(l == null ? 0 : l.size());
    }
  }

  /**
   * LMOVE/RPOPLPUSH and, with timeoutAt >= 0, BLMOVE/BRPOPLPUSH (block when the source is empty).
   */
  static void move(CommandContext c, boolean fromLeft, boolean toLeft, long timeoutAt) {
    Db db = c.db();
    byte[] src = c.arg(1);
    byte[] dst = c.arg(2);
    RList s = list(c, db, src, true);
    if (s == WRONG) {
      return;
    }
    if (s == null) {
      if (timeoutAt >= 0 && !c.inExec()) {
        c.core().blocking().blockForKeys(c, List.of(src), timeoutAt, false);
        return;
      }
      c.reply().nullBulk();
      return;
    }
    RList d = list(c, db, dst, true);
    if (d == WRONG) {
      return;
    }
    byte[] v = fromLeft ? s.removeFirst() : s.removeLast();
    if (Arrays.equals(src, dst)) {
      d = s;
    }
    if (d == null) {
      d = new RList();
      db.set(dst, d);
    }
    if (toLeft) {
      d.addFirst(v);
    } else {
      d.addLast(v);
    }
    if (s.size() == 0 && s != d) {
      db.delete(src);
    }
    // redis's lmoveHandlePush signals the destination before the source's pop is signalled
    c.signalModified(dst);
    c.signalModified(src);
    c.signalListReady(dst);
    c.dirty(1);
    c.reply().bulk(v);
    if (timeoutAt >= 0) {
      c.propagateAs(
          b("LMOVE"), src, dst, b(fromLeft ? "LEFT" : "RIGHT"), b(toLeft ? "LEFT" : "RIGHT"));
    }
  }

  /** BLPOP/BRPOP key... timeout. */
  static void bpop(CommandContext c, boolean left) {
    Long timeout = timeout(c, c.argc() - 1);
    if (timeout == null) {
      return;
    }
    Db db = c.db();
    List<byte[]> keys = new ArrayList<>();
    for (int j = 1; j < c.argc() - 1; j++) {
      byte[] key = c.arg(j);
      keys.add(key);
      RList l = list(c, db, key, true);
      if (l == WRONG) {
        return;
      }
      if (l != null && l.size() > 0) {
        byte[] v = left ? l.removeFirst() : l.removeLast();
        deleteIfEmpty(c, db, key, l);
        c.signalModified(key);
        c.dirty(1);
        c.reply().arrayHeader(2);
        c.reply().bulk(key);
        c.reply().bulk(v);
        c.propagateAs(b(left ? "LPOP" : "RPOP"), key);
        return;
      }
    }
    if (c.inExec()) {
      c.reply().nullArray();
      return;
    }
    c.core().blocking().blockForKeys(c, keys, timeout, true);
  }

  /** LMPOP (keysAt = 1, no timeout) and BLMPOP (keysAt = 2). */
  static void mpop(CommandContext c, int numAt, long timeoutAt) {
    Long numkeys = Numbers.parseLong(c.arg(numAt));
    if (numkeys == null || numkeys <= 0) {
      c.error("ERR numkeys should be greater than 0");
      return;
    }
    int whereAt = numAt + 1 + numkeys.intValue();
    if (numkeys > c.argc() - numAt - 2 || whereAt >= c.argc()) {
      c.syntaxError();
      return;
    }
    Boolean left = side(c, whereAt);
    if (left == null) {
      return;
    }
    long count = 1;
    boolean countSeen = false;
    for (int j = whereAt + 1; j < c.argc(); j++) {
      if (eq(c.arg(j), "count") && !countSeen && j + 1 < c.argc()) {
        Long v = Numbers.parseLong(c.arg(++j));
        if (v == null || v <= 0) {
          c.error("ERR count should be greater than 0");
          return;
        }
        count = v;
        countSeen = true;
      } else {
        c.syntaxError();
        return;
      }
    }
    Db db = c.db();
    List<byte[]> keys = new ArrayList<>();
    for (int j = numAt + 1; j < whereAt; j++) {
      byte[] key = c.arg(j);
      keys.add(key);
      RList l = list(c, db, key, true);
      if (l == WRONG) {
        return;
      }
      if (l != null && l.size() > 0) {
        int n = (int) Math.min(count, l.size());
        c.reply().arrayHeader(2);
        c.reply().bulk(key);
        c.reply().arrayHeader(n);
        for (int i = 0; i < n; i++) {
          c.reply().bulk(left ? l.removeFirst() : l.removeLast());
        }
        deleteIfEmpty(c, db, key, l);
        c.signalModified(key);
        c.dirty(1);
        c.propagateAs(b(left ? "LPOP" : "RPOP"), key, Numbers.toBytes(n));
        return;
      }
    }
    if (timeoutAt < 0 || c.inExec()) {
      c.reply().nullArray();
      return;
    }
    c.core().blocking().blockForKeys(c, keys, timeoutAt, true);
  }
}
