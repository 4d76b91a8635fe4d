package io.replicheck.checker;

import io.replicheck.history.Op;
import io.replicheck.history.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Linearizability of one key's list-append history in polynomial time, as Elle infers it: when
 * every append writes a unique value, the longest read fixes the order of every observed append,
 * every read must be a prefix of it, and what remains is checking that this order and each read's
 * length agree with real time, pair by pair. Ordering ops by (position in the list, completion)
 * then gives a linearization whenever no pair disagrees, so the answer is exact, not a heuristic,
 * and the general search's exponential blow-up on long runs of concurrent appends never happens.
 *
 * <p>Returns null when the history is outside its premise (a value appended twice), so the caller
 * falls back to the general search.
 */
final class ListAppendChecker {
  private ListAppendChecker() {}

  /**
   * @param ops one key's ops after the model's pruning (no failed ops, no unknown reads)
   */
  static PartitionResult check(Object key, List<Op> ops) {
    List<Op> appends = new ArrayList<>();
    List<Op> reads = new ArrayList<>();
    Map<Object, Op> byValue = new HashMap<>();
    for (Op op : ops) {
      if ("append".equals(op.f())) {
        if (byValue.put(op.input(), op) != null) return null;
        appends.add(op);
      } else if ("read".equals(op.f())) {
        reads.add(op);
      } else {
        return null;
      }
    }
    // every read: known values, no duplicates, and a prefix of the longest read
    List<?> longest = List.of();
    // ops by identity: an Op's own hash walks its values (a read's whole list), and these maps are
    // read inside loops over every pair of ops
    Map<Op, List<?>> seen = new IdentityHashMap<>();
    for (Op r : reads) {
      Object v = r.value() == null ? List.of() : r.value();
      if (!(v instanceof List<?> list))
        return invalid(key, ops, r, "read " + Values.show(v) + " is not a list", List.of());
      Set<Object> distinct = new HashSet<>();
      for (Object x : list) {
        if (!byValue.containsKey(x))
          return invalid(
              key, ops, r, "read saw " + Values.show(x) + ", which no append wrote", List.of());
        if (!distinct.add(x))
          return invalid(key, ops, r, "read saw " + Values.show(x) + " twice", List.of());
      }
      seen.put(r, list);
      if (list.size() > longest.size()) longest = list;
    }
    for (Op r : reads) {
      List<?> list = seen.get(r);
      if (!longest.subList(0, list.size()).equals(list)) {
        return invalid(
            key,
            ops,
            r,
            "read "
                + Values.show(list)
                + " is not a prefix of read "
                + Values.show(longest)
                + ": two reads disagree on the order of appends",
            List.of(longest));
      }
    }
    Map<Op, Integer> position = new IdentityHashMap<>();
    for (int i = 0; i < longest.size(); i++) position.put(byValue.get(longest.get(i)), i);
    int unobserved = Integer.MAX_VALUE; // appends no read saw: after every observed one
    int[] positions = new int[appends.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = position.getOrDefault(appends.get(i), unobserved);
    }
    int[] lengths = new int[reads.size()];
    for (int i = 0; i < lengths.length; i++) lengths[i] = seen.get(reads.get(i)).size();

    for (int ai = 0; ai < appends.size(); ai++) {
      Op a = appends.get(ai);
      int pa = positions[ai];
      for (int bi = 0; bi < appends.size(); bi++) {
        Op b = appends.get(bi);
        int pb = positions[bi];
        if (precedes(a, b) && pa > pb) {
          return invalid(
              key,
              ops,
              b,
              "append "
                  + Values.show(b.input())
                  + " is in the list before append "
                  + Values.show(a.input())
                  + (pa == unobserved ? " (which no read saw)" : "")
                  + ", which completed before it began",
              List.of(longest));
        }
      }
      for (int ri = 0; ri < reads.size(); ri++) {
        Op r = reads.get(ri);
        int n = lengths[ri];
        if (precedes(a, r) && pa >= n) {
          return invalid(
              key,
              ops,
              r,
              "read "
                  + Values.show(seen.get(r))
                  + " misses append "
                  + Values.show(a.input())
                  + ", which completed before the read began",
              List.of(longest));
        }
        if (precedes(r, a) && pa < n) {
          return invalid(
              key,
              ops,
              r,
              "read "
                  + Values.show(seen.get(r))
                  + " saw append "
                  + Values.show(a.input())
                  + ", which began after the read ended",
              List.of(longest));
        }
      }
    }
    for (int i1 = 0; i1 < reads.size(); i1++) {
      Op r1 = reads.get(i1);
      for (int i2 = 0; i2 < reads.size(); i2++) {
        Op r2 = reads.get(i2);
        if (precedes(r1, r2) && lengths[i1] > lengths[i2]) {
          return invalid(
              key,
              ops,
              r2,
              "read "
                  + Values.show(seen.get(r2))
                  + " is shorter than read "
                  + Values.show(seen.get(r1))
                  + ", which completed before it began",
              List.of(seen.get(r1)));
        }
      }
    }
    return new PartitionResult(
        key, Verdict.VALID, ops.size(), 0, (long) ops.size() * ops.size(), null, null);
  }

  /** x completed before y was invoked (a missing or info completion never precedes anything). */
  private static boolean precedes(Op x, Op y) {
    return x.completion() != null && x.isOk() && x.completionPos() < y.invokePos();
  }

  private static PartitionResult invalid(
      Object key, List<Op> ops, Op op, String why, List<List<?>> states) {
    List<String> shown = new ArrayList<>();
    for (List<?> s : states) shown.add(Values.show(s));
    Counterexample c = new Counterexample(key, op, List.of(), shown, why);
    return new PartitionResult(
        key, Verdict.INVALID, ops.size(), 0, (long) ops.size() * ops.size(), c, null);
  }
}
