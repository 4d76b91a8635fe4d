package io.replicheck.model;

import io.replicheck.history.Op;
import io.replicheck.history.Values;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Knossos's multi-register: {@code :txn} ops whose value is a list of micro-ops {@code [:read k v]}
 * / {@code [:write k v]} (also {@code :r}/{@code :w}), applied atomically. Every register not in
 * the initial map starts at {@code defaultValue} (0 for the Knossos corpus); a read whose value is
 * nil matches anything. Transactions span keys, so it does not partition by key.
 */
public record MultiRegister(Map<Object, Object> initial, Object defaultValue) implements Model {

  public MultiRegister {
    initial = Collections.unmodifiableMap(new HashMap<>(initial));
  }

  @Override
  public String name() {
    return "multi-register";
  }

  @Override
  public Object init() {
    return initial;
  }

  @Override
  public boolean partitionsByKey() {
    return false;
  }

  @Override
  public boolean isReadOnly(Op op) {
    if (!(op.value() instanceof List)) {
      return false;
    }
    for (Object m : (List<?>) op.value()) {
      if (m instanceof List && !((List<?>) m).isEmpty() && isWrite(((List<?>) m).get(0))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWrite(Object f) {
    return "write".equals(f) || "w".equals(f);
  }

  private static boolean isRead(Object f) {
    return "read".equals(f) || "r".equals(f);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object step(Object state, Op op) {
    if (!"txn".equals(op.f()) || !(op.value() instanceof List)) {
      return INCONSISTENT;
    }
    Map<Object, Object> s = (Map<Object, Object>) state;
    Map<Object, Object> next = null;
    for (Object mop : (List<?>) op.value()) {
      if (!(mop instanceof List) || ((List<?>) mop).size() != 3) {
        return INCONSISTENT;
      }
      List<?> m = (List<?>) mop;
      Object k = m.get(1);
      Map<Object, Object> cur = next != null ? next : s;
      if (isRead(m.get(0))) {
        Object v = m.get(2);
        if (v != null && !Objects.equals(v, cur.getOrDefault(k, defaultValue))) {
          return INCONSISTENT;
        }
      } else if (isWrite(m.get(0))) {
        if (next == null) {
          next = new HashMap<>(s);
        }
        next.put(k, m.get(2));
      } else {
        return INCONSISTENT;
      }
    }
    return next == null ? s : Collections.unmodifiableMap(next);
  }

  @Override
  public String explain(Object state, Op op) {
    return "txn "
        + Values.show(op.value())
        + " cannot run on registers "
        + Values.show(state)
        + " (others "
        + Values.show(defaultValue)
        + ")";
  }
}
