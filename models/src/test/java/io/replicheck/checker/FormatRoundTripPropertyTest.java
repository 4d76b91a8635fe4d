package io.replicheck.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.gen.Property;
import io.replicheck.history.Event;
import io.replicheck.history.History;
import io.replicheck.history.HistoryFormat;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Simulated histories of every model survive JSONL and EDN, and check the same after the trip. */
class FormatRoundTripPropertyTest {

  private static List<Event> trip(HistoryFormat f, List<Event> events) throws Exception {
    StringWriter w = new StringWriter();
    f.write(events, w);
    List<Event> back = f.readEvents("trip", new StringReader(w.toString()));
    List<Event> out = new ArrayList<>();
    for (Event e : back) {
      out.add(
          new Event(
              e.index(),
              e.process(),
              e.type(),
              e.f(),
              e.key(),
              e.value(),
              e.time(),
              e.node(),
              e.error(),
              0));
    }
    return out;
  }

  /** JSON has no sets: a set read comes back as a list with the same elements. */
  private static List<Event> setsAsLists(List<Event> events) {
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
      out.add(e.value() instanceof Set ? e.withValue(List.copyOf((Set<?>) e.value())) : e);
    }
    return out;
  }

  @Test
  void everyModelsHistoriesRoundTripThroughJsonlAndEdn() {
    for (SimWorkload w : SimWorkload.all()) {
      Property.forAll(ConcurrentSim.plan(30))
          .tries(25)
          .seed(0x7819 + w.modelName.hashCode())
          .checkThat(
              plan -> {
                History h = ConcurrentSim.simulate(w, plan);
                try {
                  List<Event> viaEdn = trip(HistoryFormat.EDN, h.events());
                  assertThat(viaEdn).as("%s via EDN", w).isEqualTo(h.events());
                  List<Event> viaJson = trip(HistoryFormat.JSONL, h.events());
                  assertThat(viaJson).as("%s via JSONL", w).isEqualTo(setsAsLists(h.events()));
                  History again = History.of("again", viaJson);
                  assertThat(
                          LinearizabilityChecker.check(w.model(), again, SearchBudget.defaults())
                              .verdict())
                      .isEqualTo(Verdict.VALID);
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
              });
    }
  }
}
