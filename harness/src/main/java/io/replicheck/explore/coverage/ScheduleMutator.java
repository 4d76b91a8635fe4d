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
    RESIZE_VALUES("resize-values"),
    RESHAPE("reshape"),
    RETOPOLOGY("retopology"),
    REWORK("rework"),
    TRIM("trim"),
    /** Two entries crossed ({@link #splice}); the policy applies it, never {@link #apply}. */
    SPLICE("splice"),
    /**
     * A fresh draw crossed with the entry (the fresh draw's timeline up to a cut, the entry's after
     * it, now and then its configuration or data shape); the policy applies it, never {@link
     * #apply}.
     */
    CROSS_FRESH("crossed with a fresh draw");

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

  /** Another data shape (preload, rates, value sizes), drawn as a fresh schedule draws it. */
  default Optional<S> reshape(S schedule, SplittableRandom random) {
    return Optional.empty();
  }

  /** Another topology (star, chain, mix) or number of replicas; faults re-aimed to fit it. */
  default Optional<S> retopology(S schedule, SplittableRandom random) {
    return Optional.empty();
  }

  /**
   * Another workload or number of clients: what the clients send (the commands, hence the server's
   * code paths and the stream's content) is a dimension of its own, which no other operator moves.
   */
  default Optional<S> rework(S schedule, SplittableRandom random) {
    return Optional.empty();
  }

  /**
   * A shorter run: the run phase cut between the last fault's heal (plus a second of writes after
   * it) and its length, op windows cut to fit. AFL trims its queue entries for the same reason: a
   * shorter run of the same events gives more runs per minute.
   */
  default Optional<S> trim(S schedule, SplittableRandom random) {
    return Optional.empty();
  }

  /**
   * Two schedules crossed (AFL's splicing): the first's timeline up to a cut and the second's after
   * it, and some of the second's settings; empty when nothing of the second fits.
   */
  default Optional<S> splice(S first, S second, SplittableRandom random) {
    return Optional.empty();
  }

  /** The operators {@link #apply} takes: all but {@link Operator#SPLICE}, which needs two. */
  static java.util.List<Operator> unary() {
    return java.util.Arrays.stream(Operator.values())
        .filter(o -> o != Operator.SPLICE && o != Operator.CROSS_FRESH)
        .toList();
  }

  /** Applies one operator by name ({@link Operator#SPLICE} does not apply to one schedule). */
  default Optional<S> apply(Operator op, S schedule, SplittableRandom random) {
    return switch (op) {
      case MOVE_FAULT -> moveFault(schedule, random);
      case ADD_FAULT -> addFault(schedule, random);
      case DROP_FAULT -> dropFault(schedule, random);
      case RETARGET -> retarget(schedule, random);
      case RECONFIGURE -> reconfigure(schedule, random);
      case RESIZE_VALUES -> resizeValues(schedule, random);
      case RESHAPE -> reshape(schedule, random);
      case RETOPOLOGY -> retopology(schedule, random);
      case REWORK -> rework(schedule, random);
      case TRIM -> trim(schedule, random);
      case SPLICE, CROSS_FRESH -> Optional.empty();
    };
  }
}
