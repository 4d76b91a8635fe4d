package io.replicheck.explore;

/** Runs one schedule against the target and reports its verdict (real runs, or a fake in tests). */
@FunctionalInterface
public interface ScheduleExecutor {

  /**
   * @param seed seeds the clients' op choices (the schedule fixes everything else)
   */
  Outcome execute(Schedule schedule, long seed);
}
