package io.replicheck.runner;

import io.replicheck.checker.SearchBudget;
import io.replicheck.checker.CheckResult;
import io.replicheck.checker.CheckTool;
import io.replicheck.checker.Counterexample;
import io.replicheck.checker.LinearizabilityChecker;
import io.replicheck.history.Event;
import io.replicheck.history.History;
import io.replicheck.history.HistoryFormat;
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
 * P3 with the project's own checker: the run's history.jsonl, the master's client processes only
 * (replica readers are P1/P2's business), checked against the workload's model within a budget.
 * The counterexample goes into results.json for the report to draw.
 */
public final class CheckerLinearizability implements LinearizabilityCheck {
  private final Duration timeLimit;

  public CheckerLinearizability(Duration timeLimit) {
    this.timeLimit = timeLimit;
  }

  @Override
  public InvariantResult check(List<Map<String, Object>> events, List<Integer> clientProcesses, String model, Path runDir) {
    History history;
    try {
      History all = HistoryFormat.readFile(runDir.resolve("history.jsonl"), HistoryFormat.JSONL);
      Set<Object> clients = new HashSet<>();
      for (Integer p : clientProcesses) clients.add(p.longValue());
      List<Event> mine = all.events().stream()
          .filter(e -> !e.isNemesis() && e.process() instanceof Number n && clients.contains(n.longValue()))
          .toList();
      history = History.of(all.source(), mine);
    } catch (HistoryFormatException e) {
      return InvariantResult.unknown(ID, NAME, "the run's history could not be read: " + e.getMessage());
    }
    CheckResult r = LinearizabilityChecker.check(Models.byName(model), history, SearchBudget.defaults().withTimeLimit(timeLimit));
    String stats = r.stats().ops() + " ops on " + r.partitions().size() + " keys, " + r.stats().statesExplored()
        + " states, " + r.stats().nanos() / 1_000_000 + " ms (" + model + " model)";
    InvariantResult result = switch (r.verdict()) {
      case VALID -> InvariantResult.valid(ID, NAME, stats);
      case UNKNOWN -> InvariantResult.unknown(ID, NAME, r.reason() + "; " + stats);
      case INVALID -> {
        Counterexample c = r.counterexample();
        String why = c == null ? "not linearizable" : "key " + c.key() + ": " + c.explanation();
        yield InvariantResult.invalid(ID, NAME, why, c == null ? List.of(stats)
            : List.of("op " + CheckTool.json(c.op()), "possible states before it: " + c.states(), stats));
      }
    };
    Map<String, Object> json = CheckTool.json(r);
    return json.containsKey("counterexample") ? result.withDetails(Map.of("counterexample", json.get("counterexample"))) : result;
  }
}
