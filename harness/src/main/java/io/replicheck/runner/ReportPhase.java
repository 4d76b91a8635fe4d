package io.replicheck.runner;

import io.replicheck.checker.Verdict;
import io.replicheck.history.EventType;
import io.replicheck.invariant.InvariantResult;
import io.replicheck.nemesis.Nemesis;
import java.util.List;

/**
 * Report: the verdict (every check's, combined; unknown when the run was aborted, with the reason)
 * and results.json with the samples beside the history; then report.html and the store's index,
 * here or, for a runner that draws them behind, once the nodes are stopped ({@link ReportDrawer}).
 */
final class ReportPhase {
  private final boolean drawnBehind;

  /**
   * @param drawnBehind report.html and the index are drawn later ({@link ReportDrawer}), not here
   */
  ReportPhase(boolean drawnBehind) {
    this.drawnBehind = drawnBehind;
  }

  RunResult run(RunContext r) throws java.io.IOException {
    r.history.close();
    Verdict verdict =
        r.results.stream().map(InvariantResult::verdict).reduce(Verdict.VALID, Verdict::and);
    String summary = summarize(r.history, r.faults.get());
    if (r.aborted != null) {
      // what was judged before the stop still counts when it failed; nothing else is claimed
      if (verdict != Verdict.INVALID) verdict = Verdict.UNKNOWN;
      summary = "stopped early (" + r.aborted + "): " + summary;
    } else if (verdict == Verdict.UNKNOWN && r.plan.schedule() == null) {
      List<String> idle =
          r.plan.nemeses().stream().map(Nemesis::name).filter(n -> !r.fired.contains(n)).toList();
      if (!idle.isEmpty()) summary += "; never fired: " + String.join(", ", idle);
    }
    RunResult result = new RunResult(verdict, List.copyOf(r.results), r.dir, summary);
    r.store.write(
        r.plan.spec(), result, r.sampler.samples(), r.cluster.describe(), r.nemesisErrors);
    if (r.deployment != null && r.deployment.sentinels() != null && r.plan.schedule() == null)
      RunReplay.write(r, result);
    if (!drawnBehind) r.store.draw();
    r.progress.phase("report", r.dir.toString());
    return result;
  }

  private static String summarize(HistoryRecorder history, int faults) {
    return history.completions(EventType.OK)
        + " ok, "
        + history.completions(EventType.FAIL)
        + " fail, "
        + history.completions(EventType.INFO)
        + " info ops; "
        + faults
        + " faults";
  }
}
