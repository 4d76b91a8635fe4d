package io.replicheck.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import io.replicheck.history.History;
import io.replicheck.history.HistoryFormat;
import io.replicheck.history.HistoryFormatException;
import io.replicheck.history.JsonlWriter;
import io.replicheck.model.Model;
import io.replicheck.model.Models;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history split by key on disk reads back as the same events, and checks to the same verdict,
 * counterexample and counts, whatever the number of threads, as the whole history does.
 */
class KeySpillTest {
  @TempDir Path dir;

  private Path write(List<Event> events, String name) throws Exception {
    Path f = dir.resolve(name);
    try (JsonlWriter w = JsonlWriter.gzip(f)) {
      for (Event e : events) w.write(e);
    }
    return f;
  }

  private static History synthetic(String model, int ops, int keys) {
    return SyntheticHistory.generate(new SyntheticHistory.Spec(model, ops, keys, 8, 0.05, 5L));
  }

  @Test
  void keyFilesHoldEveryClientEventOnceAsReadFromTheFile() throws Exception {
    for (String model : Models.NAMES) {
      History h = synthetic(model, 1_500, 300); // more keys than files: some files share
      Path f = write(h.events(), model + ".jsonl.gz");
      List<Event> fromFile = HistoryFormat.readFileEvents(f, null);
      try (KeySpill spill = KeySpill.split(f, null, true)) {
        List<Event> back = new ArrayList<>();
        for (int i = 0; i < spill.parts(); i++) back.addAll(spill.part(i));
        back.sort(Comparator.comparingLong(Event::index));
        assertEquals(fromFile, back, model);
        assertEquals(fromFile.size(), spill.events(), model);
        assertEquals(
            Models.guess(h.ops(), HistoryFormat.JSONL).name(),
            Models.guess(spill.functions(), HistoryFormat.JSONL).name(),
            model);
      }
    }
  }

  @Test
  void checksAsTheWholeHistoryDoesOnAnyNumberOfThreads() throws Exception {
    for (String model : List.of("register", "cas-register", "list-append", "counter", "set")) {
      History h = synthetic(model, 2_000, 40);
      Path f = write(h.events(), model + ".jsonl.gz");
      Model m = Models.byName(model);
      CheckResult whole = LinearizabilityChecker.check(m, h, SearchBudget.defaults());
      try (KeySpill spill = KeySpill.split(f, null, m.partitionsByKey())) {
        for (int threads : new int[] {1, 2, 3}) {
          CheckResult r = spill.check(m, SearchBudget.defaults(), threads);
          assertEquals(whole.verdict(), r.verdict(), model);
          assertEquals(Verdict.VALID, r.verdict(), model);
          assertEquals(whole.stats().ops(), r.stats().ops(), model);
          assertEquals(whole.stats().checkedOps(), r.stats().checkedOps(), model);
          assertEquals(whole.partitions().size(), r.partitions().size(), model);
        }
      }
    }
  }

  /**
   * Sequential register ops on keys k0..k9; key k{b} reads a value never written in round bads[b].
   */
  private static List<Event> registers(Map<Integer, Integer> bads) {
    List<Event> out = new ArrayList<>();
    long i = 0;
    for (int round = 0; round < 20; round++) {
      for (int k = 0; k < 10; k++) {
        String key = "k" + k;
        long p = k;
        out.add(
            new Event(i++, p, EventType.INVOKE, "write", key, (long) round, null, null, null, 0));
        out.add(new Event(i++, p, EventType.OK, "write", key, (long) round, null, null, null, 0));
        long read = bads.getOrDefault(k, -1) == round ? 99L : round;
        out.add(new Event(i++, p, EventType.INVOKE, "read", key, null, null, null, null, 0));
        out.add(new Event(i++, p, EventType.OK, "read", key, read, null, null, null, 0));
      }
    }
    return out;
  }

  @Test
  void theFirstInvalidKeyDecidesWhateverTheThreads() throws Exception {
    // two bad keys: the first in the history's order (k3) is reported, as for the whole history
    List<Event> events = registers(Map.of(3, 7, 8, 2));
    Path f = write(events, "bad.jsonl.gz");
    Model m = Models.byName("register");
    CheckResult whole =
        LinearizabilityChecker.check(m, History.of("t", events), SearchBudget.defaults());
    assertEquals(Verdict.INVALID, whole.verdict());
    try (KeySpill spill = KeySpill.split(f, null, true)) {
      for (int threads : new int[] {1, 2, 4}) {
        CheckResult r = spill.check(m, SearchBudget.defaults(), threads);
        assertEquals(Verdict.INVALID, r.verdict());
        assertNotNull(r.counterexample());
        assertEquals("k3", r.counterexample().key());
        assertEquals(
            whole.counterexample().op().invoke().index(), r.counterexample().op().invoke().index());
        assertEquals(4, r.partitions().size(), "k0..k3 checked, k4.. not started or dropped");
      }
    }
  }

  @Test
  void jepsensRulesAreCheckedAcrossTheWholeFile() throws Exception {
    List<Event> events = new ArrayList<>(registers(Map.of()));
    events.add(new Event(800, 1L, EventType.OK, "read", "k1", 3L, null, null, null, 0));
    Path f = write(events, "rules.jsonl.gz");
    HistoryFormatException e =
        assertThrows(HistoryFormatException.class, () -> KeySpill.split(f, null, true));
    assertTrue(e.getMessage().contains("without an outstanding invoke"), e.getMessage());
  }

  @Test
  void checkStreamsLargeJsonlFilesToTheSameOutcome() throws Exception {
    History h = synthetic("cas-register", 2_000, 30);
    Path f = write(h.events(), "big.jsonl.gz");
    assertTrue(CheckTool.streams(f, null, 0));
    assertFalse(CheckTool.streams(f, null, Long.MAX_VALUE));
    assertFalse(CheckTool.streams(dir.resolve("x.edn"), null, 0));
    CheckTool.Options o = CheckTool.Options.parse(null, null, null, false);
    CheckTool.FileOutcome whole = CheckTool.checkFile(f, o);
    CheckTool.FileOutcome streamed = CheckTool.checkStreaming(f, o);
    assertEquals(whole.model().name(), streamed.model().name());
    assertEquals(whole.result().verdict(), streamed.result().verdict());
    assertEquals(whole.result().stats().ops(), streamed.result().stats().ops());
    assertEquals(whole.result().partitions().size(), streamed.result().partitions().size());
    // multi-register does not split by key: one part, the same verdict
    History mr =
        SyntheticHistory.generate(new SyntheticHistory.Spec("multi-register", 100, 2, 3, 0, 5L));
    Path g = write(mr.events(), "mr.jsonl.gz");
    CheckTool.FileOutcome m =
        CheckTool.checkStreaming(g, CheckTool.Options.parse(null, null, 5.0, false));
    assertEquals("multi-register", m.model().name());
    assertEquals(
        CheckTool.checkFile(g, CheckTool.Options.parse(null, null, 5.0, false)).result().verdict(),
        m.result().verdict());
  }
}
