package io.replicheck.checker;

import io.replicheck.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a history is not linearizable, in a form reports can draw.
 *
 * @param key the key whose sub-history failed (null for single-object histories)
 * @param op the op that cannot be linearized: every linearization of the ops that completed before
 *     it leaves the model in a state where its result is impossible
 * @param linearized the longest linearizable prefix found, in linearization order
 * @param states the model states reachable just before {@code op} had to take effect (at most 32)
 * @param explanation why {@code op} fails in the first of those states
 */
public record Counterexample(
    Object key, Op op, List<Op> linearized, List<String> states, String explanation) {

  public Counterexample {
    linearized = List.copyOf(linearized);
    states = List.copyOf(states);
  }

  /** This counterexample as results.json and {@code check --json} carry it ({@link Written}). */
  public Map<String, Object> toJson() {
    return Written.of(this).toJson();
  }

  /**
   * An op of a written counterexample, named by the indices of its events in the history.
   *
   * @param completionIndex null when the history ended before it completed
   * @param line the invoke's 1-based line in the file it was read from, 0 when unknown
   */
  public record OpRef(
      Object process,
      String f,
      Object key,
      Object value,
      String type,
      long invokeIndex,
      Long completionIndex,
      int line) {

    public static OpRef of(Op op) {
      return new OpRef(
          op.process(),
          op.f(),
          op.key(),
          op.value(),
          op.outcome().wireName(),
          op.invoke().index(),
          op.completion() == null ? null : op.completion().index(),
          op.invoke().line());
    }

    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("process", process);
      m.put("f", f);
      if (key != null) {
        m.put("key", key);
      }
      m.put("value", value);
      m.put("type", type);
      m.put("invokeIndex", invokeIndex);
      m.put("completionIndex", completionIndex);
      if (line > 0) {
        m.put("line", line);
      }
      return m;
    }

    static OpRef fromJson(Object o) {
      if (!(o instanceof Map<?, ?> m) || !(m.get("invokeIndex") instanceof Number inv)) {
        throw new IllegalArgumentException("expected an op with an integer invokeIndex, got " + o);
      }
      Object done = m.get("completionIndex");
      if (done != null && !(done instanceof Number)) {
        throw new IllegalArgumentException(
            "expected completionIndex to be an integer or null, got " + done);
      }
      return new OpRef(
          m.get("process"),
          string(m.get("f")),
          m.get("key"),
          m.get("value"),
          string(m.get("type")),
          inv.longValue(),
          done == null ? null : ((Number) done).longValue(),
          m.get("line") instanceof Number l ? l.intValue() : 0);
    }
  }

  /**
   * A counterexample as written to JSON and read back without the history: {@code {key, op,
   * explanation, states, linearized: [op, ...]}}, each op an {@link OpRef}. The one shape the
   * checker writes and the reports read.
   */
  public record Written(
      Object key, OpRef op, List<OpRef> linearized, List<String> states, String explanation) {

    public Written {
      linearized = List.copyOf(linearized);
      states = List.copyOf(states);
    }

    public static Written of(Counterexample c) {
      List<OpRef> prefix = new ArrayList<>(c.linearized().size());
      for (Op op : c.linearized()) {
        prefix.add(OpRef.of(op));
      }
      return new Written(c.key(), OpRef.of(c.op()), prefix, c.states(), c.explanation());
    }

    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", key);
      m.put("op", op.toJson());
      m.put("explanation", explanation);
      m.put("states", states);
      List<Object> prefix = new ArrayList<>();
      for (OpRef r : linearized) {
        prefix.add(r.toJson());
      }
      m.put("linearized", prefix);
      return m;
    }

    /**
     * Reads what {@link #toJson()} wrote (as parsed into maps and lists, e.g. by Jackson). The
     * checker's whole result ({@code check --json}'s, holding it under {@code counterexample}) is
     * read for its counterexample. Throws IllegalArgumentException naming what is missing.
     */
    public static Written fromJson(Map<?, ?> m) {
      if (m.get("counterexample") instanceof Map<?, ?> inner) {
        return fromJson(inner);
      }
      List<OpRef> prefix = new ArrayList<>();
      if (m.get("linearized") instanceof List<?> l) {
        for (Object o : l) {
          prefix.add(OpRef.fromJson(o));
        }
      }
      List<String> states = new ArrayList<>();
      if (m.get("states") instanceof List<?> l) {
        for (Object o : l) {
          states.add(String.valueOf(o));
        }
      }
      return new Written(
          m.get("key"), OpRef.fromJson(m.get("op")), prefix, states, string(m.get("explanation")));
    }
  }

  private static String string(Object o) {
    return o == null ? null : o.toString();
  }
}
