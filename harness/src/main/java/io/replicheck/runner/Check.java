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
 */
public record Check(
    List<String> ids, String description, Predicate<RunPlan> appliesTo, Judge judge) {

  /** Judges a run from its context once collected. */
  @FunctionalInterface
  public interface Judge {
    List<InvariantResult> judge(RunContext run) throws Exception;
  }
}
