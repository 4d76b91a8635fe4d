package io.replicheck.server.command;

import static io.replicheck.server.command.Args.eq;

import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Db;
import io.replicheck.server.core.Limits;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.core.RObject;
import io.replicheck.server.core.RSet;
import io.replicheck.server.core.RZSet;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms, and ZINTERCARD (zunionInterDiffGenericCommand): inputs
 * may be sorted sets or sets (members of a set score 1), WEIGHTS and AGGREGATE SUM|MIN|MAX.
 */
final class ZSetAlgebraCommands {
  private ZSetAlgebraCommands() {}

  private static final int UNION = 0;
  private static final int INTER = 1;
  private static final int DIFF = 2;

  static void register(CommandTable t) {
    t.register(
        CommandSpec.of(
            "zunion", -3, "movablekeys readonly", 0, 0, 0, c -> op(c, false, UNION, false)));
    t.register(
        CommandSpec.of(
            "zinter", -3, "movablekeys readonly", 0, 0, 0, c -> op(c, false, INTER, false)));
    t.register(
        CommandSpec.of(
            "zdiff", -3, "movablekeys readonly", 0, 0, 0, c -> op(c, false, DIFF, false)));
    t.register(
        CommandSpec.of(
            "zunionstore",
            -4,
            "denyoom movablekeys write",
            1,
            1,
            1,
            c -> op(c, true, UNION, false)));
    t.register(
        CommandSpec.of(
            "zinterstore",
            -4,
            "denyoom movablekeys write",
            1,
            1,
            1,
            c -> op(c, true, INTER, false)));
    t.register(
        CommandSpec.of(
            "zdiffstore", -4, "denyoom movablekeys write", 1, 1, 1, c -> op(c, true, DIFF, false)));
    t.register(
        CommandSpec.of(
            "zintercard", -3, "movablekeys readonly", 0, 0, 0, c -> op(c, false, INTER, true)));
  }

  /** One input: its members and scores in its own order (sets: score 1). */
  private record Src(RObject subject, List<byte[]> members, List<Double> scores, double[] weight) {
    int size() {
      return members.size();
    }

    Double find(byte[] m) {
      if (subject instanceof RZSet z) {
        return z.score(m);
      }
      if (subject instanceof RSet s) {
        return s.contains(m) ? 1.0 : null;
      }
      return null;
    }
  }

