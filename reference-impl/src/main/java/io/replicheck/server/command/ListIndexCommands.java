package io.replicheck.server.command;

import static io.replicheck.server.command.Args.eq;
import static io.replicheck.server.command.ListCommands.WRONG;
import static io.replicheck.server.command.ListCommands.deleteIfEmpty;
import static io.replicheck.server.command.ListCommands.list;

import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.Db;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.core.RList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * List commands that address elements by index or value (t_list.c): LRANGE, LINDEX, LSET, LINSERT,
 * LREM, LTRIM, LPOS. Registered with the others in {@link ListCommands}.
 */
final class ListIndexCommands {
  private ListIndexCommands() {}

  static void lrange(CommandContext c) {
    Long s = Numbers.parseLong(c.arg(2));
    Long e = Numbers.parseLong(c.arg(3));
    if (s == null || e == null) {
      c.notInteger();
      return;
    }
    RList l = list(c, c.db(), c.arg(1), false);
    if (l == WRONG) {
      return;
    }
    if (l == null) {
      c.reply().arrayHeader(0);
      return;
    }
    long len = l.size();
    long start = s < 0 ? len + s : s;
    long end = e < 0 ? len + e : e;
    if (start < 0) {
      start = 0;
    }
    if (start > end || start >= len) {
      c.reply().arrayHeader(0);
      return;
    }
    if (end >= len) {
      end = len - 1;
    }
    int n = (int) (end - start + 1);
    c.reply().arrayHeader(n);
    for (int i = 0; i < n; i++) {
      c.reply().bulk(l.get((int) start + i));
    }
  }

  static void lindex(CommandContext c) {
    // redis looks the key up (and checks its type) before it parses the index
    RList l = list(c, c.db(), c.arg(1), false);
    if (l == WRONG) {
      return;
    }
    if (l == null) {
      c.reply().nullBulk();
      return;
    }
    Long idx = Numbers.parseLong(c.arg(2));
    if (idx == null) {
      c.notInteger();
      return;
    }
    long i = idx < 0 ? l.size() + idx : idx;
    if (i < 0 || i >= l.size()) {
      c.reply().nullBulk();
    } else {
      c.reply().bulk(l.get((int) i));
    }
  }

  static void lset(CommandContext c) {
    // redis looks the key up (and checks its type) before it parses the index
    RList l = list(c, c.db(), c.arg(1), true);
    if (l == WRONG) {
      return;
    }
    if (l == null) {
      c.error("ERR no such key");
      return;
    }
    Long idx = Numbers.parseLong(c.arg(2));
    if (idx == null) {
      c.notInteger();
      return;
    }
    long i = idx < 0 ? l.size() + idx : idx;
    if (i < 0 || i >= l.size()) {
      c.error("ERR index out of range");
      return;
    }
    l.set((int) i, c.arg(3));
    c.signalModified(c.arg(1));
    c.dirty(1);
    c.ok();
  }

  static void linsert(CommandContext c) {
    boolean after;
    if (eq(c.arg(2), "after")) {
      after = true;
    } else if (eq(c.arg(2), "before")) {
      after = false;
    } else {
      c.syntaxError();
      return;
    }
    RList l = list(c, c.db(), c.arg(1), true);
    if (l == WRONG) {
      return;
    }
    if (l == null) {
      c.reply().integer(0);
      return;
    }
    byte[] pivot = c.arg(3);
    for (int i = 0; i < l.size(); i++) {
      if (Arrays.equals(l.get(i), pivot)) {
        l.insert(after ? i + 1 : i, c.arg(4));
        c.signalModified(c.arg(1));
        c.dirty(1);
        c.reply().integer(l.size());
        return;
      }
    }
    c.reply().integer(-1);
  }

