package io.replicheck.runner;

/** Check: the plan's checks, in registry order, over what the run collected. */
final class CheckPhase implements Phase {

  @Override
  public void run(RunContext r) throws Exception {
    r.progress.phase("check", "checking invariants");
    for (Check c : r.plan.checks()) r.results.addAll(c.judge().judge(r));
    if (!r.nemesisErrors.isEmpty()) {
      r.progress.phase("check", "nemesis errors (faults not applied): " + r.nemesisErrors);
    }
  }
}
