package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.checker.Verdict;
import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import io.replicheck.history.JsonlWriter;
import io.replicheck.invariant.InvariantResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** P3 over a recorded history file: no op is no evidence, and the reason says what was counted. */
class CheckerLinearizabilityTest {
  private final CheckerLinearizability p3 = new CheckerLinearizability(Duration.ofSeconds(20));
  @TempDir Path dir;

  /** P3 of the events, written as a run writes its history. */
  private InvariantResult check(List<Event> events, List<Integer> clients, String model)
      throws IOException {
    Path file = Files.createTempFile(dir, "history", ".jsonl.gz");
    try (JsonlWriter w = JsonlWriter.gzip(file)) {
      for (Event e : events) w.write(e);
    }
    return p3.check(file, clients, model, dir);
  }

  private static Event event(long index, long process, EventType type, String f, Object value) {
    return new Event(index, process, type, f, "l1", value, index * 1000, "n1", null, 0);
  }

  @Test
  void anEmptyHistoryIsNotExercised() throws IOException {
    InvariantResult r = check(List.of(), List.of(0, 1), "list-append");
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_EXERCISED);
    assertThat(r.reason()).contains("recorded no op");
    // replica readers' ops and nemesis events are not the master's: still nothing to check
    List<Event> others =
        List.of(
            event(0, 7, EventType.INVOKE, "read", null),
            event(1, 7, EventType.OK, "read", List.of()),
            new Event(
                2, Event.NEMESIS, EventType.INFO, "start", null, "pause n1", 2000L, null, null, 0));
    assertThat(check(others, List.of(0, 1), "list-append").verdict())
        .isEqualTo(Verdict.NOT_EXERCISED);
  }

  @Test
  void theListAppendCheckerSaysItComparedPairsNotStates() throws IOException {
    List<Event> h = new ArrayList<>();
    h.add(event(0, 0, EventType.INVOKE, "append", 1L));
    h.add(event(1, 0, EventType.OK, "append", 1L));
    h.add(event(2, 1, EventType.INVOKE, "read", null));
    h.add(event(3, 1, EventType.OK, "read", List.of(1L)));
    InvariantResult r = check(h, List.of(0, 1), "list-append");
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    assertThat(r.reason())
        .contains("2 ops on 1 keys", "op pairs compared")
        .doesNotContain("0 states");
    // the general search counts states
    List<Event> reg =
        List.of(event(0, 0, EventType.INVOKE, "write", 1L), event(1, 0, EventType.OK, "write", 1L));
    assertThat(check(reg, List.of(0), "register").reason()).contains("states");
  }
}
