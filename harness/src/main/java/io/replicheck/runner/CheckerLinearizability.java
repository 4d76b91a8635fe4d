package io.replicheck.runner;

import io.replicheck.checker.CheckResult;
import io.replicheck.checker.Counterexample;
import io.replicheck.checker.LinearizabilityChecker;
import io.replicheck.checker.PartitionResult;
import io.replicheck.checker.SearchBudget;
import io.replicheck.checker.Verdict;
import io.replicheck.history.History;
import io.replicheck.history.HistoryFormatException;
import io.replicheck.invariant.InvariantResult;
import io.replicheck.model.Model;
import io.replicheck.model.Models;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * P3 with the project's own checker: the run's history file, the master's client processes only
 * (replica readers are P1/P2's business), split by key on disk ({@link KeySpill}) and checked key
 * by key against the workload's model within one time limit: memory follows the largest key's
 * history, not the run's (a model that does not split by key, multi-register, holds the whole). The
 * counterexample goes into results.json for the report to draw.
 */
public final class CheckerLinearizability implements LinearizabilityCheck {
  private final Duration timeLimit;

  public CheckerLinearizability(Duration timeLimit) {
    this.timeLimit = timeLimit;
  }

  @Override
  public InvariantResult check(
      Path historyFile, List<Integer> clientProcesses, String model, Path runDir) {
    Set<Long> clients = new HashSet<>();
    for (Integer p : clientProcesses) clients.add(p.longValue());
    Model m = Models.byName(model);
    CheckResult r;
    try (KeySpill spill = KeySpill.split(historyFile, clients, m.partitionsByKey())) {
      if (spill.events() == 0) {
        return InvariantResult.notExercised(
            ID, NAME, "the master's clients recorded no op (" + model + " model)");
      }
      r = checkParts(m, spill);
    } catch (HistoryFormatException e) {
      return InvariantResult.unknown(
          ID, NAME, "the run's history breaks Jepsen's rules: " + e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      return InvariantResult.unknown(
          ID, NAME, "cannot read back the run's history: " + e.getMessage());
    }
    String stats = stats(r, model);
    InvariantResult result =
        switch (r.verdict()) {
          case VALID -> InvariantResult.valid(ID, NAME, stats);
          case UNKNOWN -> InvariantResult.unknown(ID, NAME, r.reason() + "; " + stats);
          case NOT_EXERCISED ->
              InvariantResult.notExercised(ID, NAME, "nothing to check; " + stats);
          case INVALID -> {
            Counterexample c = r.counterexample();
            String why = c == null ? "not linearizable" : "key " + c.key() + ": " + c.explanation();
            yield InvariantResult.invalid(
                ID,
                NAME,
                why,
                c == null
                    ? List.of(stats)
                    : List.of(
                        "op " + Counterexample.OpRef.of(c.op()).toJson(),
                        "possible states before it: " + c.states(),
                        stats));
          }
        };
    return r.counterexample() == null
        ? result
        : result.withDetails(Map.of("counterexample", r.counterexample().toJson()));
  }

  /**
   * Checks key file after key file (each holds one key's history, so memory follows the largest
   * key, not the run) within one time limit, and combines them as {@link LinearizabilityChecker}
   * combines keys: the first invalid key decides, else any unknown, else valid.
   */
  private CheckResult checkParts(Model m, KeySpill spill) throws HistoryFormatException {
    long start = System.nanoTime();
    long deadline = start + timeLimit.toNanos();
    List<PartitionResult> partitions = new ArrayList<>();
    Verdict verdict = Verdict.VALID;
    Counterexample cex = null;
    String reason = null;
    int ops = 0;
    int checked = 0;
    long states = 0;
    long steps = 0;
    for (int i = 0; i < spill.parts(); i++) {
      History h = History.of(spill.source(), spill.part(i));
      Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
      CheckResult r =
          LinearizabilityChecker.check(m, h, SearchBudget.defaults().withTimeLimit(left));
      partitions.addAll(r.partitions());
      ops += r.stats().ops();
      checked += r.stats().checkedOps();
      states += r.stats().statesExplored();
      steps += r.stats().steps();
      verdict = verdict.and(r.verdict());
      if (r.verdict() == Verdict.INVALID) {
        cex = r.counterexample();
        break; // one invalid key decides the verdict
      }
      if (r.verdict() == Verdict.UNKNOWN && reason == null) reason = r.reason();
    }
    if (verdict != Verdict.UNKNOWN) reason = null;
    return new CheckResult(
        verdict,
        m.name(),
        partitions,
        cex,
        reason,
        new CheckResult.Stats(ops, checked, states, steps, System.nanoTime() - start));
  }

  /**
   * What the check counted: the search's memoized states, or, for keys the list-append checker
   * decided without a search, the pairs of ops it compared.
   */
  static String stats(CheckResult r, String model) {
    long searched = 0;
    long compared = 0;
    for (PartitionResult p : r.partitions()) {
      if (p.statesExplored() > 0) searched++;
      else compared += p.steps();
    }
    String counted =
        searched == 0 && compared > 0
            ? compared + " op pairs compared"
            : compared > 0
                ? r.stats().statesExplored()
                    + " states searched, "
                    + compared
                    + " op pairs compared"
                : r.stats().statesExplored() + " states";
    return r.stats().ops()
        + " ops on "
        + r.partitions().size()
        + " keys, "
        + counted
        + ", "
        + r.stats().nanos() / 1_000_000
        + " ms ("
        + model
        + " model)";
  }
}
