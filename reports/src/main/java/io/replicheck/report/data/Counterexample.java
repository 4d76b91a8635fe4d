package io.replicheck.report.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An invariant's {@code counterexample} object from results.json, as the report draws it. The
 * linearizability checker (models' {@code CheckTool.json}) writes {@code {key, op: {process, f,
 * value, type, invokeIndex, completionIndex}, explanation, states: [...], linearized: [op, ...]}}:
 * {@code op} cannot be linearized, {@code linearized} is the longest prefix that can, {@code states}
 * the model states that made {@code op} impossible (the checker's whole result, holding such an
 * object under {@code counterexample}, is read for it). Other shapes are read leniently: integers under
 * fields whose names speak of ops or indices ({@code ops}, {@code opIndices}, {@code index}) name
 * failing ops; inside an op object only its index fields count (not its process or value); fields
 * about states or the linearized prefix never name failing ops.
 *
 * @param invariant the id of the invariant it belongs to (e.g. P3)
 * @param ops history indices (invoke and completion) of the ops that cannot be linearized
 * @param linearized invoke indices of the longest linearizable prefix, in linearization order
 */
public record Counterexample(String invariant, String key, Set<Long> ops, List<Long> linearized, List<String> states,
    String explanation, JsonNode raw) {

  private static final Pattern OP_FIELD = Pattern.compile("(?i).*(op|index|indices).*");
  private static final Pattern NOT_FAILING = Pattern.compile("(?i).*(state|lineariz|prefix).*");
  private static final List<String> INDEX_FIELDS = List.of("index", "invokeIndex", "completionIndex", "completeIndex");

  /** Every counterexample in results.json, in invariant order. */
  public static List<Counterexample> all(JsonNode results) {
    List<Counterexample> out = new ArrayList<>();
    for (JsonNode inv : results.path("invariants")) {
      JsonNode cx = inv.get("counterexample");
      if (cx == null || cx.isNull()) continue;
      out.add(of(inv.path("id").asText("?"), cx));
    }
    return out;
  }

  /** The history indices of failing ops named by any counterexample. */
  public static Set<Long> indices(JsonNode results) {
    Set<Long> out = new TreeSet<>();
    for (Counterexample c : all(results)) out.addAll(c.ops());
    return out;
  }

  static Counterexample of(String invariant, JsonNode given) {
    // The checker's whole result (verdict, stats, per-key results) may be given: use its counterexample.
    JsonNode cx = given.path("counterexample").isObject() ? given.get("counterexample") : given;
    Set<Long> ops = new LinkedHashSet<>();
    JsonNode named = cx.path("op");
    if (named.isObject() && (named.has("invokeIndex") || named.has("completionIndex"))) {
      // The checker's shape: exactly the op it names, nothing found elsewhere by name.
      collect(named, true, ops);
    } else {
      collect(cx, false, ops);
    }
    List<Long> linearized = new ArrayList<>();
    JsonNode prefix = cx.has("linearized") ? cx.get("linearized") : cx.path("prefix");
    for (JsonNode op : prefix) {
      if (op.isIntegralNumber()) linearized.add(op.asLong());
      else if (op.isObject()) {
        JsonNode i = op.has("invokeIndex") ? op.get("invokeIndex") : op.path("index");
        if (i.isIntegralNumber()) linearized.add(i.asLong());
      }
    }
    List<String> states = new ArrayList<>();
    JsonNode s = cx.has("states") ? cx.get("states") : cx.path("modelStates");
    if (s.isArray()) s.forEach(n -> states.add(n.isTextual() ? n.asText() : n.toString()));
    else if (!s.isMissingNode() && !s.isNull()) states.add(s.isTextual() ? s.asText() : s.toString());
    String explanation = cx.path("explanation").asText(cx.path("reason").asText(null));
    JsonNode key = cx.get("key");
    return new Counterexample(invariant, key == null || key.isNull() ? null : key.isTextual() ? key.asText() : key.toString(),
        ops, linearized, states, explanation, given);
  }

  private static void collect(JsonNode node, boolean opContext, Set<Long> out) {
    if (node.isIntegralNumber()) {
      if (opContext) out.add(node.asLong());
    } else if (node.isArray()) {
      for (JsonNode n : node) collect(n, opContext, out);
    } else if (node.isObject()) {
      if (opContext && INDEX_FIELDS.stream().anyMatch(node::has)) {
        // An op object: its indices name it; its process, value and line do not.
        for (String f : INDEX_FIELDS) if (node.path(f).isIntegralNumber()) out.add(node.get(f).asLong());
        return;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (NOT_FAILING.matcher(f.getKey()).matches()) continue;
        collect(f.getValue(), opContext || OP_FIELD.matcher(f.getKey()).matches(), out);
      }
    }
  }
}
