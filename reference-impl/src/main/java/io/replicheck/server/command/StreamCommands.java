package io.replicheck.server.command;

import static io.replicheck.server.command.Args.b;
import static io.replicheck.server.command.Args.eq;

import io.replicheck.rdb.StreamListpacks.Id;
import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Db;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.core.RObject;
import io.replicheck.server.core.RStream;
import io.replicheck.server.resp.ReplySink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Stream commands (t_stream.c of redis 7.0.15): XADD, XRANGE, XREVRANGE, XLEN, XDEL, XTRIM, XSETID,
 * XREAD, XREADGROUP, XGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM, XINFO. Propagated as redis 7.0.15
 * propagates them: XADD with its generated ID and a {@code ~} trim made exact; XREADGROUP, XCLAIM
 * and XAUTOCLAIM as one XCLAIM ... FORCE JUSTID LASTID per entry they hand out (or drop), a NOACK
 * read as XGROUP SETID ... ENTRIESREAD (after XGROUP CREATECONSUMER when it made the consumer).
 */
final class StreamCommands {
  private StreamCommands() {}

  static void register(CommandTable t) {
    t.register(CommandSpec.of("xadd", -5, "write denyoom fast", 1, 1, 1, StreamCommands::xadd));
    t.register(CommandSpec.of("xrange", -4, "readonly", 1, 1, 1, c -> xrange(c, false)));
    t.register(CommandSpec.of("xrevrange", -4, "readonly", 1, 1, 1, c -> xrange(c, true)));
    t.register(CommandSpec.of("xlen", 2, "readonly fast", 1, 1, 1, StreamCommands::xlen));
    t.register(CommandSpec.of("xdel", -3, "write fast", 1, 1, 1, StreamCommands::xdel));
    t.register(CommandSpec.of("xtrim", -4, "write", 1, 1, 1, StreamCommands::xtrim));
    t.register(CommandSpec.of("xsetid", -3, "write denyoom fast", 1, 1, 1, StreamCommands::xsetid));
    t.register(
        CommandSpec.of(
            "xread", -4, "readonly blocking movablekeys", 0, 0, 0, c -> xread(c, false)));
    t.register(
        CommandSpec.of(
            "xreadgroup", -7, "write blocking movablekeys", 0, 0, 0, c -> xread(c, true)));
    t.register(CommandSpec.of("xgroup", -2, "write denyoom", 2, 2, 1, StreamCommands::xgroup));
    t.register(CommandSpec.of("xack", -4, "write fast", 1, 1, 1, StreamCommands::xack));
    t.register(CommandSpec.of("xpending", -3, "readonly", 1, 1, 1, StreamCommands::xpending));
    t.register(CommandSpec.of("xclaim", -6, "write fast", 1, 1, 1, StreamCommands::xclaim));
    t.register(CommandSpec.of("xautoclaim", -6, "write fast", 1, 1, 1, StreamCommands::xautoclaim));
    t.register(CommandSpec.of("xinfo", -2, "readonly", 2, 2, 1, StreamCommands::xinfo));
  }

  private static final String INVALID_ID =
      "ERR Invalid stream ID specified as stream command argument";

  /** Marks a wrong-type reply already sent. */
  private static final RStream WRONG = new RStream();

  static RStream stream(CommandContext c, Db db, byte[] key, boolean write) {
    RObject o = write ? db.lookupWrite(key) : db.lookupRead(key);
    if (o == null) {
      return null;
    }
    if (!(o instanceof RStream s)) {
      c.wrongType();
      return WRONG;
    }
    return s;
  }

  // ---- IDs ----

  /** string2ull: string2ll for non-negative values, else strtoull's looser syntax (base 10). */
  static boolean string2ull(byte[] s, int from, int to, long[] out) {
    long v = Numbers.parseLongStrict(Arrays.copyOfRange(s, from, to), Numbers.NOT_A_LONG);
    if (v != Numbers.NOT_A_LONG) {
      if (v < 0) {
        return false;
      }
      out[0] = v;
      return true;
    }
    int i = from;
    while (i < to && (s[i] == ' ' || (s[i] >= 9 && s[i] <= 13))) {
      i++;
    }
    boolean neg = false;
    if (i < to && (s[i] == '+' || s[i] == '-')) {
      neg = s[i] == '-';
      i++;
    }
    if (i >= to) {
      return false;
    }
    long acc = 0;
    for (; i < to; i++) {
      int d = s[i] - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      if (Long.compareUnsigned(acc, Long.divideUnsigned(-1L, 10)) > 0) {
        return false;
      }
      long next = acc * 10 + d;
      if (Long.compareUnsigned(next, acc * 10) < 0) {
        return false;
      }
      acc = next;
    }
    out[0] = neg ? -acc : acc;
    return true;
  }

  /**
   * streamGenericParseIDOrReply without the reply: null when invalid. {@code seqGiven} (XADD only)
   * accepts {@code ms-*} and reports whether the sequence was given.
   */
  static Id parseId(byte[] arg, long missingSeq, boolean strict, boolean[] seqGiven) {
    if (arg.length > 127) {
      return null;
    }
    int len = 0;
    while (len < arg.length && arg[len] != 0) {
      len++;
    }
    if (strict && len == 1 && (arg[0] == '-' || arg[0] == '+')) {
      return null;
    }
    if (seqGiven != null) {
      seqGiven[0] = true;
    }
    if (len == 1 && arg[0] == '-') {
      return Id.ZERO;
    }
    if (len == 1 && arg[0] == '+') {
      return Id.MAX;
    }
    int dash = -1;
    for (int i = 0; i < len; i++) {
      if (arg[i] == '-') {
        dash = i;
        break;
      }
    }
    long[] v = new long[1];
    if (!string2ull(arg, 0, dash < 0 ? len : dash, v)) {
      return null;
    }
    long ms = v[0];
    long seq;
    if (dash >= 0) {
      if (seqGiven != null && len - dash - 1 == 1 && arg[dash + 1] == '*') {
        seq = 0;
        seqGiven[0] = false;
      } else if (!string2ull(arg, dash + 1, len, v)) {
        return null;
      } else {
        seq = v[0];
      }
    } else {
      seq = missingSeq;
    }
    return new Id(ms, seq);
  }

  static Id strictIdOrReply(CommandContext c, byte[] arg) {
    Id id = parseId(arg, 0, true, null);
    if (id == null) {
      c.error(INVALID_ID);
    }
    return id;
  }

  static Id incr(Id id) {
    if (id.seq() == -1L) {
      if (id.ms() == -1L) {
        return null;
      }
      return new Id(id.ms() + 1, 0);
    }
    return new Id(id.ms(), id.seq() + 1);
  }

  static Id decr(Id id) {
    if (id.seq() == 0) {
      if (id.ms() == 0) {
        return null;
      }
      return new Id(id.ms() - 1, -1L);
    }
    return new Id(id.ms(), id.seq() - 1);
  }

