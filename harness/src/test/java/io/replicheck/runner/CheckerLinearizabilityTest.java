package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.checker.KnossosCorpus;
import io.replicheck.checker.LinearizabilityChecker;
import io.replicheck.checker.SearchBudget;
import io.replicheck.checker.Verdict;
import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import io.replicheck.history.History;
import io.replicheck.history.HistoryFormat;
import io.replicheck.history.JsonlWriter;
import io.replicheck.invariant.InvariantResult;
import io.replicheck.model.Models;
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

  /** The whole history checked in memory, as P3 did before it read the file key by key. */
  private static Verdict inMemory(List<Event> events, String model) throws Exception {
    return LinearizabilityChecker.check(
            Models.byName(model),
            History.of("h", events),
            SearchBudget.defaults().withTimeLimit(Duration.ofSeconds(20)))
        .verdict();
  }

  private static List<Integer> processes(List<Event> events) {
    return events.stream()
        .filter(e -> !e.isNemesis())
        .map(e -> ((Long) e.process()).intValue())
        .distinct()
        .toList();
  }

  @Test
  void theKnossosCorpusGetsTheSameVerdictsReadFromAFileKeyByKey() throws Exception {
    Path corpus = KnossosCorpus.locate(Path.of("")).orElseThrow();
    int compared = 0;
    for (KnossosCorpus.Case c : KnossosCorpus.cases(corpus)) {
      List<Event> events = HistoryFormat.readFileEvents(c.file(), null);
      // P3 said "not exercised" for a history without client ops before it read files too
      Verdict before =
          History.of("h", events).ops().isEmpty()
              ? Verdict.NOT_EXERCISED
              : inMemory(events, c.model());
      InvariantResult now = check(events, processes(events), c.model());
      assertThat(now.verdict()).as(c.name()).isEqualTo(before);
      if (before == Verdict.INVALID) {
        assertThat(now.details()).as(c.name()).containsKey("counterexample");
      }
      compared++;
    }
    assertThat(compared).isGreaterThan(100);
  }

  @Test
  void manyKeysGetTheSameVerdictsSplitOnDiskAsInMemory() throws Exception {
    java.util.Random random = new java.util.Random(17);
    int invalid = 0;
    for (int round = 0; round < 40; round++) {
      List<Event> h = registers(random, 12, 6, 300, round % 3 == 0);
      Verdict before = inMemory(h, "register");
      assertThat(check(h, processes(h), "register").verdict())
          .as("round " + round)
          .isEqualTo(before);
      if (before == Verdict.INVALID) invalid++;
    }
    assertThat(invalid).as("some rounds must be invalid to compare").isGreaterThan(3);
  }

  /**
   * Registers on {@code keys} keys written and read by {@code processes} concurrent processes (each
   * op on its key takes effect at once, between its invoke and completion); with {@code corrupt},
   * some reads return a value never written there.
   */
  private static List<Event> registers(
      java.util.Random random, int keys, int processes, int ops, boolean corrupt) {
    List<Event> out = new ArrayList<>();
    java.util.Map<String, Long> state = new java.util.HashMap<>();
    java.util.Map<Long, Event> open = new java.util.HashMap<>();
    java.util.Map<Long, Object> result = new java.util.HashMap<>();
    long t = 0;
    for (int i = 0; i < ops || !open.isEmpty(); ) {
      long p = random.nextInt(processes);
      Event inv = open.get(p);
      if (inv == null) {
        if (i >= ops) continue;
        i++;
        String key = "r" + random.nextInt(keys);
        boolean read = random.nextBoolean();
        Long v = read ? null : (long) random.nextInt(5);
        Event e =
            new Event(
                out.size(),
                p,
                EventType.INVOKE,
                read ? "read" : "write",
                key,
                v,
                t++,
                "n1",
                null,
                0);
        out.add(e);
        open.put(p, e);
        // the op takes effect now; its completion comes later
        if (read) {
          Object seen = state.get(key);
          if (corrupt && random.nextInt(40) == 0) seen = 99L;
          result.put(p, seen);
        } else {
          state.put(key, v);
          result.put(p, v);
        }
      } else {
        out.add(
            new Event(
                out.size(),
                p,
                EventType.OK,
                inv.f(),
                inv.key(),
                result.remove(p),
                t++,
                "n1",
                null,
                0));
        open.remove(p);
      }
    }
    return out;
  }
}
