package io.replicheck.explore;

import io.replicheck.runner.ScheduledFault;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Fake executors for unit tests: a "bug" is a predicate over the schedule; no sockets, no
 * processes.
 */
final class FakeBugs {
  private FakeBugs() {}

  /** Invalid with {@code id} whenever {@code bug} holds, valid otherwise. */
  static ScheduleExecutor when(Predicate<Schedule> bug, String id) {
    return (s, seed) ->
        bug.test(s)
            ? new Outcome("invalid", Set.of(id), null, "fake: bug hit")
            : new Outcome("valid", Set.of(), null, "fake: fine");
  }

  /** A kill while some client writes, followed later by a partition, with at least two clients. */
  static boolean killThenPartition(Schedule s) {
    ScheduledFault kill = null;
    for (ScheduledFault f : s.faults()) {
      if (f.nemesis().equals("kill") && kill == null) kill = f;
      if (f.nemesis().equals("partition") && kill != null && f.atMillis() >= kill.endMillis()) {
        ScheduledFault k = kill;
        boolean writing =
            s.ops().stream()
                .anyMatch(o -> o.atMillis() < k.endMillis() && o.endMillis() > k.atMillis());
        return writing && s.clients() >= 2;
      }
    }
    return false;
  }

  static Outcome invalid(String id, Path dir) {
    return new Outcome("invalid", Set.of(id), dir, "fake");
  }
}
