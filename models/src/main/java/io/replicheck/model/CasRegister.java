package io.replicheck.model;

import io.replicheck.history.Op;
import io.replicheck.history.Values;
import java.util.List;
import java.util.Objects;

/**
 * A register with read, write and compare-and-set ({@code :cas [expected new]}).
 *
 * <p>Two flavours. {@link #knossos(Object)} follows Knossos's cas-register: a read whose value is
 * nil matches any state, and failed ops (including a failed cas) had no effect. {@link #strict()}
 * is Porcupine's etcd register: it starts empty (nil), a read of nil means the register was empty,
 * and a {@code :fail :cas} without an {@code :error} (or an ok cas whose result is {@code false})
 * means the compare failed at its linearization point, so the register did not hold the expected
 * value then; a failed cas that carries an error never ran.
 *
 * @param initial the value before any write
 * @param nilReadMatchesAny Knossos's convention for reads whose value is unknown
 * @param failedCasObserved whether a failed cas is an observed compare failure
 */
public record CasRegister(Object initial, boolean nilReadMatchesAny, boolean failedCasObserved)
    implements Model {

  /** Knossos's cas-register starting at {@code initial}. */
  public static CasRegister knossos(Object initial) {
    return new CasRegister(initial, true, false);
  }

  /**
   * Porcupine's etcd register: starts nil, exact reads, a failed cas observed a different value.
   */
  public static CasRegister strict() {
    return new CasRegister(null, false, true);
  }

  @Override
  public String name() {
    return nilReadMatchesAny ? "cas-register" : "register";
  }

  @Override
  public Object init() {
    return initial;
  }

  @Override
  public boolean mustCheck(Op op) {
    if (op.isFail()) {
      return observedCompareFailure(op);
    }
    if (isReadOnly(op)) {
      return op.isOk() && !(nilReadMatchesAny && op.value() == null);
    }
    return true;
  }

  @Override
  public Object step(Object state, Op op) {
    switch (op.f()) {
      case "read":
        Object v = op.value();
        if (v == null && nilReadMatchesAny) {
          return state;
        }
        return Objects.equals(v, state) ? state : INCONSISTENT;
      case "write":
        return op.value();
      case "cas":
        List<?> args = casArgs(op);
        if (args == null) {
          return INCONSISTENT;
        }
        boolean compareFailed = op.isFail() || Boolean.FALSE.equals(op.output());
        if (compareFailed) {
          return Objects.equals(args.get(0), state) ? INCONSISTENT : state;
        }
        return Objects.equals(args.get(0), state) ? args.get(1) : INCONSISTENT;
      default:
        return INCONSISTENT;
    }
  }

  /**
   * A failed cas without an error is a compare that failed (etcd's :fail :cas); with one, it never
   * ran.
   */
  private boolean observedCompareFailure(Op op) {
    return failedCasObserved && "cas".equals(op.f()) && op.completion().error() == null;
  }

  private static List<?> casArgs(Op op) {
    Object in = op.input() instanceof List ? op.input() : op.output();
    if (in instanceof List && ((List<?>) in).size() == 2) {
      return (List<?>) in;
    }
    return null;
  }

  @Override
  public String explain(Object state, Op op) {
    switch (op.f()) {
      case "read":
        return "read " + Values.show(op.value()) + " but the register held " + Values.show(state);
      case "cas":
        List<?> args = casArgs(op);
        if (args == null) {
          return "a cas needs [expected new], got " + Values.show(op.input());
        }
        if (op.isFail() || Boolean.FALSE.equals(op.output())) {
          return "cas " + Values.show(args) + " failed but the register held " + Values.show(state);
        }
        return "cas "
            + Values.show(args)
            + " succeeded but the register held "
            + Values.show(state);
      default:
        return "unknown function :" + op.f() + " for a register (expected read, write, cas)";
    }
  }
}