  static void lrem(CommandContext c) {
    Long count = c.longArg(2);
    if (count == null) {
      return;
    }
    Db db = c.db();
    RList l = list(c, db, c.arg(1), true);
    if (l == WRONG) {
      return;
    }
    if (l == null) {
      c.reply().integer(0);
      return;
    }
    byte[] v = c.arg(3);
    byte[][] all = l.toArray();
    boolean[] drop = new boolean[all.length];
    long limit = count == 0 ? Long.MAX_VALUE : Math.abs(count);
    int removed = 0;
    if (count >= 0) {
      for (int i = 0; i < all.length && removed < limit; i++) {
        if (Arrays.equals(all[i], v)) {
          drop[i] = true;
          removed++;
        }
      }
    } else {
      for (int i = all.length - 1; i >= 0 && removed < limit; i--) {
        if (Arrays.equals(all[i], v)) {
          drop[i] = true;
          removed++;
        }
      }
    }
    if (removed > 0) {
      List<byte[]> keep = new ArrayList<>(all.length - removed);
      for (int i = 0; i < all.length; i++) {
        if (!drop[i]) {
          keep.add(all[i]);
        }
      }
      l.replaceAll(keep);
      deleteIfEmpty(c, db, c.arg(1), l);
      c.signalModified(c.arg(1));
      c.dirty(removed);
    }
    c.reply().integer(removed);
  }

  static void ltrim(CommandContext c) {
    Long s = Numbers.parseLong(c.arg(2));
    Long e = Numbers.parseLong(c.arg(3));
    if (s == null || e == null) {
      c.notInteger();
      return;
    }
    Db db = c.db();
    RList l = list(c, db, c.arg(1), true);
    if (l == WRONG) {
      return;
    }
    if (l == null) {
      c.ok();
      return;
    }
    long len = l.size();
    long start = s < 0 ? len + s : s;
    long end = e < 0 ? len + e : e;
    if (start < 0) {
      start = 0;
    }
    if (start > end || start >= len) {
      l.trim(0, -1);
    } else {
      if (end >= len) {
        end = len - 1;
      }
      l.trim((int) start, (int) end);
    }
    deleteIfEmpty(c, db, c.arg(1), l);
    c.signalModified(c.arg(1));
    c.dirty(1);
    c.ok();
  }

  static void lpos(CommandContext c) {
    long rank = 1;
    long count = -1;
    long maxlen = 0;
    for (int j = 3; j < c.argc(); j++) {
      boolean more = j + 1 < c.argc();
      if (eq(c.arg(j), "rank") && more) {
        Long v = c.longArg(++j);
        if (v == null) {
          return;
        }
        if (v == 0) {
          c.error(
              "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
                  + "or use negative to start from the end of the list");
          return;
        }
        rank = v;
      } else if (eq(c.arg(j), "count") && more) {
        // getPositiveLongFromObjectOrReply: a non-number gets the same message
        Long v = Numbers.parseLong(c.arg(++j));
        if (v == null || v < 0) {
          c.error("ERR COUNT can't be negative");
          return;
        }
        count = v;
      } else if (eq(c.arg(j), "maxlen") && more) {
        // getPositiveLongFromObjectOrReply: a non-number gets the same message
        Long v = Numbers.parseLong(c.arg(++j));
        if (v == null || v < 0) {
          c.error("ERR MAXLEN can't be negative");
          return;
        }
        maxlen = v;
      } else {
        c.syntaxError();
        return;
      }
    }
    RList l = list(c, c.db(), c.arg(1), false);
    if (l == WRONG) {
      return;
    }
    List<Long> matches = new ArrayList<>();
    if (l != null) {
      int n = l.size();
      // RANK LONG_MIN: redis's "rank = -rank" leaves it LONG_MIN, so every match is at or past
      // the rank, and its COUNT test (matches - rank + 1 >= count) wraps negative: all matches
      boolean minRank = rank == Long.MIN_VALUE;
      long skip = minRank ? 0 : Math.abs(rank) - 1;
      long want = count < 0 ? 1 : (count == 0 || minRank ? Long.MAX_VALUE : count);
      for (int k = 0; k < n && (maxlen == 0 || k < maxlen) && matches.size() < want; k++) {
        int i = rank > 0 ? k : n - 1 - k;
        if (Arrays.equals(l.get(i), c.arg(2))) {
          if (skip > 0) {
            skip--;
          } else {
            matches.add((long) i);
          }
        }
      }
    }
    if (count < 0) {
      if (matches.isEmpty()) {
        c.reply().nullBulk();
      } else {
        c.reply().integer(matches.get(0));
      }
      return;
    }
    c.reply().arrayHeader(matches.size());
    for (long m : matches) {
      c.reply().integer(m);
    }
  }
}
