package io.replicheck.runner;

/**
 * Check: the plan's checks, in registry order, over what the run collected; those that read only
 * the history were started when it closed ({@link HistoryChecks}) and are taken from there.
 */
final class CheckPhase implements Phase {

  @Override
  public void run(RunContext r) throws Exception {
    r.progress.phase("check", "checking invariants");
    if (r.historyChecks == null) r.historyChecks = HistoryChecks.start(r);
    for (Check c : r.plan.checks()) {
      r.results.addAll(r.historyChecks.runs(c) ? r.historyChecks.results(c) : c.judge().judge(r));
    }
    if (!r.nemesisErrors.isEmpty()) {
      r.progress.phase("check", "nemesis errors (faults not applied): " + r.nemesisErrors);
    }
  }

  /**
   * The checks that read only the history, for a run aborted after its drive ended: the nodes were
   * not read, so the others are not judged (the verdict says why).
   */
  static void historyOnly(RunContext r) throws Exception {
    r.progress.phase("check", "checking the history only (" + r.aborted + ")");
    for (Check c : r.plan.checks()) {
      if (r.historyChecks.runs(c)) r.results.addAll(r.historyChecks.results(c));
    }
  }
}
