package io.replicheck.model;

import io.replicheck.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sequential specification: an initial state and a step function. States must be immutable and
 * implement equals/hashCode (the checker caches them); null is a valid state (an empty register).
 */
public interface Model {

  /** Returned by {@link #step} when the op cannot have happened in that state. */
  Object INCONSISTENT =
      new Object() {
        @Override
        public String toString() {
          return "inconsistent";
        }
      };

  /** The name used on the command line, e.g. {@code cas-register}. */
  String name();

  /** The state before any op. */
  Object init();

  /**
   * The state after {@code op} takes effect in {@code state}, or {@link #INCONSISTENT} when its
   * result could not have been observed there. Only called for ops {@link #mustCheck} accepts; for
   * an unknown (info) op the result is not known and only its effect counts.
   */
  Object step(Object state, Op op);

  /**
   * False for ops that neither change the state nor constrain it, which the checker drops: failed
   * ops (they had no effect) and reads whose result is unknown.
   */
  default boolean mustCheck(Op op) {
    return !op.isFail() && !(op.isUnknown() && isReadOnly(op));
  }

  /** True when the op never changes the state (a read). */
  default boolean isReadOnly(Op op) {
    return "read".equals(op.f()) || "get".equals(op.f());
  }

  /**
   * Drops ops of one key's sub-history that cannot change the verdict, before the search. The
   * default keeps them all; models whose writes are visible in every later read (append-only lists,
   * sets) drop unknown writes whose value no read ever returned: such a write either never happened
   * or happened after every read, and in both cases nothing observed it.
   */
  default List<Op> prune(List<Op> ops) {
    return ops;
  }

  /** True when ops on different keys are independent, so each key is checked on its own. */
  default boolean partitionsByKey() {
    return true;
  }

  /**
   * Splits ops into independently checkable histories (P-compositionality): by key when {@link
   * #partitionsByKey}, otherwise one partition under the key {@code null}.
   */
  default Map<Object, List<Op>> partition(List<Op> ops) {
    Map<Object, List<Op>> parts = new LinkedHashMap<>();
    for (Op op : ops) {
      parts.computeIfAbsent(partitionsByKey() ? op.key() : null, k -> new ArrayList<>()).add(op);
    }
    return parts;
  }

  /** {@link #partition(List)} of a history's ops. */
  default Map<Object, List<Op>> partition(io.replicheck.history.History history) {
    return partition(history.ops());
  }

  /** Why {@code op} cannot follow {@code state}, for counterexamples. */
  default String explain(Object state, Op op) {
    return "cannot "
        + op.f()
        + " "
        + io.replicheck.history.Values.show(op.value())
        + " in state "
        + describe(state);
  }

  /** A state for humans and reports. */
  default String describe(Object state) {
    return io.replicheck.history.Values.show(state);
  }
}
