package io.replicheck.model;

import io.replicheck.history.Op;
import io.replicheck.history.Values;
import java.util.Objects;

/**
 * A counter starting at 0: {@code :incr} (value nil means 1) and {@code :add n} increase it, {@code
 * :read} returns it (nil reads as 0, as GET of a key INCR never touched). Checked per key.
 */
public record Counter() implements Model {

  @Override
  public String name() {
    return "counter";
  }

  @Override
  public Object init() {
    return 0L;
  }

  @Override
  public Object step(Object state, Op op) {
    long n = (Long) state;
    switch (op.f()) {
      case "read":
        // nil is what Redis's GET gives for a counter never incremented
        Object v = op.value() == null ? (Object) 0L : op.value();
        return v instanceof Long && (Long) v == n ? state : INCONSISTENT;
      case "incr":
      case "add":
        if ("incr".equals(op.f()) && !(op.input() instanceof Long)) {
          return n + 1;
        }
        return op.input() instanceof Long ? (Object) (n + (Long) op.input()) : INCONSISTENT;
      default:
        return INCONSISTENT;
    }
  }

  @Override
  public String explain(Object state, Op op) {
    if ("read".equals(op.f())) {
      return "read " + Values.show(op.value()) + " but the counter was " + state;
    }
    if (Objects.equals(op.f(), "add")) {
      return "add needs an integer, got " + Values.show(op.input());
    }
    return "unknown function :" + op.f() + " for a counter (expected incr, add, read)";
  }
}
