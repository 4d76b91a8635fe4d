package io.replicheck.model;

import io.replicheck.history.Op;

/**
 * Knossos's mutex: {@code :acquire} needs it free, {@code :release} needs it held; starts unlocked.
 */
public record Mutex() implements Model {

  @Override
  public String name() {
    return "mutex";
  }

  @Override
  public Object init() {
    return Boolean.FALSE;
  }

  @Override
  public boolean isReadOnly(Op op) {
    return false;
  }

  @Override
  public Object step(Object state, Op op) {
    boolean locked = (Boolean) state;
    switch (op.f()) {
      case "acquire":
        return locked ? INCONSISTENT : Boolean.TRUE;
      case "release":
        return locked ? Boolean.FALSE : INCONSISTENT;
      default:
        return INCONSISTENT;
    }
  }

  @Override
  public String explain(Object state, Op op) {
    boolean locked = (Boolean) state;
    if ("acquire".equals(op.f()) || "release".equals(op.f())) {
      return op.f() + " while the mutex was " + (locked ? "held" : "free");
    }
    return "unknown function :" + op.f() + " for a mutex (expected acquire, release)";
  }

  @Override
  public String describe(Object state) {
    return (Boolean) state ? "held" : "free";
  }
}