  static void op(CommandContext c, boolean store, int op, boolean cardinalityOnly) {
    int numkeysIndex = store ? 2 : 1;
    Long setnum = c.longArg(numkeysIndex);
    if (setnum == null) {
      return;
    }
    if (setnum < 1) {
      c.error("ERR at least 1 input key is needed for '" + c.spec().name() + "' command");
      return;
    }
    if (setnum > c.argc() - (numkeysIndex + 1)) {
      c.syntaxError();
      return;
    }
    Db db = c.db();
    List<Src> src = new ArrayList<>();
    int j = numkeysIndex + 1;
    for (int i = 0; i < setnum; i++, j++) {
      RObject o = db.lookupRead(c.arg(j));
      if (o != null && !(o instanceof RZSet) && !(o instanceof RSet)) {
        c.wrongType();
        return;
      }
      List<byte[]> m = new ArrayList<>();
      List<Double> s = new ArrayList<>();
      if (o instanceof RZSet z) {
        m = z.memberList();
        s = z.scoreList();
      } else if (o instanceof RSet set) {
        m = set.members();
        for (int k = 0; k < m.size(); k++) {
          s.add(1.0);
        }
      }
      src.add(new Src(o, m, s, new double[] {1.0}));
    }
    int aggregate = 0; // sum, min, max
    boolean withScores = false;
    long limit = 0;
    int remaining = c.argc() - j;
    while (remaining > 0) {
      if (op != DIFF && !cardinalityOnly && remaining >= setnum + 1 && eq(c.arg(j), "weights")) {
        j++;
        remaining--;
        for (int i = 0; i < setnum; i++, j++, remaining--) {
          Double w = Scores.parse(c.arg(j));
          if (w == null) {
            c.error("ERR weight value is not a float");
            return;
          }
          src.get(i).weight()[0] = w;
        }
      } else if (op != DIFF && !cardinalityOnly && remaining >= 2 && eq(c.arg(j), "aggregate")) {
        j++;
        if (eq(c.arg(j), "sum")) {
          aggregate = 0;
        } else if (eq(c.arg(j), "min")) {
          aggregate = 1;
        } else if (eq(c.arg(j), "max")) {
          aggregate = 2;
        } else {
          c.syntaxError();
          return;
        }
        j++;
        remaining -= 2;
      } else if (!store && !cardinalityOnly && eq(c.arg(j), "withscores")) {
        j++;
        remaining--;
        withScores = true;
      } else if (cardinalityOnly && remaining >= 2 && eq(c.arg(j), "limit")) {
        j++;
        Long v = Numbers.parseLong(c.arg(j));
        if (v == null || v < 0) {
          c.error("ERR LIMIT can't be negative");
          return;
        }
        limit = v;
        j++;
        remaining -= 2;
      } else {
        c.syntaxError();
        return;
      }
    }
    if (op != DIFF) {
      // qsort by cardinality (a stable sort here; redis's order among equal sizes is unspecified)
      src.sort(Comparator.comparingInt(Src::size));
    }
    // result: member -> score, kept in first-seen order then sorted
    Map<ByteBuffer, Double> acc = new LinkedHashMap<>();
    long cardinality = 0;
    if (op == INTER) {
      if (src.get(0).size() > 0) {
        Src s0 = src.get(0);
        for (int k = 0; k < s0.size(); k++) {
          byte[] m = s0.members().get(k);
          double score = s0.weight()[0] * s0.scores().get(k);
          if (Double.isNaN(score)) {
            score = 0;
          }
          int i;
          for (i = 1; i < src.size(); i++) {
            Src si = src.get(i);
            Double v;
            if (si.subject() == s0.subject()) {
              v = s0.scores().get(k);
            } else {
              v = si.find(m);
            }
            if (v == null) {
              break;
            }
            score = aggregate(score, v * si.weight()[0], aggregate);
          }
          if (i == src.size()) {
            if (cardinalityOnly) {
              cardinality++;
              if (limit != 0 && cardinality >= limit) {
                break;
              }
            } else {
              acc.put(ByteBuffer.wrap(m), score);
            }
          }
        }
      }
    } else if (op == UNION) {
      for (Src si : src) {
        for (int k = 0; k < si.size(); k++) {
          double score = si.weight()[0] * si.scores().get(k);
          if (Double.isNaN(score)) {
            score = 0;
          }
          ByteBuffer m = ByteBuffer.wrap(si.members().get(k));
          Double cur = acc.get(m);
          acc.put(m, cur == null ? score : aggregate(cur, score, aggregate));
        }
      }
    } else {
      Src s0 = src.get(0);
      for (int k = 0; k < s0.size(); k++) {
        byte[] m = s0.members().get(k);
        boolean found = false;
        for (int i = 1; i < src.size() && !found; i++) {
          found = src.get(i).subject() == s0.subject() || src.get(i).find(m) != null;
        }
        if (!found) {
          acc.put(ByteBuffer.wrap(m), s0.scores().get(k));
        }
      }
    }
    if (cardinalityOnly) {
      c.reply().integer(cardinality);
      return;
    }
    List<byte[]> members = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    sortResult(acc, members, scores);
    if (store) {
      byte[] dst = c.arg(1);
      if (!members.isEmpty()) {
        Limits limits = c.core().config().limits;
        RZSet out = RZSet.skiplist();
        Limits unlimited = new Limits();
        for (int k = 0; k < members.size(); k++) {
          out.insert(members.get(k), scores.get(k), unlimited);
        }
        out.convertToListpackIfNeeded(limits);
        db.set(dst, out);
        c.signalModified(dst);
        c.signalListReady(dst);
        c.dirty(1);
        c.reply().integer(members.size());
      } else {
        c.reply().integer(0);
        if (db.delete(dst)) {
          c.signalModified(dst);
          c.dirty(1);
        }
      }
      return;
    }
    boolean resp3 = c.client().protocol() > 2;
    c.reply().arrayHeader(withScores && !resp3 ? members.size() * 2 : members.size());
    for (int k = 0; k < members.size(); k++) {
      if (withScores && resp3) {
        c.reply().arrayHeader(2);
      }
      c.reply().bulk(members.get(k));
      if (withScores) {
        c.reply().doubleValue(scores.get(k));
      }
    }
  }

  /** zunionInterAggregate. */
  private static double aggregate(double target, double val, int aggregate) {
    if (aggregate == 0) {
      double r = target + val;
      return Double.isNaN(r) ? 0.0 : r;
    }
    if (aggregate == 1) {
      return val < target ? val : target;
    }
    return val > target ? val : target;
  }

  private static void sortResult(
      Map<ByteBuffer, Double> acc, List<byte[]> members, List<Double> scores) {
    List<Map.Entry<ByteBuffer, Double>> e = new ArrayList<>(acc.entrySet());
    e.sort(
        (a, b) -> RZSet.compare(a.getValue(), bytes(a.getKey()), b.getValue(), bytes(b.getKey())));
    for (Map.Entry<ByteBuffer, Double> x : e) {
      members.add(bytes(x.getKey()));
      scores.add(x.getValue());
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    return b.array();
  }
}
