package io.replicheck.explore.coverage;

import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The mutation operators of coverage-guided exploration over a schedule type {@code S}, each a
 * small change to a schedule that showed something new. An operator that does not apply to a
 * schedule (no fault to drop, no config drawn) returns empty; the policy then tries another. All
 * randomness comes from the {@link SplittableRandom} given, so a mutation is reproducible.
 *
 * <p>{@code io.replicheck.explore.ScheduleStepMutator} implements it for the explorer's schedules.
 *
 * @param <S> the schedule type
 */
public interface ScheduleMutator<S> {
  /** The operators, by name (for logs, the page and replay files). */
  enum Operator {
    MOVE_FAULT("move-fault"),
    ADD_FAULT("add-fault"),
    DROP_FAULT("drop-fault"),
    RETARGET("retarget"),
    RECONFIGURE("reconfigure"),
    RESIZE_VALUES("resize-values");

    private final String label;

    Operator(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * One fault starts earlier or later (or lasts longer or shorter), still not overlapping another.
   */
  Optional<S> moveFault(S schedule, SplittableRandom random);

  /** One more fault, drawn as a fresh schedule would draw it, where the timeline has room. */
  Optional<S> addFault(S schedule, SplittableRandom random);

  /** One fault fewer. */
  Optional<S> dropFault(S schedule, SplittableRandom random);

  /** One fault hits another target: master, middle replica, leaf replica, another link. */
  Optional<S> retarget(S schedule, SplittableRandom random);

  /** One node configuration value (repl-backlog-size, repl-diskless-sync, ...) drawn anew. */
  Optional<S> reconfigure(S schedule, SplittableRandom random);

  /** Other value sizes or key counts for the workload. */
  Optional<S> resizeValues(S schedule, SplittableRandom random);

  /** Applies one operator by name. */
  default Optional<S> apply(Operator op, S schedule, SplittableRandom random) {
    return switch (op) {
      case MOVE_FAULT -> moveFault(schedule, random);
      case ADD_FAULT -> addFault(schedule, random);
      case DROP_FAULT -> dropFault(schedule, random);
      case RETARGET -> retarget(schedule, random);
      case RECONFIGURE -> reconfigure(schedule, random);
      case RESIZE_VALUES -> resizeValues(schedule, random);
    };
  }
}
