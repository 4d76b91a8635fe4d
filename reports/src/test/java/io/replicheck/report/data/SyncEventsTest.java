package io.replicheck.report.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyncEventsTest {

  @Test
  void risesOfTheSyncCountersAndRoleChangesAreEvents() {
    List<Sample> samples =
        List.of(
            new Sample("n1", 10, "master", 100, true, 2, 0, 0),
            new Sample("n2", 11, "slave", 100, true, 0, 0, 0),
            // Out of order in the file: events come in time order all the same.
            new Sample("n1", 30, "master", 300, true, 2, 1, 1),
            new Sample("n1", 20, "master", 200, true, 3, 0, 0),
            new Sample("n2", 31, "master", 300, true, 0, 0, 0),
            // A restarted node's counters start again from 0: no event; -1 is "not read".
            new Sample("n1", 40, "slave", 0, true, 0, 0, -1),
            new Sample("n1", 50, "slave", 0, true, 0, 2, 0));
    assertThat(SyncEvents.of(samples))
        .containsExactly(
            new SyncEvents.SyncEvent(20, "n1", SyncEvents.Kind.FULL, 1, ""),
            new SyncEvents.SyncEvent(30, "n1", SyncEvents.Kind.PARTIAL, 1, ""),
            new SyncEvents.SyncEvent(30, "n1", SyncEvents.Kind.REFUSED, 1, ""),
            new SyncEvents.SyncEvent(31, "n2", SyncEvents.Kind.ROLE, 1, "slave → master"),
            new SyncEvents.SyncEvent(40, "n1", SyncEvents.Kind.ROLE, 1, "master → slave"),
            new SyncEvents.SyncEvent(50, "n1", SyncEvents.Kind.PARTIAL, 2, ""));
  }
}
