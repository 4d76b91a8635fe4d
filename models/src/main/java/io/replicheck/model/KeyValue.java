package io.replicheck.model;

import io.replicheck.history.Op;
import io.replicheck.history.Values;
import java.util.List;
import java.util.Objects;

/**
 * Porcupine's key-value store: per key, {@code :get} returns the string, {@code :put} replaces it,
 * {@code :append} appends to it; every key starts as the empty string. Checked per key.
 */
public record KeyValue() implements Model {

  @Override
  public String name() {
    return "key-value";
  }

  @Override
  public Object init() {
    return "";
  }

  @Override
  public List<Op> prune(List<Op> ops) {
    return UnseenWrites.drop(
        ops,
        op -> "append".equals(op.f()) || "put".equals(op.f()),
        op -> "get".equals(op.f()) || "read".equals(op.f()),
        (w, r) ->
            w.input() == null
                || (r.value() instanceof String
                    && ((String) r.value()).contains(w.input().toString())));
  }

  @Override
  public Object step(Object state, Op op) {
    String s = (String) state;
    switch (op.f()) {
      case "get":
      case "read":
        Object v = op.value() == null ? "" : op.value();
        return Objects.equals(v, s) ? s : INCONSISTENT;
      case "put":
      case "write":
        return String.valueOf(op.value() == null ? "" : op.value());
      case "append":
        return s + (op.value() == null ? "" : op.value());
      default:
        return INCONSISTENT;
    }
  }

  @Override
  public String explain(Object state, Op op) {
    if ("get".equals(op.f()) || "read".equals(op.f())) {
      return "get returned " + Values.show(op.value()) + " but the key held " + Values.show(state);
    }
    return "unknown function :" + op.f() + " for key-value (expected get, put, append)";
  }
}
