package io.replicheck.runner;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * A fixed schedule for one run, replacing the random nemesis loop: faults start and heal at fixed
 * offsets from the start of the drive phase, and each workload client runs only inside its op
 * windows. Built by {@code io.replicheck.explore}; the runner only follows it.
 *
 * @param faults non-overlapping faults, in start order
 * @param ops op windows; a client with no window open waits
 */
public record RunSchedule(List<ScheduledFault> faults, List<OpWindow> ops) {

  public RunSchedule {
    faults = faults.stream().sorted(Comparator.comparingLong(ScheduledFault::atMillis)).toList();
    ops = List.copyOf(ops);
  }

  /** The schedule of these steps. */
  public static RunSchedule of(List<? extends Step> steps) {
    return new RunSchedule(
        steps.stream()
            .filter(s -> s instanceof ScheduledFault)
            .map(s -> (ScheduledFault) s)
            .toList(),
        steps.stream().filter(s -> s instanceof OpWindow).map(s -> (OpWindow) s).toList());
  }

  /** The window of {@code client} open at {@code elapsedMillis}, or null. */
  public OpWindow windowAt(int client, long elapsedMillis) {
    for (OpWindow w : ops) {
      if (w.client() == client && w.openAt(elapsedMillis)) return w;
    }
    return null;
  }

  /** The longest fault, which bounds how long stopping the nemesis may take. */
  public Duration longestFault() {
    return Duration.ofMillis(
        faults.stream().mapToLong(ScheduledFault::durationMillis).max().orElse(0));
  }
}
