package io.replicheck.server.command;

import static io.replicheck.server.command.Args.eq;

import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.core.RObject;
import io.replicheck.server.core.RString;
import java.util.ArrayList;
import java.util.List;

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN] (t_string.c lcsCommand): the longest
 * common subsequence by the textbook dynamic-programming table, walked back from the end so that
 * the string, the ranges and their order are redis's.
 */
final class LcsCommand {
  private LcsCommand() {}

  static void register(CommandTable t) {
    t.register(CommandSpec.of("lcs", -3, "readonly", 1, 2, 1, LcsCommand::lcs));
  }

  static void lcs(CommandContext c) {
    RObject oa = c.db().lookupRead(c.arg(1));
    RObject ob = c.db().lookupRead(c.arg(2));
    if ((oa != null && !(oa instanceof RString)) || (ob != null && !(ob instanceof RString))) {
      c.error("ERR The specified keys must contain string values");
      return;
    }
    byte[] a = oa == null ? new byte[0] : ((RString) oa).bytes();
    byte[] b = ob == null ? new byte[0] : ((RString) ob).bytes();
    boolean getLen = false;
    boolean getIdx = false;
    boolean withMatchLen = false;
    long minMatchLen = 0;
    for (int j = 3; j < c.argc(); j++) {
      boolean moreArgs = c.argc() - 1 - j > 0;
      if (eq(c.arg(j), "idx")) {
        getIdx = true;
      } else if (eq(c.arg(j), "len")) {
        getLen = true;
      } else if (eq(c.arg(j), "withmatchlen")) {
        withMatchLen = true;
      } else if (eq(c.arg(j), "minmatchlen") && moreArgs) {
        Long v = Numbers.parseLong(c.arg(j + 1));
        if (v == null) {
          c.notInteger();
          return;
        }
        minMatchLen = Math.max(0, v);
        j++;
      } else {
        c.syntaxError();
        return;
      }
    }
    if (getLen && getIdx) {
      c.error("ERR If you want both the length and indexes, please just use IDX.");
      return;
    }
    int alen = a.length;
    int blen = b.length;
    long cells = (long) (alen + 1) * (blen + 1);
    if (cells * 4 > c.core().config().protoMaxBulkLen) {
      c.error("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
      return;
    }
    int[] lcs;
    try {
      lcs = new int[Math.toIntExact(cells)];
    } catch (OutOfMemoryError | ArithmeticException e) {
      c.error("ERR Insufficient memory, failed allocating transient memory for LCS");
      return;
    }
    int w = blen + 1;
    for (int i = 1; i <= alen; i++) {
      for (int j = 1; j <= blen; j++) {
        if (a[i - 1] == b[j - 1]) {
          lcs[i * w + j] = lcs[(i - 1) * w + j - 1] + 1;
        } else {
          lcs[i * w + j] = Math.max(lcs[(i - 1) * w + j], lcs[i * w + j - 1]);
        }
      }
    }
    int total = lcs[alen * w + blen];
    if (getLen) {
      c.reply().integer(total);
      return;
    }
    byte[] result = new byte[total];
    List<long[]> ranges = new ArrayList<>();
    int idx = total;
    // arangeStart == alen means "no range open", as in redis.
    int aStart = alen;
    int aEnd = 0;
    int bStart = 0;
    int bEnd = 0;
    int i = alen;
    int j = blen;
    while (i > 0 && j > 0) {
      boolean emit = false;
      if (a[i - 1] == b[j - 1]) {
        result[idx - 1] = a[i - 1];
        if (aStart == alen) {
          aStart = i - 1;
          aEnd = i - 1;
          bStart = j - 1;
          bEnd = j - 1;
        } else if (aStart == i && bStart == j) {
          aStart--;
          bStart--;
        } else {
          emit = true;
        }
        if (aStart == 0 || bStart == 0) {
          emit = true;
        }
        idx--;
        i--;
        j--;
      } else {
        if (lcs[(i - 1) * w + j] > lcs[i * w + j - 1]) {
          i--;
        } else {
          j--;
        }
        if (aStart != alen) {
          emit = true;
        }
      }
      if (emit) {
        long matchLen = (long) aEnd - aStart + 1;
        if (minMatchLen == 0 || matchLen >= minMatchLen) {
          ranges.add(new long[] {aStart, aEnd, bStart, bEnd, matchLen});
        }
        aStart = alen;
      }
    }
    if (!getIdx) {
      c.reply().bulk(result);
      return;
    }
    var r = c.reply();
    r.mapHeader(2);
    r.bulk("matches");
    r.arrayHeader(ranges.size());
    for (long[] m : ranges) {
      r.arrayHeader(withMatchLen ? 3 : 2);
      r.arrayHeader(2);
      r.integer(m[0]);
      r.integer(m[1]);
      r.arrayHeader(2);
      r.integer(m[2]);
      r.integer(m[3]);
      if (withMatchLen) {
        r.integer(m[4]);
      }
    }
    r.bulk("len");
    r.integer(total);
  }
}
