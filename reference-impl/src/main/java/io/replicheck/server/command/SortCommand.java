package io.replicheck.server.command;

import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Db;
import io.replicheck.server.core.RHash;
import io.replicheck.server.core.RList;
import io.replicheck.server.core.RObject;
import io.replicheck.server.core.RSet;
import io.replicheck.server.core.RString;
import io.replicheck.server.core.RZSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SORT and SORT_RO as redis 7.0's sort.c: BY (no-sort when the pattern has no {@code *}), LIMIT,
 * GET ({@code #} and {@code key*->field} patterns), ASC/DESC, ALPHA (byte order, as strcoll in the
 * C locale), STORE. A set read without sorting is sorted anyway when stored, so that the replica,
 * which gets SORT ... STORE as it was sent, stores the same list.
 */
final class SortCommand {
  private SortCommand() {}

  static void register(CommandTable t) {
    t.register(
        CommandSpec.of("sort", -2, "denyoom movablekeys write", 1, 1, 1, c -> sort(c, false)));
    t.register(CommandSpec.of("sort_ro", -2, "movablekeys readonly", 1, 1, 1, c -> sort(c, true)));
  }

  /** One element to sort: the element, and its weight (score or compare bytes). */
  private static final class Item {
    final byte[] obj;
    double score;
    byte[] cmp;

    Item(byte[] obj) {
      this.obj = obj;
    }
  }

  static void sort(CommandContext c, boolean readonly) {
    boolean desc = false;
    boolean alpha = false;
    long limitStart = 0;
    long limitCount = -1;
    boolean dontsort = false;
    byte[] sortby = null;
    byte[] storekey = null;
    List<byte[]> gets = new ArrayList<>();
    for (int j = 2; j < c.argc(); j++) {
      int left = c.argc() - j - 1;
      byte[] a = c.arg(j);
      if (Args.eq(a, "asc")) {
        desc = false;
      } else if (Args.eq(a, "desc")) {
        desc = true;
      } else if (Args.eq(a, "alpha")) {
        alpha = true;
      } else if (Args.eq(a, "limit") && left >= 2) {
        Long s = c.longArg(j + 1);
        if (s == null) {
          return;
        }
        Long n = c.longArg(j + 2);
        if (n == null) {
          return;
        }
        limitStart = s;
        limitCount = n;
        j += 2;
      } else if (Args.eq(a, "store") && left >= 1 && !readonly) {
        storekey = c.arg(j + 1);
        j++;
      } else if (Args.eq(a, "by") && left >= 1) {
        sortby = c.arg(j + 1);
        if (indexOf(sortby, (byte) '*') < 0) {
          dontsort = true;
        }
        j++;
      } else if (Args.eq(a, "get") && left >= 1) {
        gets.add(c.arg(j + 1));
        j++;
      } else {
        c.syntaxError();
        return;
      }
    }
    Db db = c.db();
    RObject sortval = storekey != null ? db.lookupWrite(c.arg(1)) : db.lookupRead(c.arg(1));
    if (sortval != null
        && !(sortval instanceof RList || sortval instanceof RSet || sortval instanceof RZSet)) {
      c.wrongType();
      return;
    }
    // A set has no order of its own: sort it when the result is stored (or a script reads it).
    if (dontsort && sortval instanceof RSet && (storekey != null || c.inExec())) {
      dontsort = false;
      alpha = true;
      sortby = null;
    }
    // "Destructively convert encoded sorted sets for SORT": redis leaves a listpack a skiplist
    if (sortval instanceof RZSet z) {
      z.convertToSkiplist();
    }
    List<byte[]> elems = elements(sortval);
    int vectorlen = elems.size();
    long start = limitStart < 0 ? 0 : limitStart;
    long end = limitCount < 0 ? vectorlen - 1 : start + limitCount - 1;
    if (start >= vectorlen) {
      start = vectorlen - 1;
      end = vectorlen - 2;
    }
    if (end >= vectorlen) {
      end = vectorlen - 1;
    }
    List<Item> vector = new ArrayList<>();
    if (dontsort && (sortval instanceof RList || sortval instanceof RZSet)) {
      // The original order, taken from the range directly (DESC walks it from the tail).
      for (long i = start; i <= end; i++) {
        int at = (int) (desc ? vectorlen - 1 - i : i);
        vector.add(new Item(elems.get(at)));
      }
      end -= start;
      start = 0;
    } else {
      for (byte[] e : elems) {
        vector.add(new Item(e));
      }
    }
    if (!dontsort) {
      for (Item it : vector) {
        byte[] byval;
        if (sortby != null) {
          byval = lookupByPattern(db, sortby, it.obj);
          if (byval == null) {
            continue;
          }
        } else {
          byval = it.obj;
        }
        if (alpha) {
          it.cmp = sortby != null ? byval : null;
        } else {
          Double d = score(byval);
          if (d == null || d.isNaN()) {
            c.error("ERR One or more scores can't be converted into double");
            return;
          }
          it.score = d;
        }
      }
      final boolean alphaF = alpha;
      final boolean byPattern = sortby != null;
      final int sign = desc ? -1 : 1;
      vector.sort(
          (x, y) -> {
            int cmp;
            if (!alphaF) {
              cmp = Double.compare(x.score, y.score);
              if (x.score == y.score) {
                cmp = Arrays.compareUnsigned(x.obj, y.obj);
              }
            } else if (byPattern) {
              if (x.cmp == null || y.cmp == null) {
                cmp = x.cmp == y.cmp ? 0 : x.cmp == null ? -1 : 1;
              } else {
                cmp = Arrays.compareUnsigned(x.cmp, y.cmp);
              }
            } else {
              cmp = Arrays.compareUnsigned(x.obj, y.obj);
            }
            return sign * cmp;
          });
    }
    int outputlen =
        (int) Math.max(0, gets.isEmpty() ? end - start + 1 : gets.size() * (end - start + 1));
    if (storekey == null) {
      c.reply().arrayHeader(outputlen);
      for (long i = start; i <= end; i++) {
        Item it = vector.get((int) i);
        if (gets.isEmpty()) {
          c.reply().bulk(it.obj);
        }
        for (byte[] g : gets) {
          byte[] v = lookupByPattern(db, g, it.obj);
          if (v == null) {
            c.reply().nullBulk();
          } else {
            c.reply().bulk(v);
          }
        }
      }
      return;
    }
    RList out = new RList();
    for (long i = start; i <= end; i++) {
      Item it = vector.get((int) i);
      if (gets.isEmpty()) {
        out.addLast(it.obj);
      }
      for (byte[] g : gets) {
        byte[] v = lookupByPattern(db, g, it.obj);
        out.addLast(v == null ? new byte[0] : v);
      }
    }
    if (outputlen > 0) {
      db.set(storekey, out);
      c.signalModified(storekey);
      c.signalListReady(storekey);
      c.dirty(outputlen);
    } else if (db.delete(storekey)) {
      c.signalModified(storekey);
      c.dirty(1);
    }
    c.reply().integer(outputlen);
  }

  private static List<byte[]> elements(RObject o) {
    List<byte[]> out = new ArrayList<>();
    if (o instanceof RList l) {
      out.addAll(Arrays.asList(l.toArray()));
    } else if (o instanceof RSet s) {
      out.addAll(s.members());
    } else if (o instanceof RZSet z) {
      out.addAll(z.memberList());
    }
    return out;
  }

  /**
   * lookupKeyByPattern: {@code #} is the element itself; otherwise the first {@code *} is replaced
   * by the element, and a {@code ->field} suffix reads that hash field instead of a string.
   */
  static byte[] lookupByPattern(Db db, byte[] pattern, byte[] subst) {
    if (pattern.length == 1 && pattern[0] == '#') {
      return subst;
    }
    int star = indexOf(pattern, (byte) '*');
    if (star < 0) {
      return null;
    }
    int arrow = -1;
    for (int i = star + 1; i + 1 < pattern.length; i++) {
      if (pattern[i] == '-' && pattern[i + 1] == '>') {
        arrow = i;
        break;
      }
    }
    boolean field = arrow >= 0 && arrow + 2 < pattern.length;
    int keyEnd = field ? arrow : pattern.length;
    byte[] key = new byte[star + subst.length + (keyEnd - star - 1)];
    System.arraycopy(pattern, 0, key, 0, star);
    System.arraycopy(subst, 0, key, star, subst.length);
    System.arraycopy(pattern, star + 1, key, star + subst.length, keyEnd - star - 1);
    RObject o = db.lookupRead(key);
    if (o == null) {
      return null;
    }
    if (field) {
      if (!(o instanceof RHash h)) {
        return null;
      }
      return h.get(Arrays.copyOfRange(pattern, arrow + 2, pattern.length));
    }
    return o instanceof RString s ? s.bytes() : null;
  }

  private static int indexOf(byte[] b, byte x) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }

  /**
   * A score as sort.c reads one: strtod over the C string (up to the first NUL), which skips
   * leading spaces and must end at the NUL, and no ERANGE (an overflow or an underflow). An empty C
   * string is read as no digits, which redis accepts or not depending on a stale errno (a
   * difference docs/reference-server.md explains); here it is always an error (null).
   */
  static Double score(byte[] v) {
    int len = 0;
    while (len < v.length && v[len] != 0) {
      len++;
    }
    String s = new String(v, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    String t = s.stripLeading();
    if (t.isEmpty() || " \t\n\u000b\f\r".indexOf(s.charAt(0)) < 0 && !s.equals(t)) {
      return null;
    }
    String l = t.toLowerCase(java.util.Locale.ROOT);
    String u = l.startsWith("+") || l.startsWith("-") ? l.substring(1) : l;
    double sign = l.startsWith("-") ? -1 : 1;
    if (u.equals("inf") || u.equals("infinity")) {
      return sign * Double.POSITIVE_INFINITY;
    }
    if (u.startsWith("0x")) {
      io.replicheck.server.core.LongDouble.Parsed p =
          io.replicheck.server.core.LongDouble.parse(
              t.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      return p == null || p.isInfinite() ? null : finite(p.value().doubleValue(), true);
    }
    if (!u.matches("([0-9]+\\.?[0-9]*|\\.[0-9]+)(e[+-]?[0-9]+)?")) {
      return null;
    }
    double d = Double.parseDouble(t);
    return finite(d, !u.matches("[0.]*(e.*)?"));
  }

  /** ERANGE: an overflow to infinity, or a non-zero number read as zero or a subnormal. */
  private static Double finite(double d, boolean nonZero) {
    if (Double.isInfinite(d) || (nonZero && Math.abs(d) < Double.MIN_NORMAL)) {
      return null;
    }
    return d;
  }
}
