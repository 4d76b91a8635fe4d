package io.replicheck.runner;

import io.replicheck.invariant.InvariantResult;
import java.util.List;
import java.util.function.Predicate;

/**
 * One entry of the invariant registry ({@link Checks}): the invariants it judges, what a run needs
 * for it to apply, and how it reads the run's evidence.
 *
 * @param ids the invariant ids it reports (shared/DESIGN.md)
 * @param description what it checks, one line
 * @param appliesTo whether a plan gives it something to judge (the model's capabilities, the
 *     nemeses present)
 * @param judge its results from a run's collected evidence
 * @param historyOnly whether it reads only the recorded history (the file, the client processes,
 *     the nemesis events), nothing the nodes hold after the drive: it then runs on its own thread
 *     as soon as the history is closed, while quiesce, the settle window and collect go on ({@link
 *     HistoryChecks})
 */
public record Check(
    List<String> ids,
    String description,
    Predicate<RunPlan> appliesTo,
    Judge judge,
    boolean historyOnly) {

  /** A check that reads what collect gathered or the nodes' logs: it runs in the check phase. */
  public Check(List<String> ids, String description, Predicate<RunPlan> appliesTo, Judge judge) {
    this(ids, description, appliesTo, judge, false);
  }

  /** Judges a run from its context once collected. */
  @FunctionalInterface
  public interface Judge {
    List<InvariantResult> judge(RunContext run) throws Exception;
  }
}
