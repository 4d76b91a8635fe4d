package io.replicheck.invariant;

import io.replicheck.checker.Verdict;
import java.util.List;

/**
 * One invariant's verdict with its evidence.
 *
 * @param id FS1, IS4, P1, ...
 * @param name a short name
 * @param verdict valid, invalid, unknown, or not exercised (no evidence either way)
 * @param reason one line: why (the first violation, or what made it unknown)
 * @param evidence details a person needs to see the violation (a few lines at most each)
 * @param details structured data reports draw (P3's counterexample), written into results.json
 *     beside the other fields; empty for most invariants
 */
public record InvariantResult(
    String id,
    String name,
    Verdict verdict,
    String reason,
    List<String> evidence,
    java.util.Map<String, Object> details) {

  public InvariantResult(
      String id, String name, Verdict verdict, String reason, List<String> evidence) {
    this(id, name, verdict, reason, evidence, java.util.Map.of());
  }

  /** This result with structured details added. */
  public InvariantResult withDetails(java.util.Map<String, Object> more) {
    java.util.Map<String, Object> all = new java.util.LinkedHashMap<>(details);
    all.putAll(more);
    return new InvariantResult(id, name, verdict, reason, evidence, all);
  }

  public static InvariantResult valid(String id, String name, String reason) {
    return new InvariantResult(id, name, Verdict.VALID, reason, List.of());
  }

  public static InvariantResult invalid(
      String id, String name, String reason, List<String> evidence) {
    return new InvariantResult(id, name, Verdict.INVALID, reason, List.copyOf(evidence));
  }

  /** The check saw nothing to judge: says what it looked for and found none of. */
  public static InvariantResult notExercised(String id, String name, String reason) {
    return new InvariantResult(id, name, Verdict.NOT_EXERCISED, reason, List.of());
  }

  public static InvariantResult unknown(String id, String name, String reason) {
    return new InvariantResult(id, name, Verdict.UNKNOWN, reason, List.of());
  }
}
