package io.replicheck.runner;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A fixed schedule for one run, replacing the random nemesis loop: faults start and heal at fixed
 * offsets from the start of the run phase, and each workload client runs only inside its op
 * windows, with the given share of reads. Built by {@code io.replicheck.explore}; the runner only
 * follows it.
 *
 * @param faults non-overlapping faults, in start order
 * @param ops op windows; a client with no window open waits
 */
public record RunSchedule(List<TimedFault> faults, List<OpWindow> ops) {

  public RunSchedule {
    faults = faults.stream().sorted(Comparator.comparingLong(TimedFault::atMillis)).toList();
    ops = List.copyOf(ops);
  }

  /**
   * One fault.
   *
   * @param nemesis a nemesis name ({@code io.replicheck.nemesis.Nemesis#names()})
   * @param atMillis start, from the start of the run phase
   * @param durationMillis how long before it is healed
   * @param seed seeds the nemesis's choice of target, so the fault is the same on every re-run
   */
  public record TimedFault(String nemesis, long atMillis, long durationMillis, long seed) {
    public TimedFault {
      Objects.requireNonNull(nemesis);
    }
  }

  /**
   * One client's op window.
   *
   * @param client workload client index, 0 .. clients-1
   * @param readPercent share of reads in [0, 100]; the rest are the workload's writes
   * @param ratePerSecond ops per second of this client, or 0 for as fast as it can (a bounded rate
   *     keeps histories small enough for the linearizability checker)
   */
  public record OpWindow(int client, long atMillis, long durationMillis, int readPercent, int ratePerSecond) {}

  /** The window of {@code client} open at {@code elapsedMillis}, or null. */
  public OpWindow windowAt(int client, long elapsedMillis) {
    for (OpWindow w : ops) {
      if (w.client() == client && elapsedMillis >= w.atMillis() && elapsedMillis < w.atMillis() + w.durationMillis()) return w;
    }
    return null;
  }

  /** The longest fault, which bounds how long stopping the nemesis may take. */
  public Duration longestFault() {
    return Duration.ofMillis(faults.stream().mapToLong(TimedFault::durationMillis).max().orElse(0));
  }
}
