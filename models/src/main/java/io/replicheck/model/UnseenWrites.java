package io.replicheck.model;

import io.replicheck.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Drops unknown writes that no read saw, for models where a write stays visible to every later read
 * until something erases it wholesale (append, add; Porcupine's put and append). If no read
 * returned the value, a linearization that applies the write can move it after every read (or just
 * before the put that erases it) without changing any result, so the write may as well never have
 * happened. This keeps many crashed writes from multiplying the search.
 */
final class UnseenWrites {

  private UnseenWrites() {}

  /**
   * @param isWrite the unknown ops that may be dropped
   * @param isRead the ok ops whose results are looked at
   * @param seen whether a read's result shows the write's value
   */
  static List<Op> drop(
      List<Op> ops, Predicate<Op> isWrite, Predicate<Op> isRead, BiPredicate<Op, Op> seen) {
    List<Op> reads = new ArrayList<>();
    for (Op op : ops) {
      if (op.isOk() && isRead.test(op)) {
        reads.add(op);
      }
    }
    List<Op> out = new ArrayList<>(ops.size());
    for (Op op : ops) {
      if (op.isUnknown() && isWrite.test(op) && reads.stream().noneMatch(r -> seen.test(op, r))) {
        continue;
      }
      out.add(op);
    }
    return out.size() == ops.size() ? ops : out;
  }
}
