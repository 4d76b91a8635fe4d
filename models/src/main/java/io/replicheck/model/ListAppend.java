package io.replicheck.model;

import io.replicheck.history.Op;
import io.replicheck.history.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A list per key (Redis RPUSH/LRANGE): {@code :append v} adds v at the end, {@code :read} returns
 * the whole list (nil reads as the empty list). Values are expected unique, which keeps search
 * cheap.
 */
public record ListAppend() implements Model {

  @Override
  public String name() {
    return "list-append";
  }

  @Override
  public Object init() {
    return List.of();
  }

  @Override
  public List<Op> prune(List<Op> ops) {
    return UnseenWrites.drop(
        ops,
        op -> "append".equals(op.f()),
        op -> "read".equals(op.f()),
        (w, r) -> r.value() instanceof List && ((List<?>) r.value()).contains(w.input()));
  }

  @Override
  public Object step(Object state, Op op) {
    List<?> list = (List<?>) state;
    switch (op.f()) {
      case "read":
        Object v = op.value() == null ? List.of() : op.value();
        return v instanceof List && list.equals(v) ? state : INCONSISTENT;
      case "append":
        List<Object> next = new ArrayList<>(list.size() + 1);
        next.addAll(list);
        next.add(op.input());
        return Collections.unmodifiableList(next);
      default:
        return INCONSISTENT;
    }
  }

  @Override
  public String explain(Object state, Op op) {
    if ("read".equals(op.f())) {
      return "read " + Values.show(op.value()) + " but the list was " + Values.show(state);
    }
    return "unknown function :" + op.f() + " for list-append (expected append, read)";
  }
}
