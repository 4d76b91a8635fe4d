package io.replicheck.server.command;

import static io.replicheck.server.command.Args.b;
import static io.replicheck.server.command.Args.eq;

import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Db;
import io.replicheck.server.core.Dict;
import io.replicheck.server.core.Limits;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.core.RObject;
import io.replicheck.server.core.RZSet;
import io.replicheck.server.util.Glob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sorted set commands that add, remove, read single members and pop (t_zset.c): ZADD, ZINCRBY,
 * ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK, ZPOPMIN/MAX, BZPOPMIN/MAX, ZMPOP, BZMPOP,
 * ZRANDMEMBER, ZSCAN. Pops propagate as redis does: ZMPOP and served blocking pops as ZPOPMIN/MAX.
 */
final class ZSetCommands {
  private ZSetCommands() {}

  static void register(CommandTable t) {
    t.register(CommandSpec.of("zadd", -4, "write denyoom fast", 1, 1, 1, c -> zadd(c, false)));
    t.register(CommandSpec.of("zincrby", 4, "write denyoom fast", 1, 1, 1, c -> zadd(c, true)));
    t.register(CommandSpec.of("zrem", -3, "write fast", 1, 1, 1, ZSetCommands::zrem));
    t.register(CommandSpec.of("zcard", 2, "readonly fast", 1, 1, 1, ZSetCommands::zcard));
    t.register(CommandSpec.of("zscore", 3, "readonly fast", 1, 1, 1, ZSetCommands::zscore));
    t.register(CommandSpec.of("zmscore", -3, "readonly fast", 1, 1, 1, ZSetCommands::zmscore));
    t.register(CommandSpec.of("zrank", 3, "readonly fast", 1, 1, 1, c -> zrank(c, false)));
    t.register(CommandSpec.of("zrevrank", 3, "readonly fast", 1, 1, 1, c -> zrank(c, true)));
    t.register(CommandSpec.of("zpopmin", -2, "write fast", 1, 1, 1, c -> zpop(c, false)));
    t.register(CommandSpec.of("zpopmax", -2, "write fast", 1, 1, 1, c -> zpop(c, true)));
    t.register(
        CommandSpec.of(
            "bzpopmin", -3, "write noscript blocking fast", 1, -2, 1, c -> bzpop(c, false)));
    t.register(
        CommandSpec.of(
            "bzpopmax", -3, "write noscript blocking fast", 1, -2, 1, c -> bzpop(c, true)));
    t.register(CommandSpec.of("zmpop", -4, "movablekeys write", 0, 0, 0, c -> zmpop(c, 1, false)));
    t.register(
        CommandSpec.of(
            "bzmpop", -5, "blocking movablekeys write", 0, 0, 0, c -> zmpop(c, 2, true)));
    t.register(CommandSpec.of("zrandmember", -2, "readonly", 1, 1, 1, ZSetCommands::zrandmember));
    t.register(CommandSpec.of("zscan", -3, "readonly", 1, 1, 1, ZSetCommands::zscan));
  }

  /** Marks a wrong-type reply already sent. */
  static final RZSet WRONG = RZSet.listpack();

  static RZSet zset(CommandContext c, Db db, byte[] key, boolean write) {
    RObject o = write ? db.lookupWrite(key) : db.lookupRead(key);
    if (o == null) {
      return null;
    }
    if (!(o instanceof RZSet z)) {
      c.wrongType();
      return WRONG;
    }
    return z;
  }

  static void deleteIfEmpty(Db db, byte[] key, RZSet z) {
    if (z.size() == 0) {
      db.delete(key);
    }
  }

