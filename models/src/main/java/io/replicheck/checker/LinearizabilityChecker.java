package io.replicheck.checker;

import io.replicheck.history.History;
import io.replicheck.history.Op;
import io.replicheck.model.ListAppend;
import io.replicheck.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a history against a model: drops ops that cannot matter (failed ops, unknown reads),
 * splits by key when the model allows (P-compositionality: a history is linearizable iff each key's
 * is), and runs the Wing–Gong–Lowe search on each part within one shared {@link SearchBudget}.
 */
public final class LinearizabilityChecker {

  private LinearizabilityChecker() {}

  public static CheckResult check(Model model, History history, SearchBudget budget) {
    return check(model, history.ops(), budget);
  }

  public static CheckResult check(Model model, List<Op> ops, SearchBudget budget) {
    long start = System.nanoTime();
    List<Op> relevant = new ArrayList<>(ops.size());
    for (Op op : ops) {
      if (model.mustCheck(op)) {
        relevant.add(op);
      }
    }
    Map<Object, List<Op>> parts = model.partition(relevant);
    SearchBudget.Meter limits = budget.start(start);
    List<PartitionResult> results = new ArrayList<>(parts.size());
    Verdict verdict = Verdict.VALID;
    Counterexample cex = null;
    String reason = null;
    long states = 0;
    for (Map.Entry<Object, List<Op>> part : parts.entrySet()) {
      List<Op> pruned = model.prune(part.getValue());
      PartitionResult r =
          model instanceof ListAppend ? ListAppendChecker.check(part.getKey(), pruned) : null;
      if (r == null) r = WglSearch.run(model, part.getKey(), pruned, limits);
      results.add(r);
      states += r.statesExplored();
      verdict = verdict.and(r.verdict());
      if (r.verdict() == Verdict.INVALID && cex == null) {
        cex = r.counterexample();
        break; // one invalid key decides the verdict
      }
      if (r.verdict() == Verdict.UNKNOWN && reason == null) {
        reason = (part.getKey() == null ? "" : "key " + part.getKey() + ": ") + r.reason();
      }
    }
    if (verdict != Verdict.UNKNOWN) {
      reason = null;
    }
    CheckResult.Stats stats =
        new CheckResult.Stats(
            ops.size(), relevant.size(), states, limits.stepsUsed, System.nanoTime() - start);
    return new CheckResult(verdict, model.name(), results, cex, reason, stats);
  }
}
