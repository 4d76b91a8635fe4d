package io.replicheck.model;

import io.replicheck.history.Op;
import io.replicheck.history.Values;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A set per key (Redis SADD/SMEMBERS): {@code :add v}, {@code :read} returns every element, in any
 * order.
 */
public record SetModel() implements Model {

  @Override
  public String name() {
    return "set";
  }

  @Override
  public Object init() {
    return Set.of();
  }

  @Override
  public List<Op> prune(List<Op> ops) {
    return UnseenWrites.drop(
        ops,
        op -> "add".equals(op.f()),
        op -> "read".equals(op.f()),
        (w, r) ->
            r.value() instanceof Collection && ((Collection<?>) r.value()).contains(w.input()));
  }

  @Override
  public Object step(Object state, Op op) {
    Set<?> set = (Set<?>) state;
    switch (op.f()) {
      case "read":
        Object v = op.value();
        if (v == null) {
          return set.isEmpty() ? state : INCONSISTENT;
        }
        if (!(v instanceof Collection)) {
          return INCONSISTENT;
        }
        Collection<?> c = (Collection<?>) v;
        return c.size() == set.size() && set.containsAll(c) ? state : INCONSISTENT;
      case "add":
        if (set.contains(op.input())) {
          return state;
        }
        Set<Object> next = new HashSet<>(set);
        next.add(op.input());
        return Collections.unmodifiableSet(next);
      default:
        return INCONSISTENT;
    }
  }

  @Override
  public String explain(Object state, Op op) {
    if ("read".equals(op.f())) {
      return "read " + Values.show(op.value()) + " but the set was " + Values.show(state);
    }
    return "unknown function :" + op.f() + " for a set (expected add, read)";
  }
}