  /** streamParseIntervalIDOrReply plus the exclusive adjustment; null after an error reply. */
  static Id intervalId(CommandContext c, byte[] arg, long missingSeq, boolean start) {
    boolean ex = arg.length > 1 && arg[0] == '(';
    Id id =
        ex
            ? parseId(Arrays.copyOfRange(arg, 1, arg.length), missingSeq, true, null)
            : parseId(arg, missingSeq, false, null);
    if (id == null) {
      c.error(INVALID_ID);
      return null;
    }
    if (ex) {
      Id adj = start ? incr(id) : decr(id);
      if (adj == null) {
        c.error(
            start
                ? "ERR invalid start ID for the interval"
                : "ERR invalid end ID for the interval");
        return null;
      }
      return adj;
    }
    return id;
  }

  static byte[] idBytes(Id id) {
    return id.toString().getBytes(StandardCharsets.US_ASCII);
  }

  static void replyId(ReplySink r, Id id) {
    r.bulk(idBytes(id));
  }

  static void replyEntry(ReplySink r, RStream.Entry e) {
    r.arrayHeader(2);
    replyId(r, e.id);
    r.arrayHeader(e.fields.length * 2);
    for (int i = 0; i < e.fields.length; i++) {
      r.bulk(e.fields[i]);
      r.bulk(e.values[i]);
    }
  }

  static void replyEntries(ReplySink r, List<RStream.Entry> es) {
    r.arrayHeader(es.size());
    for (RStream.Entry e : es) {
      replyEntry(r, e);
    }
  }

  // ---- XADD / XTRIM ----

  /** streamAddTrimArgs. */
  static final class TrimArgs {
    int strategy; // 0 none, 1 MAXLEN, 2 MINID
    boolean approx;
    long maxLen;
    Id minId;
    long limit;
    int argIdx;
    boolean noMkStream;
    boolean idGiven;
    boolean seqGiven = true;
    Id id;
  }