  /** ZADD and ZINCRBY (zaddGenericCommand). */
  static void zadd(CommandContext c, boolean incrCommand) {
    boolean nx = false;
    boolean xx = false;
    boolean gt = false;
    boolean lt = false;
    boolean ch = false;
    boolean incr = incrCommand;
    int scoreidx = 2;
    while (scoreidx < c.argc()) {
      byte[] opt = c.arg(scoreidx);
      if (eq(opt, "nx")) {
        nx = true;
      } else if (eq(opt, "xx")) {
        xx = true;
      } else if (eq(opt, "ch")) {
        ch = true;
      } else if (eq(opt, "incr")) {
        incr = true;
      } else if (eq(opt, "gt")) {
        gt = true;
      } else if (eq(opt, "lt")) {
        lt = true;
      } else {
        break;
      }
      scoreidx++;
    }
    int elements = c.argc() - scoreidx;
    if (elements % 2 != 0 || elements == 0) {
      c.syntaxError();
      return;
    }
    elements /= 2;
    if (nx && xx) {
      c.error("ERR XX and NX options at the same time are not compatible");
      return;
    }
    if ((gt && nx) || (lt && nx) || (gt && lt)) {
      c.error("ERR GT, LT, and/or NX options at the same time are not compatible");
      return;
    }
    if (incr && elements > 1) {
      c.error("ERR INCR option supports a single increment-element pair");
      return;
    }
    double[] scores = new double[elements];
    for (int j = 0; j < elements; j++) {
      Double d = Scores.parse(c.arg(scoreidx + j * 2));
      if (d == null) {
        c.error("ERR value is not a valid float");
        return;
      }
      scores[j] = d;
    }
    Db db = c.db();
    byte[] key = c.arg(1);
    RZSet z = zset(c, db, key, true);
    if (z == WRONG) {
      return;
    }
    Limits limits = c.core().config().limits;
    int added = 0;
    int updated = 0;
    int processed = 0;
    double score = 0;
    if (z == null) {
      if (xx) {
        reply(c, incr, ch, processed, score, added, updated);
        return;
      }
      z = RZSet.forFirstMember(c.arg(scoreidx + 1), limits);
      db.set(key, z);
      c.signalListReady(key);
    }
    for (int j = 0; j < elements; j++) {
      score = scores[j];
      byte[] ele = c.arg(scoreidx + 1 + j * 2);
      Double cur = z.score(ele);
      if (cur != null) {
        if (nx) {
          continue;
        }
        if (incr) {
          score += cur;
          if (Double.isNaN(score)) {
            c.error("ERR resulting score is not a number (NaN)");
            signal(c, key, added, updated);
            return;
          }
        }
        if ((lt && score >= cur) || (gt && score <= cur)) {
          continue;
        }
        processed++;
        if (score != cur) {
          z.updateScore(ele, cur, score);
          updated++;
        }
      } else if (!xx) {
        z.insert(ele, score, limits);
        added++;
        processed++;
      }
    }
    c.dirty(added + updated);
    // The reply is the score computed, not the stored one (a listpack keeps -0 as 0).
    reply(c, incr, ch, processed, score, added, updated);
    signal(c, key, added, updated);
  }

  private static void signal(CommandContext c, byte[] key, int added, int updated) {
    if (added + updated > 0) {
      c.signalModified(key);
    }
  }

  private static void reply(
      CommandContext c,
      boolean incr,
      boolean ch,
      int processed,
      double score,
      int added,
      int updated) {
    if (incr) {
      if (processed > 0) {
        c.reply().doubleValue(score);
      } else {
        c.reply().nullBulk();
      }
    } else {
      c.reply().integer(ch ? added + updated : added);
    }
  }

  static void zrem(CommandContext c) {
    Db db = c.db();
    byte[] key = c.arg(1);
    RZSet z = zset(c, db, key, true);
    if (z == WRONG) {
      return;
    }
    if (z == null) {
      c.reply().integer(0);
      return;
    }
    int deleted = 0;
    for (int j = 2; j < c.argc(); j++) {
      if (z.remove(c.arg(j))) {
        deleted++;
      }
      if (z.size() == 0) {
        db.delete(key);
        break;
      }
    }
    if (deleted > 0) {
      c.signalModified(key);
      c.dirty(deleted);
    }
    c.reply().integer(deleted);
  }

  static void zcard(CommandContext c) {
    RZSet z = zset(c, c.db(), c.arg(1), false);
    if (z != WRONG) {
      c.reply().integer(z == null ? 0 : z.size());
    }
  }

  static void zscore(CommandContext c) {
    RZSet z = zset(c, c.db(), c.arg(1), false);
    if (z == WRONG) {
      return;
    }
    Double s = z == null ? null : z.score(c.arg(2));
    if (s == null) {
      c.reply().nullBulk();
    } else {
      c.reply().doubleValue(s);
    }
  }

  static void zmscore(CommandContext c) {
    RZSet z = zset(c, c.db(), c.arg(1), false);
    if (z == WRONG) {
      return;
    }
    c.reply().arrayHeader(c.argc() - 2);
    for (int j = 2; j < c.argc(); j++) {
      Double s = z == null ? null : z.score(c.arg(j));
      if (s == null) {
        c.reply().nullBulk();
      } else {
        c.reply().doubleValue(s);
      }
    }
  }

  static void zrank(CommandContext c, boolean reverse) {
    RZSet z = zset(c, c.db(), c.arg(1), false);
    if (z == WRONG) {
      return;
    }
    int r = z == null ? -1 : z.rank(c.arg(2));
    if (r < 0) {
      c.reply().nullBulk();
    } else {
      c.reply().integer(reverse ? z.size() - 1 - r : r);
    }
  }

