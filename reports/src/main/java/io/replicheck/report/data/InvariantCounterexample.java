package io.replicheck.report.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicheck.checker.Counterexample;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An invariant's {@code counterexample} from results.json, read as models writes it ({@link
 * Counterexample.Written}: {@code {key, op, explanation, states, linearized}}, ops named by the
 * indices of their events). One that does not have that shape is shown as written, naming no op.
 *
 * @param invariant the id of the invariant it belongs to (e.g. P3)
 * @param written the counterexample, or null when results.json holds another shape
 * @param problem why it could not be read, or null
 * @param raw the JSON as written, for the report's "as the checker wrote it"
 */
public record InvariantCounterexample(
    String invariant, Counterexample.Written written, String problem, JsonNode raw) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every counterexample in results.json, in invariant order. */
  public static List<InvariantCounterexample> all(JsonNode results) {
    List<InvariantCounterexample> out = new ArrayList<>();
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
    for (InvariantCounterexample c : all(results)) out.addAll(c.ops());
    return out;
  }

  static InvariantCounterexample of(String invariant, JsonNode given) {
    try {
      if (!given.isObject()) throw new IllegalArgumentException("expected an object, got " + given);
      return new InvariantCounterexample(
          invariant,
          Counterexample.Written.fromJson(JSON.convertValue(given, Map.class)),
          null,
          given);
    } catch (IllegalArgumentException e) {
      return new InvariantCounterexample(invariant, null, e.getMessage(), given);
    }
  }

  /** The key, as displayed; null for a single-object history. */
  public String key() {
    return written == null || written.key() == null ? null : DrawnOp.text(written.key());
  }

  /** The history indices (invoke and completion) of the op that cannot be linearized. */
  public Set<Long> ops() {
    Set<Long> out = new LinkedHashSet<>();
    if (written != null) {
      out.add(written.op().invokeIndex());
      if (written.op().completionIndex() != null) out.add(written.op().completionIndex());
    }
    return out;
  }

  /** Invoke indices of the longest linearizable prefix, in linearization order. */
  public List<Long> linearized() {
    return written == null
        ? List.of()
        : written.linearized().stream().map(Counterexample.OpRef::invokeIndex).toList();
  }

  public List<String> states() {
    return written == null ? List.of() : written.states();
  }

  public String explanation() {
    return written == null ? problem : written.explanation();
  }
}