  /** streamParseAddOrTrimArgsOrReply: returns the ID position (XADD) or -1 after an error. */
  static int parseAddOrTrim(CommandContext c, TrimArgs a, boolean xadd) {
    int i = 2;
    boolean limitGiven = false;
    for (; i < c.argc(); i++) {
      int moreargs = c.argc() - 1 - i;
      byte[] opt = c.arg(i);
      if (xadd && opt.length == 1 && opt[0] == '*') {
        break;
      } else if (eq(opt, "maxlen") && moreargs > 0) {
        if (a.strategy != 0) {
          c.error("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
          return -1;
        }
        a.approx = false;
        byte[] next = c.arg(i + 1);
        if (moreargs >= 2 && next.length == 1 && next[0] == '~') {
          a.approx = true;
          i++;
        } else if (moreargs >= 2 && next.length == 1 && next[0] == '=') {
          i++;
        }
        Long v = c.longArg(i + 1);
        if (v == null) {
          return -1;
        }
        if (v < 0) {
          c.error("ERR The MAXLEN argument must be >= 0.");
          return -1;
        }
        a.maxLen = v;
        i++;
        a.strategy = 1;
        a.argIdx = i;
      } else if (eq(opt, "minid") && moreargs > 0) {
        if (a.strategy != 0) {
          c.error("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
          return -1;
        }
        a.approx = false;
        byte[] next = c.arg(i + 1);
        if (moreargs >= 2 && next.length == 1 && next[0] == '~') {
          a.approx = true;
          i++;
        } else if (moreargs >= 2 && next.length == 1 && next[0] == '=') {
          i++;
        }
        Id id = strictIdOrReply(c, c.arg(i + 1));
        if (id == null) {
          return -1;
        }
        a.minId = id;
        i++;
        a.strategy = 2;
        a.argIdx = i;
      } else if (eq(opt, "limit") && moreargs > 0) {
        Long v = c.longArg(i + 1);
        if (v == null) {
          return -1;
        }
        if (v < 0) {
          c.error("ERR The LIMIT argument must be >= 0.");
          return -1;
        }
        a.limit = v;
        limitGiven = true;
        i++;
      } else if (xadd && eq(opt, "nomkstream")) {
        a.noMkStream = true;
      } else if (xadd) {
        boolean[] sg = new boolean[1];
        Id id = parseId(opt, 0, true, sg);
        if (id == null) {
          c.error(INVALID_ID);
          return -1;
        }
        a.id = id;
        a.seqGiven = sg[0];
        a.idGiven = true;
        break;
      } else {
        c.syntaxError();
        return -1;
      }
    }
    if (a.limit != 0 && a.strategy == 0) {
      c.error("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
      return -1;
    }
    if (!xadd && a.strategy == 0) {
      c.error("ERR syntax error, XTRIM must be called with a trimming strategy");
      return -1;
    }
    if (c.client().isMaster()) {
      // The master rewrote the trim exactly: no limit here.
      a.limit = 0;
    } else if (limitGiven) {
      if (!a.approx) {
        c.error("ERR syntax error, LIMIT cannot be used without the special ~ option");
        return -1;
      }
    } else {
      a.limit = a.approx ? 100L * RStream.NODE_MAX_ENTRIES : 0;
      if (a.approx && (a.limit <= 0 || a.limit > 10000)) {
        a.limit = 10000;
      }
    }
    return i;
  }

  static long trim(RStream s, TrimArgs a) {
    return s.trim(a.maxLen, a.strategy == 2 ? a.minId : null, a.approx, a.limit);
  }

  /** streamRewriteApproxSpecifier and streamRewriteTrimArgument, on a copy of argv. */
  static void rewriteTrim(byte[][] argv, RStream s, TrimArgs a) {
    argv[a.argIdx - 1] = b("=");
    argv[a.argIdx] = a.strategy == 1 ? Numbers.toBytes(s.length) : idBytes(s.edgeId(true, false));
  }

  static void xadd(CommandContext c) {
    TrimArgs a = new TrimArgs();
    int idpos = parseAddOrTrim(c, a, true);
    if (idpos < 0) {
      return;
    }
    int fieldPos = idpos + 1;
    if (c.argc() - fieldPos < 2 || (c.argc() - fieldPos) % 2 == 1) {
      c.wrongArgs();
      return;
    }
    if (a.idGiven && a.seqGiven && a.id.isZero()) {
      c.error("ERR The ID specified in XADD must be greater than 0-0");
      return;
    }
    Db db = c.db();
    byte[] key = c.arg(1);
    RStream s = stream(c, db, key, true);
    if (s == WRONG) {
      return;
    }
    if (s == null) {
      if (a.noMkStream) {
        c.reply().nullBulk();
        return;
      }
      s = new RStream();
      db.set(key, s);
    }
    if (s.lastId.equals(Id.MAX)) {
      c.error("ERR The stream has exhausted the last possible ID, unable to add more items");
      return;
    }
    Id id;
    if (!a.idGiven) {
      long ms = c.now();
      id = Long.compareUnsigned(ms, s.lastId.ms()) > 0 ? new Id(ms, 0) : incr(s.lastId);
    } else if (!a.seqGiven) {
      if (s.lastId.ms() == a.id.ms()) {
        id = s.lastId.seq() == -1L ? null : new Id(a.id.ms(), s.lastId.seq() + 1);
      } else {
        id = a.id;
      }
    } else {
      id = a.id;
    }
    if (id == null || id.compareTo(s.lastId) <= 0) {
      c.error("ERR The ID specified in XADD is equal or smaller than the target stream top item");
      return;
    }
    int n = (c.argc() - fieldPos) / 2;
    byte[][] fields = new byte[n][];
    byte[][] values = new byte[n][];
    for (int i = 0; i < n; i++) {
      fields[i] = c.arg(fieldPos + 2 * i);
      values[i] = c.arg(fieldPos + 2 * i + 1);
    }
    s.append(id, fields, values);
    replyId(c.reply(), id);
    c.signalModified(key);
    c.dirty(1);
    byte[][] argv = null;
    if (a.strategy != 0) {
      trim(s, a);
      if (a.approx) {
        argv = c.argv().clone();
        rewriteTrim(argv, s, a);
      }
    }
    if (!a.idGiven || !a.seqGiven) {
      if (argv == null) {
        argv = c.argv().clone();
      }
      argv[idpos] = idBytes(id);
    }
    if (argv != null) {
      c.propagateAs(argv);
    }
    c.signalListReady(key);
  }

  static void xtrim(CommandContext c) {
    TrimArgs a = new TrimArgs();
    if (parseAddOrTrim(c, a, false) < 0) {
      return;
    }
    RStream s = stream(c, c.db(), c.arg(1), true);
    if (s == WRONG) {
      return;
    }
    if (s == null) {
      c.reply().integer(0);
      return;
    }
    long deleted = trim(s, a);
    if (deleted > 0) {
      if (a.approx) {
        byte[][] argv = c.argv().clone();
        rewriteTrim(argv, s, a);
        c.propagateAs(argv);
      }
      c.signalModified(c.arg(1));
      c.dirty(deleted);
    }
    c.reply().integer(deleted);
  }

  // ---- reads ----

  static void xrange(CommandContext c, boolean rev) {
    byte[] startArg = rev ? c.arg(3) : c.arg(2);
    byte[] endArg = rev ? c.arg(2) : c.arg(3);
    Id start = intervalId(c, startArg, 0, true);
    if (start == null) {
      return;
    }
    Id end = intervalId(c, endArg, -1L, false);
    if (end == null) {
      return;
    }
    long count = -1;
    for (int j = 4; j < c.argc(); j++) {
      int additional = c.argc() - j - 1;
      if (eq(c.arg(j), "count") && additional >= 1) {
        Long v = c.longArg(j + 1);
        if (v == null) {
          return;
        }
        count = v < 0 ? 0 : v;
        j++;
      } else {
        c.syntaxError();
        return;
      }
    }
    RStream s = stream(c, c.db(), c.arg(1), false);
    if (s == WRONG) {
      return;
    }
    if (s == null) {
      c.reply().arrayHeader(0);
      return;
    }
    if (count == 0) {
      c.reply().nullArray();
      return;
    }
    List<RStream.Entry> es = s.range(start, end, Math.max(count, 0), rev);
    replyEntries(c.reply(), es);
  }

  static void xlen(CommandContext c) {
    RStream s = stream(c, c.db(), c.arg(1), false);
    if (s == WRONG) {
      return;
    }
    c.reply().integer(s == null ? 0 : s.length);
  }

  static void xdel(CommandContext c) {
    RStream s = stream(c, c.db(), c.arg(1), true);
    if (s == WRONG) {
      return;
    }
    if (s == null) {
      c.reply().integer(0);
      return;
    }
    Id[] ids = new Id[c.argc() - 2];
    for (int j = 2; j < c.argc(); j++) {
      ids[j - 2] = strictIdOrReply(c, c.arg(j));
      if (ids[j - 2] == null) {
        return;
      }
    }
    int deleted = 0;
    boolean firstEntry = false;
    for (Id id : ids) {
      if (s.delete(id)) {
        if (id.equals(s.firstId)) {
          firstEntry = true;
        }
        if (id.compareTo(s.maxDeletedId) > 0) {
          s.maxDeletedId = id;
        }
        deleted++;
      }
    }
    if (deleted > 0) {
      if (s.length == 0) {
        s.firstId = Id.ZERO;
      } else if (firstEntry) {
        s.firstId = s.edgeId(true, true);
      }
      c.signalModified(c.arg(1));
      c.dirty(deleted);
    }
    c.reply().integer(deleted);
  }

  static void xsetid(CommandContext c) {
    Id id = strictIdOrReply(c, c.arg(2));
    if (id == null) {
      return;
    }
    Id maxXdel = Id.ZERO;
    long entriesAdded = -1;
    int i = 3;
    while (i < c.argc()) {
      int moreargs = c.argc() - 1 - i;
      byte[] opt = c.arg(i);
      if (eq(opt, "entriesadded") && moreargs > 0) {
        Long v = c.longArg(i + 1);
        if (v == null) {
          return;
        }
        if (v < 0) {
          c.error("ERR entries_added must be positive");
          return;
        }
        entriesAdded = v;
        i += 2;
      } else if (eq(opt, "maxdeletedid") && moreargs > 0) {
        maxXdel = strictIdOrReply(c, c.arg(i + 1));
        if (maxXdel == null) {
          return;
        }
        if (id.compareTo(maxXdel) < 0) {
          c.error(
              "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
          return;
        }
        i += 2;
      } else {
        c.syntaxError();
        return;
      }
    }
    RStream s = stream(c, c.db(), c.arg(1), true);
    if (s == WRONG) {
      return;
    }
    if (s == null) {
      c.error("ERR no such key");
      return;
    }
    if (s.length > 0) {
      if (id.compareTo(s.lastValidId()) < 0) {
        c.error("ERR The ID specified in XSETID is smaller than the target stream top item");
        return;
      }
      if (entriesAdded != -1 && s.length > entriesAdded) {
        c.error(
            "ERR The entries_added specified in XSETID is smaller than the target stream length");
        return;
      }
    }
    s.lastId = id;
    if (entriesAdded != -1) {
      s.entriesAdded = entriesAdded;
    }
    if (!maxXdel.isZero()) {
      s.maxDeletedId = maxXdel;
    }
    c.ok();
    c.signalModified(c.arg(1));
    c.dirty(1);
  }

  // ---- XREAD / XREADGROUP ----

  static final int XREAD_BLOCKED_DEFAULT_COUNT = 1000;

  static void xread(CommandContext c, boolean xreadgroup) {
    long timeout = -1;
    long count = 0;
    int streamsArg = 0;
    int streamsCount = 0;
    boolean noack = false;
    byte[] groupName = null;
    byte[] consumerName = null;
    for (int i = 1; i < c.argc(); i++) {
      int moreargs = c.argc() - i - 1;
      byte[] o = c.arg(i);
      if (eq(o, "block") && moreargs > 0) {
        i++;
        Long t = Numbers.parseLong(c.arg(i));
        if (t == null) {
          c.error("ERR timeout is not an integer or out of range");
          return;
        }
        if (t < 0) {
          c.error("ERR timeout is negative");
          return;
        }
        if (t > 0 && t > Long.MAX_VALUE - c.now()) {
          c.error("ERR timeout is out of range");
          return;
        }
        timeout = t > 0 ? t + c.now() : 0;
      } else if (eq(o, "count") && moreargs > 0) {
        i++;
        Long v = c.longArg(i);
        if (v == null) {
          return;
        }
        count = Math.max(0, v);
      } else if (eq(o, "streams") && moreargs > 0) {
        streamsArg = i + 1;
        streamsCount = c.argc() - streamsArg;
        if (streamsCount % 2 != 0) {
          c.error(
              "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be"
                  + " specified.");
          return;
        }
        streamsCount /= 2;
        break;
      } else if (eq(o, "group") && moreargs >= 2) {
        if (!xreadgroup) {
          c.error(
              "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
          return;
        }
        groupName = c.arg(i + 1);
        consumerName = c.arg(i + 2);
        i += 2;
      } else if (eq(o, "noack")) {
        if (!xreadgroup) {
          c.error(
              "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
          return;
        }
        noack = true;
      } else {
        c.syntaxError();
        return;
      }
    }
    if (streamsArg == 0) {
      c.syntaxError();
      return;
    }
    if (xreadgroup && groupName == null) {
      c.error("ERR Missing GROUP option for XREADGROUP");
      return;
    }
    c.preventPropagation();
    Db db = c.db();
    Id[] ids = new Id[streamsCount];
    RStream.Group[] groups = new RStream.Group[streamsCount];
    for (int i = streamsArg + streamsCount; i < c.argc(); i++) {
      int idx = i - streamsArg - streamsCount;
      byte[] key = c.arg(i - streamsCount);
      RObject o = db.lookupRead(key);
      if (o != null && !(o instanceof RStream)) {
        c.wrongType();
        return;
      }
      RStream s = (RStream) o;
      if (groupName != null) {
        if (s == null || (groups[idx] = s.group(groupName)) == null) {
          if (c.isRerun()) {
            c.error("NOGROUP the consumer group this client was blocked on no longer exists");
            return;
          }
          c.error(
              "NOGROUP No such key '"
                  + Args.str(key)
                  + "' or consumer group '"
                  + Args.str(groupName)
                  + "' in XREADGROUP with GROUP option");
          return;
        }
      }
      byte[] a = c.arg(i);
      if (a.length == 1 && a[0] == '$') {
        if (xreadgroup) {
          c.error(
              "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the"
                  + " history of this consumer by specifying a proper ID, or use the > ID to get"
                  + " new messages. The $ ID would just return an empty result set.");
          return;
        }
        ids[idx] = s != null ? s.lastId : Id.ZERO;
        continue;
      } else if (a.length == 1 && a[0] == '>') {
        if (!xreadgroup) {
          c.error(
              "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group>"
                  + " <consumer> option.");
          return;
        }
        ids[idx] = Id.MAX;
        continue;
      }
      ids[idx] = strictIdOrReply(c, a);
      if (ids[idx] == null) {
        return;
      }
    }
    // Serve synchronously what can be served: collect first, the reply needs the count up front.
    List<byte[]> servedKeys = new ArrayList<>();
    List<Runnable> replies = new ArrayList<>();
    for (int i = 0; i < streamsCount; i++) {
      byte[] key = c.arg(streamsArg + i);
      RStream s = (RStream) db.lookupRead(key);
      if (s == null) {
        continue;
      }
      Id gt = ids[i];
      boolean serve = false;
      boolean history = false;
      RStream.Consumer consumer = null;
      boolean created = false;
      if (groupName != null) {
        if (!gt.equals(Id.MAX)) {
          serve = true;
          history = true;
        } else if (s.length > 0) {
          Id last = groups[i].lastId;
          if (s.lastValidId().compareTo(last) > 0) {
            serve = true;
            gt = last;
          }
        }
      } else if (s.length > 0) {
        serve = s.lastValidId().compareTo(gt) > 0;
      }
      if (!serve) {
        continue;
      }
      if (groupName != null) {
        // redis 7.0.15 creates the consumer only when it serves it something.
        consumer = groups[i].consumers.get(consumerName);
        if (consumer == null) {
          consumer = new RStream.Consumer(consumerName, c.now());
          groups[i].consumers.put(consumerName, consumer);
          created = true;
          c.dirty(1);
        }
        consumer.seenTime = c.now();
      }
      servedKeys.add(key);
      Id start = incr(gt);
      if (groupName != null) {
        c.dirty(1);
      }
      if (history) {
        replies.add(historyReply(c, s, start, count, consumer));
      } else {
        List<RStream.Entry> es = start == null ? List.of() : s.range(start, null, count, false);
        if (groupName != null) {
          deliver(c, key, s, groups[i], groupName, consumer, created, es, noack);
        }
        replies.add(() -> replyEntries(c.reply(), es));
      }
    }
    if (!servedKeys.isEmpty()) {
      ReplySink r = c.reply();
      boolean resp3 = r.protocol() == 3;
      if (resp3) {
        r.mapHeader(servedKeys.size());
      } else {
        r.arrayHeader(servedKeys.size());
      }
      for (int i = 0; i < servedKeys.size(); i++) {
        if (!resp3) {
          r.arrayHeader(2);
        }
        r.bulk(servedKeys.get(i));
        replies.get(i).run();
      }
      return;
    }
    if (timeout != -1) {
      if (c.inExec()) {
        c.reply().nullArray();
        return;
      }
      List<byte[]> keys = new ArrayList<>();
      List<byte[]> argv = new ArrayList<>();
      argv.add(c.arg(0));
      argv.add(b("COUNT"));
      argv.add(Numbers.toBytes(count != 0 ? count : XREAD_BLOCKED_DEFAULT_COUNT));
      argv.add(b("BLOCK"));
      argv.add(b("0"));
      if (groupName != null) {
        argv.add(b("GROUP"));
        argv.add(groupName);
        argv.add(consumerName);
        if (noack) {
          argv.add(b("NOACK"));
        }
      }
      argv.add(b("STREAMS"));
      for (int i = 0; i < streamsCount; i++) {
        keys.add(c.arg(streamsArg + i));
        argv.add(c.arg(streamsArg + i));
      }
      for (int i = 0; i < streamsCount; i++) {
        argv.add(groupName != null ? b(">") : idBytes(ids[i]));
      }
      c.core()
          .blocking()
          .blockForKeys(c, keys, timeout, true, RStream.class, argv.toArray(new byte[0][]));
      return;
    }
    c.reply().nullArray();
  }

  /**
   * streamReplyWithRange for a group read of new entries: moves the group's last ID and read
   * counter, adds the entries to the PELs (unless NOACK), and propagates as redis 7.0.15 does.
   */
  static void deliver(
      CommandContext c,
      byte[] key,
      RStream s,
      RStream.Group g,
      byte[] groupName,
      RStream.Consumer consumer,
      boolean created,
      List<RStream.Entry> es,
      boolean noack) {
    boolean propagateLastId = false;
    long now = c.now();
    for (RStream.Entry e : es) {
      if (e.id.compareTo(g.lastId) > 0) {
        if (g.entriesRead != -1 && !s.rangeHasTombstones(e.id)) {
          g.entriesRead++;
        } else if (s.entriesAdded != 0) {
          g.entriesRead = s.estimateDistance(e.id);
        }
        g.lastId = e.id;
        if (noack) {
          propagateLastId = true;
        }
      }
      if (!noack) {
        RStream.Nack nack = g.pel.get(e.id);
        if (nack == null) {
          nack = new RStream.Nack(consumer, now, 1);
          g.pel.put(e.id, nack);
          consumer.pel.put(e.id, nack);
        } else {
          nack.consumer.pel.remove(e.id);
          nack.consumer = consumer;
          nack.deliveryTime = now;
          nack.deliveryCount = 1;
          consumer.pel.put(e.id, nack);
        }
        propagateXclaim(c, key, g, groupName, idBytes(e.id), nack);
      }
    }
    if (propagateLastId) {
      if (created) {
        c.alsoPropagate(b("XGROUP"), b("CREATECONSUMER"), key, groupName, consumer.name);
      }
      c.alsoPropagate(
          b("XGROUP"),
          b("SETID"),
          key,
          groupName,
          idBytes(g.lastId),
          b("ENTRIESREAD"),
          Numbers.toBytes(g.entriesRead));
    }
  }

  /** streamReplyWithRangeFromConsumerPEL: the consumer's pending entries from start on. */
  static Runnable historyReply(
      CommandContext c, RStream s, Id start, long count, RStream.Consumer consumer) {
    List<Object[]> rows = new ArrayList<>();
    if (start != null) {
      for (Map.Entry<Id, RStream.Nack> pe : consumer.pel.tailMap(start, true).entrySet()) {
        if (count != 0 && rows.size() >= count) {
          break;
        }
        RStream.Entry e = s.get(pe.getKey());
        if (e != null) {
          pe.getValue().deliveryTime = c.now();
          pe.getValue().deliveryCount++;
        }
        rows.add(new Object[] {pe.getKey(), e});
      }
    }
    return () -> {
      ReplySink r = c.reply();
      r.arrayHeader(rows.size());
      for (Object[] row : rows) {
        if (row[1] != null) {
          replyEntry(r, (RStream.Entry) row[1]);
        } else {
          r.arrayHeader(2);
          replyId(r, (Id) row[0]);
          r.nullArray();
        }
      }
    };
  }

  /** streamPropagateXCLAIM. */
  static void propagateXclaim(
      CommandContext c, byte[] key, RStream.Group g, byte[] groupName, byte[] id, RStream.Nack n) {
    c.alsoPropagate(
        b("XCLAIM"),
        key,
        groupName,
        n.consumer.name,
        b("0"),
        id,
        b("TIME"),
        Numbers.toBytes(n.deliveryTime),
        b("RETRYCOUNT"),
        Numbers.toBytes(n.deliveryCount),
        b("FORCE"),
        b("JUSTID"),
        b("LASTID"),
        idBytes(g.lastId));
  }

  // ---- XGROUP ----

  static void subcommandSyntaxError(CommandContext c) {
    c.error(
        "ERR unknown subcommand or wrong number of arguments for '"
            + Args.str(c.arg(1))
            + "'. Try "
            + Args.str(c.arg(0)).toUpperCase(java.util.Locale.ROOT)
            + " HELP.");
  }

  /** The subcommand table's arity check; false after the error reply. */
  static boolean subArity(CommandContext c, String container, Map<String, Integer> arities) {
    String sub = c.argLower(1);
    Integer arity = arities.get(sub);
    if (arity == null) {
      c.error(
          "ERR unknown subcommand '"
              + c.argString(1)
              + "'. Try "
              + container.toUpperCase(java.util.Locale.ROOT)
              + " HELP.");
      return false;
    }
    if ((arity > 0 && c.argc() != arity) || (arity < 0 && c.argc() < -arity)) {
      c.error("ERR wrong number of arguments for '" + container + "|" + sub + "' command");
      return false;
    }
    return true;
  }

  private static final Map<String, Integer> XGROUP_ARITY =
      Map.of(
          "create",
          -5,
          "setid",
          -5,
          "destroy",
          4,
          "createconsumer",
          5,
          "delconsumer",
          5,
          "help",
          2);

  private static final Map<String, Integer> XINFO_ARITY =
      Map.of("consumers", 4, "groups", 3, "stream", -3, "help", 2);

  static void xgroup(CommandContext c) {
    if (!subArity(c, "xgroup", XGROUP_ARITY)) {
      return;
    }
    String opt = c.argLower(1);
    RStream s = null;
    RStream.Group cg = null;
    boolean mkstream = false;
    long entriesRead = -1;
    byte[] grpname = null;
    if (c.argc() >= 4) {
      if (opt.equals("create")) {
        for (int i = 5; i < c.argc(); i++) {
          if (eq(c.arg(i), "mkstream")) {
            mkstream = true;
          } else if (eq(c.arg(i), "entriesread") && i + 1 < c.argc()) {
            Long v = c.longArg(i + 1);
            if (v == null) {
              return;
            }
            if (v < 0 && v != -1) {
              c.error("ERR value for ENTRIESREAD must be positive or -1");
              return;
            }
            entriesRead = v;
            i++;
          } else {
            subcommandSyntaxError(c);
            return;
          }
        }
      } else if (opt.equals("setid")) {
        // redis 7.0.15 parses SETID's options (ENTRIESREAD only) before the key.
        for (int i = 5; i < c.argc(); i++) {
          if (eq(c.arg(i), "entriesread") && i + 1 < c.argc()) {
            Long v = c.longArg(i + 1);
            if (v == null) {
              return;
            }
            if (v < 0 && v != -1) {
              c.error("ERR value for ENTRIESREAD must be positive or -1");
              return;
            }
            entriesRead = v;
            i++;
          } else {
            subcommandSyntaxError(c);
            return;
          }
        }
      }
      s = stream(c, c.db(), c.arg(2), true);
      if (s == WRONG) {
        return;
      }
      grpname = c.arg(3);
      if (s == null && !mkstream) {
        c.error(
            "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may"
                + " want to use the MKSTREAM option to create an empty stream automatically.");
        return;
      }
      cg = s == null ? null : s.group(grpname);
      if (cg == null
          && (opt.equals("setid") || opt.equals("createconsumer") || opt.equals("delconsumer"))) {
        c.error(
            "NOGROUP No such consumer group '"
                + Args.str(grpname)
                + "' for key name '"
                + c.argString(2)
                + "'");
        return;
      }
    }
    if (opt.equals("help")) {
      help(
          c,
          "XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
          "CREATE <key> <groupname> <id|$> [option]",
          "    Create a new consumer group. Options are:",
          "    * MKSTREAM",
          "      Create the empty stream if it does not exist.",
          "    * ENTRIESREAD entries_read",
          "      Set the group's entries_read counter (internal use).",
          "CREATECONSUMER <key> <groupname> <consumer>",
          "    Create a new consumer in the specified group.",
          "DELCONSUMER <key> <groupname> <consumer>",
          "    Remove the specified consumer.",
          "DESTROY <key> <groupname>",
          "    Remove the specified group.",
          "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
          "    Set the current group ID and entries_read counter.",
          "HELP",
          "    Print this help.");
    } else if (opt.equals("create") && c.argc() >= 5 && c.argc() <= 8) {
      Id id;
      byte[] a = c.arg(4);
      if (a.length == 1 && a[0] == '$') {
        id = s != null ? s.lastId : Id.ZERO;
      } else {
        id = strictIdOrReply(c, a);
        if (id == null) {
          return;
        }
      }
      if (s == null) {
        s = new RStream();
        c.db().set(c.arg(2), s);
        c.signalModified(c.arg(2));
      }
      if (s.group(grpname) != null) {
        c.error("BUSYGROUP Consumer Group name already exists");
        return;
      }
      s.groups.put(grpname, new RStream.Group(id, entriesRead));
      c.ok();
      c.dirty(1);
    } else if (opt.equals("setid") && (c.argc() == 5 || c.argc() == 7)) {
      Id id;
      byte[] a = c.arg(4);
      if (a.length == 1 && a[0] == '$') {
        id = s.lastId;
      } else {
        id = parseId(a, 0, false, null);
        if (id == null) {
          c.error(INVALID_ID);
          return;
        }
      }
      cg.lastId = id;
      cg.entriesRead = entriesRead;
      c.ok();
      c.dirty(1);
    } else if (opt.equals("destroy") && c.argc() == 4) {
      if (cg != null) {
        s.groups.remove(grpname);
        c.reply().integer(1);
        c.dirty(1);
        c.signalListReady(c.arg(2));
      } else {
        c.reply().integer(0);
      }
    } else if (opt.equals("createconsumer") && c.argc() == 5) {
      byte[] name = c.arg(4);
      if (cg.consumers.containsKey(name)) {
        c.reply().integer(0);
      } else {
        cg.consumers.put(name, new RStream.Consumer(name, c.now()));
        c.dirty(1);
        c.reply().integer(1);
      }
    } else if (opt.equals("delconsumer") && c.argc() == 5) {
      RStream.Consumer k = cg.consumers.get(c.arg(4));
      long pending = 0;
      if (k != null) {
        pending = k.pel.size();
        for (Id id : k.pel.keySet()) {
          cg.pel.remove(id);
        }
        cg.consumers.remove(c.arg(4));
        c.dirty(1);
      }
      c.reply().integer(pending);
    } else {
      subcommandSyntaxError(c);
    }
  }

  static void help(CommandContext c, String... lines) {
    List<String> all = new ArrayList<>(Arrays.asList(lines));
    c.reply().arrayHeader(all.size());
    for (String l : all) {
      c.reply().simple(l);
    }
  }

  // ---- XACK / XPENDING / XCLAIM / XAUTOCLAIM ----

  static void xack(CommandContext c) {
    RObject o = c.db().lookupRead(c.arg(1));
    RStream.Group g = null;
    if (o != null) {
      if (!(o instanceof RStream s)) {
        c.wrongType();
        return;
      }
      g = s.group(c.arg(2));
    }
    if (g == null) {
      c.reply().integer(0);
      return;
    }
    Id[] ids = new Id[c.argc() - 3];
    for (int j = 3; j < c.argc(); j++) {
      ids[j - 3] = strictIdOrReply(c, c.arg(j));
      if (ids[j - 3] == null) {
        return;
      }
    }
    int acked = 0;
    for (Id id : ids) {
      RStream.Nack n = g.pel.remove(id);
      if (n != null) {
        n.consumer.pel.remove(id);
        acked++;
        c.dirty(1);
      }
    }
    c.reply().integer(acked);
  }

  static void xpending(CommandContext c) {
    boolean justinfo = c.argc() == 3;
    if (c.argc() != 3 && (c.argc() < 6 || c.argc() > 9)) {
      c.syntaxError();
      return;
    }
    Id start = null;
    Id end = null;
    long count = 0;
    long minidle = 0;
    byte[] consumerName = null;
    if (c.argc() >= 6) {
      int startidx = 3;
      if (eq(c.arg(3), "idle")) {
        Long v = c.longArg(4);
        if (v == null) {
          return;
        }
        minidle = v;
        if (c.argc() < 8) {
          c.syntaxError();
          return;
        }
        startidx += 2;
      }
      Long v = c.longArg(startidx + 2);
      if (v == null) {
        return;
      }
      count = Math.max(0, v);
      start = intervalId(c, c.arg(startidx), 0, true);
      if (start == null) {
        return;
      }
      end = intervalId(c, c.arg(startidx + 1), -1L, false);
      if (end == null) {
        return;
      }
      if (startidx + 3 < c.argc()) {
        consumerName = c.arg(startidx + 3);
      }
    }
    RStream s = groupStream(c);
    if (s == null) {
      return;
    }
    RStream.Group g = s.group(c.arg(2));
    ReplySink r = c.reply();
    if (justinfo) {
      r.arrayHeader(4);
      r.integer(g.pel.size());
      if (g.pel.isEmpty()) {
        r.nullBulk();
        r.nullBulk();
        r.nullArray();
      } else {
        replyId(r, g.pel.firstKey());
        replyId(r, g.pel.lastKey());
        List<RStream.Consumer> ks = new ArrayList<>();
        for (RStream.Consumer k : g.consumers.values()) {
          if (!k.pel.isEmpty()) {
            ks.add(k);
          }
        }
        r.arrayHeader(ks.size());
        for (RStream.Consumer k : ks) {
          r.arrayHeader(2);
          r.bulk(k.name);
          r.bulk(Long.toString(k.pel.size()));
        }
      }
      return;
    }
    RStream.Consumer consumer = null;
    if (consumerName != null) {
      consumer = g.consumers.get(consumerName);
      if (consumer == null) {
        r.arrayHeader(0);
        return;
      }
    }
    java.util.TreeMap<Id, RStream.Nack> pel = consumer != null ? consumer.pel : g.pel;
    long now = c.now();
    List<Object[]> rows = new ArrayList<>();
    if (start.compareTo(end) <= 0) {
      for (Map.Entry<Id, RStream.Nack> pe : pel.subMap(start, true, end, true).entrySet()) {
        if (count == 0) {
          break;
        }
        RStream.Nack n = pe.getValue();
        if (minidle != 0 && now - n.deliveryTime < minidle) {
          continue;
        }
        count--;
        rows.add(new Object[] {pe.getKey(), n});
      }
    }
    r.arrayHeader(rows.size());
    for (Object[] row : rows) {
      RStream.Nack n = (RStream.Nack) row[1];
      r.arrayHeader(4);
      replyId(r, (Id) row[0]);
      r.bulk(n.consumer.name);
      r.integer(Math.max(0, now - n.deliveryTime));
      r.integer(n.deliveryCount);
    }
  }

  /**
   * The stream at argv[1] when it has the group named by argv[2]; null once WRONGTYPE or NOGROUP is
   * answered (XPENDING, XCLAIM, XAUTOCLAIM).
   */
  private static RStream groupStream(CommandContext c) {
    RObject o = c.db().lookupRead(c.arg(1));
    if (o != null && !(o instanceof RStream)) {
      c.wrongType();
      return null;
    }
    if (o == null || ((RStream) o).group(c.arg(2)) == null) {
      c.error(
          "NOGROUP No such key '"
              + c.argString(1)
              + "' or consumer group '"
              + c.argString(2)
              + "'");
      return null;
    }
    return (RStream) o;
  }

  static void xclaim(CommandContext c) {
    RStream s = groupStream(c);
    if (s == null) {
      return;
    }
    RStream.Group g = s.group(c.arg(2));
    Long minidleArg = Numbers.parseLong(c.arg(4));
    if (minidleArg == null) {
      c.error("ERR Invalid min-idle-time argument for XCLAIM");
      return;
    }
    long minidle = Math.max(0, minidleArg);
    int j = 5;
    for (; j < c.argc(); j++) {
      if (parseId(c.arg(j), 0, true, null) == null) {
        break;
      }
    }
    int lastIdArg = j - 1;
    long now = c.now();
    long retrycount = -1;
    long deliverytime = -1;
    boolean force = false;
    boolean justid = false;
    Id lastId = Id.ZERO;
    boolean propagateLastId = false;
    for (; j < c.argc(); j++) {
      int moreargs = c.argc() - 1 - j;
      byte[] opt = c.arg(j);
      if (eq(opt, "force")) {
        force = true;
      } else if (eq(opt, "justid")) {
        justid = true;
      } else if (eq(opt, "idle") && moreargs > 0) {
        j++;
        Long v = Numbers.parseLong(c.arg(j));
        if (v == null) {
          c.error("ERR Invalid IDLE option argument for XCLAIM");
          return;
        }
        deliverytime = now - v;
      } else if (eq(opt, "time") && moreargs > 0) {
        j++;
        Long v = Numbers.parseLong(c.arg(j));
        if (v == null) {
          c.error("ERR Invalid TIME option argument for XCLAIM");
          return;
        }
        deliverytime = v;
      } else if (eq(opt, "retrycount") && moreargs > 0) {
        j++;
        Long v = Numbers.parseLong(c.arg(j));
        if (v == null) {
          c.error("ERR Invalid RETRYCOUNT option argument for XCLAIM");
          return;
        }
        retrycount = v;
      } else if (eq(opt, "lastid") && moreargs > 0) {
        j++;
        lastId = strictIdOrReply(c, c.arg(j));
        if (lastId == null) {
          return;
        }
      } else {
        c.error("ERR Unrecognized XCLAIM option '" + Args.str(opt) + "'");
        return;
      }
    }
    c.preventPropagation();
    if (lastId.compareTo(g.lastId) > 0) {
      g.lastId = lastId;
      propagateLastId = true;
    }
    if (deliverytime != -1) {
      if (deliverytime < 0 || deliverytime > now) {
        deliverytime = now;
      }
    } else {
      deliverytime = now;
    }
    byte[] name = c.arg(3);
    RStream.Consumer consumer = null;
    List<Object> out = new ArrayList<>();
    for (int k = 5; k <= lastIdArg; k++) {
      Id id = parseId(c.arg(k), 0, true, null);
      RStream.Nack nack = g.pel.get(id);
      RStream.Entry e = s.get(id);
      if (e == null) {
        if (nack != null) {
          propagateXclaim(c, c.arg(1), g, c.arg(2), c.arg(k), nack);
          propagateLastId = false;
          c.dirty(1);
          g.pel.remove(id);
          nack.consumer.pel.remove(id);
        }
        continue;
      }
      if (force && nack == null) {
        nack = new RStream.Nack(null, now, 1);
        g.pel.put(id, nack);
      }
      if (nack != null) {
        if (nack.consumer != null && minidle != 0 && now - nack.deliveryTime < minidle) {
          continue;
        }
        if (consumer == null) {
          consumer = g.consumers.get(name);
          if (consumer == null) {
            consumer = new RStream.Consumer(name, now);
            g.consumers.put(name, consumer);
            c.dirty(1);
          }
        }
        if (nack.consumer != consumer && nack.consumer != null) {
          nack.consumer.pel.remove(id);
        }
        nack.deliveryTime = deliverytime;
        if (retrycount >= 0) {
          nack.deliveryCount = retrycount;
        } else if (!justid) {
          nack.deliveryCount++;
        }
        if (nack.consumer != consumer) {
          consumer.pel.put(id, nack);
          nack.consumer = consumer;
        }
        out.add(justid ? id : e);
        consumer.seenTime = now;
        propagateXclaim(c, c.arg(1), g, c.arg(2), c.arg(k), nack);
        propagateLastId = false;
        c.dirty(1);
      }
    }
    if (propagateLastId) {
      c.alsoPropagate(
          b("XGROUP"),
          b("SETID"),
          c.arg(1),
          c.arg(2),
          idBytes(g.lastId),
          b("ENTRIESREAD"),
          Numbers.toBytes(g.entriesRead));
      c.dirty(1);
    }
    ReplySink r = c.reply();
    r.arrayHeader(out.size());
    for (Object x : out) {
      if (x instanceof Id id) {
        replyId(r, id);
      } else {
        replyEntry(r, (RStream.Entry) x);
      }
    }
  }

  static void xautoclaim(CommandContext c) {
    Long minidleArg = Numbers.parseLong(c.arg(4));
    if (minidleArg == null) {
      c.error("ERR Invalid min-idle-time argument for XAUTOCLAIM");
      return;
    }
    long minidle = Math.max(0, minidleArg);
    Id start = intervalId(c, c.arg(5), 0, true);
    if (start == null) {
      return;
    }
    long count = 100;
    boolean justid = false;
    for (int j = 6; j < c.argc(); j++) {
      int moreargs = c.argc() - 1 - j;
      byte[] opt = c.arg(j);
      if (eq(opt, "count") && moreargs > 0) {
        Long v = Numbers.parseLong(c.arg(j + 1));
        if (v == null || v < 1 || v > Long.MAX_VALUE / 16) {
          c.error("ERR COUNT must be > 0");
          return;
        }
        count = v;
        j++;
      } else if (eq(opt, "justid")) {
        justid = true;
      } else {
        c.syntaxError();
        return;
      }
    }
    RStream s = groupStream(c);
    if (s == null) {
      return;
    }
    RStream.Group g = s.group(c.arg(2));
    c.preventPropagation();
    long attempts = count * 10;
    long now = c.now();
    byte[] name = c.arg(3);
    RStream.Consumer consumer = null;
    List<Object> out = new ArrayList<>();
    List<Id> deleted = new ArrayList<>();
    Id cursor = start;
    Id next = null;
    boolean eof = false;
    while (true) {
      if (attempts-- == 0 || count == 0) {
        Map.Entry<Id, RStream.Nack> ne = g.pel.ceilingEntry(cursor);
        next = ne == null ? null : ne.getKey();
        break;
      }
      Map.Entry<Id, RStream.Nack> pe = g.pel.ceilingEntry(cursor);
      if (pe == null) {
        eof = true;
        break;
      }
      Id id = pe.getKey();
      RStream.Nack nack = pe.getValue();
      cursor = incr(id);
      RStream.Entry e = s.get(id);
      if (e == null) {
        propagateXclaim(c, c.arg(1), g, c.arg(2), idBytes(id), nack);
        c.dirty(1);
        g.pel.remove(id);
        nack.consumer.pel.remove(id);
        deleted.add(id);
        count--;
      } else if (minidle == 0 || now - nack.deliveryTime >= minidle) {
        if (consumer == null) {
          consumer = g.consumers.get(name);
          if (consumer == null) {
            consumer = new RStream.Consumer(name, now);
            g.consumers.put(name, consumer);
            c.dirty(1);
          }
        }
        if (nack.consumer != consumer && nack.consumer != null) {
          nack.consumer.pel.remove(id);
        }
        nack.deliveryTime = now;
        if (!justid) {
          nack.deliveryCount++;
        }
        if (nack.consumer != consumer) {
          consumer.pel.put(id, nack);
          nack.consumer = consumer;
        }
        out.add(justid ? id : e);
        count--;
        propagateXclaim(c, c.arg(1), g, c.arg(2), idBytes(id), nack);
        c.dirty(1);
      }
      if (cursor == null) {
        eof = true;
        break;
      }
    }
    Id endId = eof || next == null ? Id.ZERO : next;
    ReplySink r = c.reply();
    r.arrayHeader(3);
    replyId(r, endId);
    r.arrayHeader(out.size());
    for (Object x : out) {
      if (x instanceof Id id) {
        replyId(r, id);
      } else {
        replyEntry(r, (RStream.Entry) x);
      }
    }
    r.arrayHeader(deleted.size());
    for (Id id : deleted) {
      replyId(r, id);
    }
  }

  // ---- XINFO ----

  static void xinfo(CommandContext c) {
    if (!subArity(c, "xinfo", XINFO_ARITY)) {
      return;
    }
    String opt = c.argLower(1);
    if (opt.equals("help")) {
      help(
          c,
          "XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
          "CONSUMERS <key> <groupname>",
          "    Show consumers of <groupname>.",
          "GROUPS <key>",
          "    Show the stream consumer groups.",
          "STREAM <key> [FULL [COUNT <count>]",
          "    Show information about the stream.",
          "HELP",
          "    Print this help.");
      return;
    }
    RObject o = c.db().lookupRead(c.arg(2));
    if (o == null) {
      c.error("ERR no such key");
      return;
    }
    if (!(o instanceof RStream s)) {
      c.wrongType();
      return;
    }
    ReplySink r = c.reply();
    if (opt.equals("consumers")) {
      RStream.Group g = s.group(c.arg(3));
      if (g == null) {
        c.error(
            "NOGROUP No such consumer group '"
                + c.argString(3)
                + "' for key name '"
                + c.argString(2)
                + "'");
        return;
      }
      long now = c.now();
      r.arrayHeader(g.consumers.size());
      for (RStream.Consumer k : g.consumers.values()) {
        r.mapHeader(3);
        r.bulk("name");
        r.bulk(k.name);
        r.bulk("pending");
        r.integer(k.pel.size());
        r.bulk("idle");
        r.integer(Math.max(0, now - k.seenTime));
      }
    } else if (opt.equals("groups")) {
      r.arrayHeader(s.groups.size());
      for (Map.Entry<byte[], RStream.Group> ge : s.groups.entrySet()) {
        RStream.Group g = ge.getValue();
        r.mapHeader(6);
        r.bulk("name");
        r.bulk(ge.getKey());
        r.bulk("consumers");
        r.integer(g.consumers.size());
        r.bulk("pending");
        r.integer(g.pel.size());
        r.bulk("last-delivered-id");
        replyId(r, g.lastId);
        r.bulk("entries-read");
        replyEntriesRead(r, g);
        r.bulk("lag");
        replyLag(r, s, g);
      }
    } else {
      xinfoStream(c, s);
    }
  }

  private static void replyEntriesRead(ReplySink r, RStream.Group g) {
    if (g.entriesRead != -1) {
      r.integer(g.entriesRead);
    } else {
      r.nullBulk();
    }
  }

  private static void replyLag(ReplySink r, RStream s, RStream.Group g) {
    Long lag = s.lag(g);
    if (lag != null) {
      r.integer(lag);
    } else {
      r.nullBulk();
    }
  }

  static void xinfoStream(CommandContext c, RStream s) {
    boolean full = true;
    long count = 10;
    int optc = c.argc() - 3;
    if (optc == 0) {
      full = false;
    } else {
      if ((optc != 1 && optc != 3) || !eq(c.arg(3), "full")) {
        subcommandSyntaxError(c);
        return;
      }
      if (optc == 3) {
        if (!eq(c.arg(4), "count")) {
          subcommandSyntaxError(c);
          return;
        }
        Long v = c.longArg(5);
        if (v == null) {
          return;
        }
        count = v < 0 ? 10 : v;
      }
    }
    ReplySink r = c.reply();
    r.mapHeader(full ? 9 : 10);
    r.bulk("length");
    r.integer(s.length);
    r.bulk("radix-tree-keys");
    r.integer(s.nodeCount());
    r.bulk("radix-tree-nodes");
    r.integer(s.radixTreeNodes());
    r.bulk("last-generated-id");
    replyId(r, s.lastId);
    r.bulk("max-deleted-entry-id");
    replyId(r, s.maxDeletedId);
    r.bulk("entries-added");
    r.integer(s.entriesAdded);
    r.bulk("recorded-first-entry-id");
    replyId(r, s.firstId);
    if (!full) {
      r.bulk("groups");
      r.integer(s.groups.size());
      List<RStream.Entry> first = s.range(null, null, 1, false);
      List<RStream.Entry> last = s.range(null, null, 1, true);
      r.bulk("first-entry");
      if (first.isEmpty()) {
        r.nullBulk();
      } else {
        replyEntry(r, first.get(0));
      }
      r.bulk("last-entry");
      if (last.isEmpty()) {
        r.nullBulk();
      } else {
        replyEntry(r, last.get(0));
      }
      return;
    }
    r.bulk("entries");
    replyEntries(r, s.range(null, null, count, false));
    r.bulk("groups");
    r.arrayHeader(s.groups.size());
    for (Map.Entry<byte[], RStream.Group> ge : s.groups.entrySet()) {
      RStream.Group g = ge.getValue();
      r.mapHeader(7);
      r.bulk("name");
      r.bulk(ge.getKey());
      r.bulk("last-delivered-id");
      replyId(r, g.lastId);
      r.bulk("entries-read");
      replyEntriesRead(r, g);
      r.bulk("lag");
      replyLag(r, s, g);
      r.bulk("pel-count");
      r.integer(g.pel.size());
      r.bulk("pending");
      int n = (int) (count == 0 ? g.pel.size() : Math.min(count, g.pel.size()));
      r.arrayHeader(n);
      int i = 0;
      for (Map.Entry<Id, RStream.Nack> pe : g.pel.entrySet()) {
        if (i++ >= n) {
          break;
        }
        r.arrayHeader(4);
        replyId(r, pe.getKey());
        r.bulk(pe.getValue().consumer.name);
        r.integer(pe.getValue().deliveryTime);
        r.integer(pe.getValue().deliveryCount);
      }
      r.bulk("consumers");
      r.arrayHeader(g.consumers.size());
      for (RStream.Consumer k : g.consumers.values()) {
        r.mapHeader(4);
        r.bulk("name");
        r.bulk(k.name);
        r.bulk("seen-time");
        r.integer(k.seenTime);
        r.bulk("pel-count");
        r.integer(k.pel.size());
        r.bulk("pending");
        int m = (int) (count == 0 ? k.pel.size() : Math.min(count, k.pel.size()));
        r.arrayHeader(m);
        int q = 0;
        for (Map.Entry<Id, RStream.Nack> pe : k.pel.entrySet()) {
          if (q++ >= m) {
            break;
          }
          r.arrayHeader(3);
          replyId(r, pe.getKey());
          r.integer(pe.getValue().deliveryTime);
          r.integer(pe.getValue().deliveryCount);
        }
      }
    }
  }
}