  /** ZPOPMIN/ZPOPMAX key [count]. */
  static void zpop(CommandContext c, boolean max) {
    if (c.argc() > 3) {
      c.syntaxError();
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
    boolean nested = c.client().protocol() > 2 && count != -1;
    genericZpop(c, List.of(c.arg(1)), max, false, count, nested, false);
  }

  /**
   * genericZpopCommand: pops from the first existing key of {@code keys}; returns the key popped
   * from, or null.
   */
  static byte[] genericZpop(
      CommandContext c,
      List<byte[]> keys,
      boolean max,
      boolean emitKey,
      long count,
      boolean nested,
      boolean nilWhenEmpty) {
    Db db = c.db();
    RZSet z = null;
    byte[] key = null;
    for (byte[] k : keys) {
      z = zset(c, db, k, true);
      if (z == WRONG) {
        return null;
      }
      if (z != null) {
        key = k;
        break;
      }
    }
    if (z == null) {
      if (nilWhenEmpty) {
        c.reply().nullArray();
      } else {
        c.reply().arrayHeader(0);
      }
      return null;
    }
    if (count == 0) {
      c.reply().arrayHeader(0);
      return null;
    }
    if (count == -1) {
      count = 1;
    }
    int n = (int) Math.min(count, z.size());
    if (!nested && !emitKey) {
      c.reply().arrayHeader(n * 2);
    } else if (nested && !emitKey) {
      c.reply().arrayHeader(n);
    } else if (!nested) {
      c.reply().arrayHeader(n * 2 + 1);
      c.reply().bulk(key);
    } else {
      c.reply().arrayHeader(2);
      c.reply().bulk(key);
      c.reply().arrayHeader(n);
    }
    for (int i = 0; i < n; i++) {
      int at = max ? z.size() - 1 : 0;
      byte[] m = z.member(at);
      double s = z.score(at);
      z.removeRange(at, at);
      if (nested) {
        c.reply().arrayHeader(2);
      }
      c.reply().bulk(m);
      c.reply().doubleValue(s);
    }
    c.dirty(n);
    c.signalModified(key);
    deleteIfEmpty(db, key, z);
    return key;
  }

  /** BZPOPMIN/BZPOPMAX key... timeout. */
  static void bzpop(CommandContext c, boolean max) {
    Long timeout = ListCommands.timeout(c, c.argc() - 1);
    if (timeout == null) {
      return;
    }
    List<byte[]> keys = new ArrayList<>(Arrays.asList(c.argv()).subList(1, c.argc() - 1));
    blockingZpop(c, keys, max, timeout, -1, false, false);
  }

  /** blockingGenericZpopCommand: pops at once from the first non-empty key, else blocks. */
  private static void blockingZpop(
      CommandContext c,
      List<byte[]> keys,
      boolean max,
      long timeout,
      long count,
      boolean nested,
      boolean nilWhenEmpty) {
    Db db = c.db();
    for (byte[] key : keys) {
      RZSet z = zset(c, db, key, true);
      if (z == WRONG) {
        return;
      }
      if (z == null || z.size() == 0) {
        continue;
      }
      int len = z.size();
      genericZpop(c, List.of(key), max, true, count, nested, nilWhenEmpty);
      if (count == -1) {
        c.propagateAs(b(max ? "ZPOPMAX" : "ZPOPMIN"), key);
      } else {
        c.propagateAs(b(max ? "ZPOPMAX" : "ZPOPMIN"), key, Numbers.toBytes(Math.min(count, len)));
      }
      return;
    }
    if (c.inExec()) {
      c.reply().nullArray();
      return;
    }
    c.core().blocking().blockForKeys(c, keys, timeout, true, RZSet.class);
  }

  /** ZMPOP numkeys key... MIN|MAX [COUNT n] and BZMPOP timeout numkeys ... */
  static void zmpop(CommandContext c, int numAt, boolean block) {
    Long numkeys = Numbers.parseLong(c.arg(numAt));
    if (numkeys == null || numkeys < 1) {
      c.error("ERR numkeys should be greater than 0");
      return;
    }
    long whereAt = numAt + numkeys + 1;
    if (whereAt >= c.argc()) {
      c.syntaxError();
      return;
    }
    boolean max;
    if (eq(c.arg((int) whereAt), "min")) {
      max = false;
    } else if (eq(c.arg((int) whereAt), "max")) {
      max = true;
    } else {
      c.syntaxError();
      return;
    }
    long count = -1;
    for (int j = (int) whereAt + 1; j < c.argc(); j++) {
      boolean more = c.argc() - 1 - j > 0;
      if (count == -1 && eq(c.arg(j), "count") && more) {
        j++;
        Long v = Numbers.parseLong(c.arg(j));
        if (v == null || v < 1) {
          c.error("ERR count should be greater than 0");
          return;
        }
        count = v;
      } else {
        c.syntaxError();
        return;
      }
    }
    if (count == -1) {
      count = 1;
    }
    List<byte[]> keys = new ArrayList<>(Arrays.asList(c.argv()).subList(numAt + 1, (int) whereAt));
    if (block) {
      Long timeout = ListCommands.timeout(c, 1);
      if (timeout == null) {
        return;
      }
      blockingZpop(c, keys, max, timeout, count, true, true);
      return;
    }
    byte[] popped = null;
    int len = 0;
    for (byte[] k : keys) {
      if (c.db().peek(k) instanceof RZSet z) {
        len = z.size();
        break;
      } else if (c.db().peek(k) != null) {
        break;
      }
    }
    popped = genericZpop(c, keys, max, true, count, true, true);
    if (popped != null) {
      c.propagateAs(b(max ? "ZPOPMAX" : "ZPOPMIN"), popped, Numbers.toBytes(Math.min(count, len)));
    }
  }

  static void zrandmember(CommandContext c) {
    if (c.argc() >= 3) {
      Long l = c.longArg(2);
      if (l == null) {
        return;
      }
      if (l == Long.MIN_VALUE) {
        c.error(
            "ERR value is out of range, value must between -9223372036854775807 and"
                + " 9223372036854775807");
        return;
      }
      if (c.argc() > 4 || (c.argc() == 4 && !eq(c.arg(3), "withscores"))) {
        c.syntaxError();
        return;
      }
      randWithCount(c, l, c.argc() == 4);
      return;
    }
    RZSet z = zset(c, c.db(), c.arg(1), false);
    if (z == WRONG) {
      return;
    }
    if (z == null) {
      c.reply().nullBulk();
      return;
    }
    c.reply().bulk(z.member(c.core().random().nextInt(z.size())));
  }

  private static void randWithCount(CommandContext c, long l, boolean withScores) {
    // the doubled reply length of WITHSCORES must not overflow
    if (withScores && (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2)) {
      c.error("ERR value is out of range");
      return;
    }
    RZSet z = zset(c, c.db(), c.arg(1), false);
    if (z == WRONG) {
      return;
    }
    if (z == null) {
      c.reply().arrayHeader(0);
      return;
    }
    boolean uniq = l >= 0;
    long count = Math.abs(l);
    if (count == 0) {
      c.reply().arrayHeader(0);
      return;
    }
    boolean resp3 = c.client().protocol() > 2;
    List<Integer> picks = new ArrayList<>();
    if (!uniq || count == 1) {
      for (long i = 0; i < count; i++) {
        picks.add(c.core().random().nextInt(z.size()));
      }
    } else if (count >= z.size()) {
      for (int i = 0; i < z.size(); i++) {
        picks.add(i);
      }
    } else {
      List<Integer> all = new ArrayList<>();
      for (int i = 0; i < z.size(); i++) {
        all.add(i);
      }
      java.util.Collections.shuffle(all, new java.util.Random(c.core().random().nextLong()));
      picks.addAll(all.subList(0, (int) count));
    }
    c.reply().arrayHeader(withScores && !resp3 ? picks.size() * 2 : picks.size());
    for (int i : picks) {
      if (withScores && resp3) {
        c.reply().arrayHeader(2);
      }
      c.reply().bulk(z.member(i));
      if (withScores) {
        c.reply().doubleValue(z.score(i));
      }
    }
  }

  static void zscan(CommandContext c) {
    Long cursor = KeyCommands.parseCursor(c, c.arg(2));
    if (cursor == null) {
      return;
    }
    RZSet z = zset(c, c.db(), c.arg(1), false);
    if (z == WRONG) {
      return;
    }
    if (z == null) {
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
    {
      List<byte[]> found = new ArrayList<>();
      Dict<Double> table = z.table();
      if (table == null) {
        for (int i = 0; i < z.size(); i++) {
          found.add(z.member(i));
          found.add(b(io.replicheck.rdb.Doubles.formatG17(z.score(i))));
        }
      } else {
        long cur = cursor;
        long maxIter = o.count * 10;
        do {
          cur =
              table.scan(
                  cur,
                  (m, s) -> {
                    found.add(m);
                    found.add(b(io.replicheck.rdb.Doubles.formatG17(s)));
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
}
