package io.replicheck.runner;

import io.replicheck.checker.CheckResult;
import io.replicheck.checker.Counterexample;
import io.replicheck.checker.LinearizabilityChecker;
import io.replicheck.checker.PartitionResult;
import io.replicheck.checker.SearchBudget;
import io.replicheck.history.Event;
import io.replicheck.history.History;
import io.replicheck.history.HistoryFormatException;
import io.replicheck.invariant.InvariantResult;
import io.replicheck.model.Models;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * P3 with the project's own checker: the run's history (the recorder's events), the master's client
 * processes only (replica readers are P1/P2's business), checked against the workload's model
 * within a budget. The counterexample goes into results.json for the report to draw.
 */
public final class CheckerLinearizability implements LinearizabilityCheck {
  private final Duration timeLimit;

  public CheckerLinearizability(Duration timeLimit) {
    this.timeLimit = timeLimit;
  }

  @Override
  public InvariantResult check(
      List<Event> events, List<Integer> clientProcesses, String model, Path runDir) {
    Set<Long> clients = new HashSet<>();
    for (Integer p : clientProcesses) clients.add(p.longValue());
    List<Event> mine =
        events.stream()
            .filter(e -> !e.isNemesis() && e.process() instanceof Long p && clients.contains(p))
            .toList();
    History history;
    try {
      history =
          History.of(runDir.resolve(io.replicheck.history.JsonlFormat.RUN_FILE).toString(), mine);
    } catch (HistoryFormatException e) {
      return InvariantResult.unknown(
          ID, NAME, "the run's history breaks Jepsen's rules: " + e.getMessage());
    }
    if (history.ops().isEmpty()) {
      return InvariantResult.notExercised(
          ID, NAME, "the master's clients recorded no op (" + model + " model)");
    }
    CheckResult r =
        LinearizabilityChecker.check(
            Models.byName(model), history, SearchBudget.defaults().withTimeLimit(timeLimit));
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
