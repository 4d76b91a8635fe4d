package io.replicheck.server.command;

import static io.replicheck.server.command.Args.eq;

import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Db;
import io.replicheck.server.core.Limits;
import io.replicheck.server.core.RZSet;
import io.replicheck.server.core.RZSet.LexRange;
import io.replicheck.server.core.RZSet.ScoreRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sorted set range commands (t_zset.c's zrangeGenericCommand and friends): ZRANGE with BYSCORE,
 * BYLEX, REV, LIMIT and WITHSCORES, ZRANGESTORE, the older ZREVRANGE/Z[REV]RANGEBYSCORE/
 * Z[REV]RANGEBYLEX, ZCOUNT, ZLEXCOUNT and ZREMRANGEBYRANK/SCORE/LEX.
 */
final class ZSetRangeCommands {
  private ZSetRangeCommands() {}

  private static final int AUTO = 0;
  private static final int RANK = 1;
  private static final int SCORE = 2;
  private static final int LEX = 3;

  static void register(CommandTable t) {
    t.register(
        CommandSpec.of("zrange", -4, "readonly", 1, 1, 1, c -> zrange(c, 1, false, AUTO, 0)));
    t.register(
        CommandSpec.of(
            "zrangestore", -5, "write denyoom", 1, 2, 1, c -> zrange(c, 2, true, AUTO, 0)));
    t.register(
        CommandSpec.of("zrevrange", -4, "readonly", 1, 1, 1, c -> zrange(c, 1, false, RANK, -1)));
    t.register(
        CommandSpec.of(
            "zrangebyscore", -4, "readonly", 1, 1, 1, c -> zrange(c, 1, false, SCORE, 1)));
    t.register(
        CommandSpec.of(
            "zrevrangebyscore", -4, "readonly", 1, 1, 1, c -> zrange(c, 1, false, SCORE, -1)));
    t.register(
        CommandSpec.of("zrangebylex", -4, "readonly", 1, 1, 1, c -> zrange(c, 1, false, LEX, 1)));
    t.register(
        CommandSpec.of(
            "zrevrangebylex", -4, "readonly", 1, 1, 1, c -> zrange(c, 1, false, LEX, -1)));
    t.register(CommandSpec.of("zcount", 4, "readonly fast", 1, 1, 1, ZSetRangeCommands::zcount));
    t.register(
        CommandSpec.of("zlexcount", 4, "readonly fast", 1, 1, 1, ZSetRangeCommands::zlexcount));
    t.register(CommandSpec.of("zremrangebyrank", 4, "write", 1, 1, 1, c -> zremrange(c, RANK)));
    t.register(CommandSpec.of("zremrangebyscore", 4, "write", 1, 1, 1, c -> zremrange(c, SCORE)));
    t.register(CommandSpec.of("zremrangebylex", 4, "write", 1, 1, 1, c -> zremrange(c, LEX)));
  }

  /** zslParseRange; null when either bound is not a float. */
  static ScoreRange parseRange(byte[] min, byte[] max) {
    double[] v = new double[2];
    boolean[] ex = new boolean[2];
    byte[][] in = {min, max};
    for (int i = 0; i < 2; i++) {
      byte[] a = in[i];
      if (a.length > 0 && a[0] == '(') {
        ex[i] = true;
        a = Arrays.copyOfRange(a, 1, a.length);
      }
      Double d = Scores.strtod(a);
      if (d == null || d.isNaN()) {
        return null;
      }
      v[i] = d;
    }
    return new ScoreRange(v[0], v[1], ex[0], ex[1]);
  }

  /** zslParseLexRange; null when an item is not "-", "+", "(x" or "[x". */
  static LexRange parseLexRange(byte[] min, byte[] max) {
    Object[] a = lexItem(min);
    Object[] b = lexItem(max);
    if (a == null || b == null) {
      return null;
    }
    return new LexRange(
        (byte[]) a[0],
        (byte[]) b[0],
        (Boolean) a[1],
        (Boolean) b[1],
        (Integer) a[2],
        (Integer) b[2]);
  }

  private static Object[] lexItem(byte[] s) {
    if (s.length == 0) {
      return null;
    }
    return switch (s[0]) {
      case '+' -> s.length == 1 ? new Object[] {new byte[0], false, 1} : null;
      case '-' -> s.length == 1 ? new Object[] {new byte[0], false, -1} : null;
      case '(' -> new Object[] {Arrays.copyOfRange(s, 1, s.length), true, 0};
      case '[' -> new Object[] {Arrays.copyOfRange(s, 1, s.length), false, 0};
      default -> null;
    };
  }

  /** zrangeGenericCommand; direction 0 = AUTO, 1 = forward, -1 = reverse. */
  static void zrange(CommandContext c, int argcStart, boolean store, int rangetype, int direction) {
    int minidx = argcStart + 1;
    int maxidx = argcStart + 2;
    boolean withScores = false;
    long offset = 0;
    long limit = -1;
    for (int j = argcStart + 3; j < c.argc(); j++) {
      int left = c.argc() - j - 1;
      if (!store && eq(c.arg(j), "withscores")) {
        withScores = true;
      } else if (eq(c.arg(j), "limit") && left >= 2) {
        Long o = c.longArg(j + 1);
        if (o == null) {
          return;
        }
        Long l = c.longArg(j + 2);
        if (l == null) {
          return;
        }
        offset = o;
        limit = l;
        j += 2;
      } else if (direction == 0 && eq(c.arg(j), "rev")) {
        direction = -1;
      } else if (rangetype == AUTO && eq(c.arg(j), "bylex")) {
        rangetype = LEX;
      } else if (rangetype == AUTO && eq(c.arg(j), "byscore")) {
        rangetype = SCORE;
      } else {
        c.syntaxError();
        return;
      }
    }
    if (direction == 0) {
      direction = 1;
    }
    if (rangetype == AUTO) {
      rangetype = RANK;
    }
    if (limit != -1 && rangetype == RANK) {
      c.error(
          "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
      return;
    }
    if (withScores && rangetype == LEX) {
      c.error("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
      return;
    }
    boolean reverse = direction < 0;
    if (reverse && rangetype != RANK) {
      int tmp = maxidx;
      maxidx = minidx;
      minidx = tmp;
    }
    long start = 0;
    long end = 0;
    ScoreRange range = null;
    LexRange lex = null;
    if (rangetype == RANK) {
      Long s = c.longArg(minidx);
      if (s == null) {
        return;
      }
      Long e = c.longArg(maxidx);
      if (e == null) {
        return;
      }
      start = s;
      end = e;
    } else if (rangetype == SCORE) {
      range = parseRange(c.arg(minidx), c.arg(maxidx));
      if (range == null) {
        c.error("ERR min or max is not a float");
        return;
      }
    } else {
      lex = parseLexRange(c.arg(minidx), c.arg(maxidx));
      if (lex == null) {
        c.error("ERR min or max not valid string range item");
        return;
      }
    }
    Db db = c.db();
    byte[] key = c.arg(argcStart);
    RZSet z = ZSetCommands.zset(c, db, key, false);
    if (z == ZSetCommands.WRONG) {
      return;
    }
    List<Integer> picked = new ArrayList<>();
    if (z != null) {
      if (rangetype == RANK) {
        rankRange(z, start, end, reverse, picked);
      } else if (rangetype == SCORE) {
        scoreRange(z, range, offset, limit, reverse, picked);
      } else {
        lexRange(z, lex, offset, limit, reverse, picked);
      }
    }
    if (store) {
      storeResult(c, c.arg(1), z, picked);
      return;
    }
    boolean resp3 = c.client().protocol() > 2;
    c.reply().arrayHeader(withScores && !resp3 ? picked.size() * 2 : picked.size());
    for (int i : picked) {
      if (withScores && resp3) {
        c.reply().arrayHeader(2);
      }
      c.reply().bulk(z.member(i));
      if (withScores) {
        c.reply().doubleValue(z.score(i));
      }
    }
  }

  private static void rankRange(RZSet z, long start, long end, boolean reverse, List<Integer> out) {
    long llen = z.size();
    if (start < 0) {
      start = llen + start;
    }
    if (end < 0) {
      end = llen + end;
    }
    if (start < 0) {
      start = 0;
    }
    if (start > end || start >= llen) {
      return;
    }
    if (end >= llen) {
      end = llen - 1;
    }
    for (long i = start; i <= end; i++) {
      out.add((int) (reverse ? llen - 1 - i : i));
    }
  }

  private static void scoreRange(
      RZSet z, ScoreRange r, long offset, long limit, boolean reverse, List<Integer> out) {
    if (offset > 0 && offset >= z.size()) {
      return;
    }
    if (r.empty()) {
      return;
    }
    int i = reverse ? z.lastInRange(r) : z.firstInRange(r);
    int step = reverse ? -1 : 1;
    // Skipping with a negative offset never ends before the range does (redis's offset--).
    while (inBounds(z, i) && offset != 0) {
      offset--;
      i += step;
    }
    while (inBounds(z, i) && limit != 0) {
      double s = z.score(i);
      if (reverse ? !r.gteMin(s) : !r.lteMax(s)) {
        break;
      }
      out.add(i);
      limit--;
      i += step;
    }
  }

  private static void lexRange(
      RZSet z, LexRange r, long offset, long limit, boolean reverse, List<Integer> out) {
    if (offset > 0 && offset >= z.size()) {
      return;
    }
    if (r.empty()) {
      return;
    }
    int i = reverse ? z.lastInLexRange(r) : z.firstInLexRange(r);
    int step = reverse ? -1 : 1;
    while (inBounds(z, i) && offset != 0) {
      offset--;
      i += step;
    }
    while (inBounds(z, i) && limit != 0) {
      byte[] m = z.member(i);
      if (reverse ? !r.gteMin(m) : !r.lteMax(m)) {
        break;
      }
      out.add(i);
      limit--;
      i += step;
    }
  }

  private static boolean inBounds(RZSet z, int i) {
    return i >= 0 && i < z.size();
  }

  /** zrangeResultFinalizeStore: a new listpack zset at dst, or dst deleted when empty. */
  private static void storeResult(CommandContext c, byte[] dst, RZSet src, List<Integer> picked) {
    Db db = c.db();
    if (picked.isEmpty()) {
      c.reply().integer(0);
      if (db.delete(dst)) {
        c.signalModified(dst);
        c.dirty(1);
      }
      return;
    }
    Limits limits = c.core().config().limits;
    RZSet out = RZSet.listpack();
    for (int i : picked) {
      out.insert(src.member(i), src.score(i), limits);
    }
    db.set(dst, out);
    c.signalModified(dst);
    c.signalListReady(dst);
    c.dirty(1);
    c.reply().integer(picked.size());
  }

  static void zcount(CommandContext c) {
    ScoreRange r = parseRange(c.arg(2), c.arg(3));
    if (r == null) {
      c.error("ERR min or max is not a float");
      return;
    }
    RZSet z = ZSetCommands.zset(c, c.db(), c.arg(1), false);
    if (z == ZSetCommands.WRONG) {
      return;
    }
    long n = 0;
    if (z != null && !r.empty()) {
      int first = z.firstInRange(r);
      int last = z.lastInRange(r);
      n = first <= last ? last - first + 1 : 0;
    }
    c.reply().integer(n);
  }

  static void zlexcount(CommandContext c) {
    LexRange r = parseLexRange(c.arg(2), c.arg(3));
    if (r == null) {
      c.error("ERR min or max not valid string range item");
      return;
    }
    RZSet z = ZSetCommands.zset(c, c.db(), c.arg(1), false);
    if (z == ZSetCommands.WRONG) {
      return;
    }
    long n = 0;
    if (z != null) {
      // zsetLexCount: from the first member in range, forward while not past max
      for (int i = z.firstInLexRange(r); i < z.size() && r.lteMax(z.member(i)); i++) {
        n++;
      }
    }
    c.reply().integer(n);
  }

  /** zremrangeGenericCommand. */
  static void zremrange(CommandContext c, int type) {
    long start = 0;
    long end = 0;
    ScoreRange range = null;
    LexRange lex = null;
    if (type == RANK) {
      Long s = c.longArg(2);
      if (s == null) {
        return;
      }
      Long e = c.longArg(3);
      if (e == null) {
        return;
      }
      start = s;
      end = e;
    } else if (type == SCORE) {
      range = parseRange(c.arg(2), c.arg(3));
      if (range == null) {
        c.error("ERR min or max is not a float");
        return;
      }
    } else {
      lex = parseLexRange(c.arg(2), c.arg(3));
      if (lex == null) {
        c.error("ERR min or max not valid string range item");
        return;
      }
    }
    Db db = c.db();
    byte[] key = c.arg(1);
    RZSet z = ZSetCommands.zset(c, db, key, true);
    if (z == ZSetCommands.WRONG) {
      return;
    }
    if (z == null) {
      c.reply().integer(0);
      return;
    }
    int from;
    int to;
    if (type == RANK) {
      long llen = z.size();
      if (start < 0) {
        start = llen + start;
      }
      if (end < 0) {
        end = llen + end;
      }
      if (start < 0) {
        start = 0;
      }
      if (start > end || start >= llen) {
        c.reply().integer(0);
        return;
      }
      if (end >= llen) {
        end = llen - 1;
      }
      from = (int) start;
      to = (int) end;
    } else if (type == SCORE) {
      from = range.empty() ? 0 : z.firstInRange(range);
      to = range.empty() ? -1 : z.lastInRange(range);
    } else {
      // zzlDeleteRangeByLex: from the first member in range, forward while not past max
      from = z.firstInLexRange(lex);
      to = from - 1;
      while (to + 1 < z.size() && lex.lteMax(z.member(to + 1))) {
        to++;
      }
    }
    int deleted = from <= to ? z.removeRange(from, to) : 0;
    if (deleted > 0) {
      c.signalModified(key);
      ZSetCommands.deleteIfEmpty(db, key, z);
    }
    c.dirty(deleted);
    c.reply().integer(deleted);
  }
}
