package io.replicheck.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

  private static Event ev(long i, long p, EventType t, String f, Object v) {
    return Event.of(i, p, t, f, v);
  }

  @Test
  void pairsInvokesWithCompletionsAndKeepsNemesisEventsOutOfOps() throws Exception {
    History h =
        History.of(
            "t",
            List.of(
                ev(0, 0, EventType.INVOKE, "write", 1L),
                ev(1, 1, EventType.INVOKE, "read", null),
                new Event(
                    2,
                    Event.NEMESIS,
                    EventType.INFO,
                    "start-partition",
                    null,
                    "majority",
                    null,
                    null,
                    null,
                    0),
                ev(3, 0, EventType.OK, "write", 1L),
                ev(4, 1, EventType.INFO, "read", null),
                ev(5, 2, EventType.INVOKE, "cas", List.of(1L, 2L))));
    assertThat(h.ops()).hasSize(3);
    Op w = h.ops().get(0);
    assertThat(w.isOk()).isTrue();
    assertThat(w.invokePos()).isEqualTo(0);
    assertThat(w.completionPos()).isEqualTo(3);
    assertThat(h.ops().get(1).isUnknown()).isTrue();
    Op cas = h.ops().get(2);
    assertThat(cas.completion()).isNull();
    assertThat(cas.isUnknown()).as("a missing completion is unknown").isTrue();
    assertThat(cas.completionPos()).isEqualTo(Integer.MAX_VALUE);
    assertThat(h.nemesisEvents()).isEqualTo(1);
  }

  @Test
  void aReadsValueComesFromItsCompletion() throws Exception {
    History h =
        History.of(
            "t",
            List.of(ev(0, 0, EventType.INVOKE, "read", null), ev(1, 0, EventType.OK, "read", 4L)));
    assertThat(h.ops().get(0).value()).isEqualTo(4L);
    assertThat(h.ops().get(0).input()).isNull();
  }

  @Test
  void aProcessWithAnOutstandingOpMustNotInvokeAgain() {
    List<Event> events =
        List.of(
            new Event(0, 3L, EventType.INVOKE, "read", null, null, null, null, null, 1),
            new Event(1, 3L, EventType.INVOKE, "write", null, 2L, null, null, null, 2));
    assertThatThrownBy(() -> History.of("h.edn", events))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessageContaining("h.edn:2")
        .hasMessageContaining("event 1 (line 2)")
        .hasMessageContaining("still outstanding");
    assertThat(History.violations(events)).hasSize(1);
  }

  @Test
  void aProcessThatGotInfoNeverInvokesAgain() {
    List<Event> events =
        List.of(
            ev(0, 1, EventType.INVOKE, "write", 1L),
            ev(1, 1, EventType.INFO, "write", 1L),
            ev(2, 1, EventType.INVOKE, "read", null));
    assertThatThrownBy(() -> History.of("h", events))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessageContaining("event 2")
        .hasMessageContaining("after an info");
  }

  @Test
  void completionsNeedAMatchingInvoke() {
    assertThat(History.violations(List.of(ev(0, 1, EventType.OK, "read", 1L))))
        .singleElement()
        .asString()
        .contains("without an outstanding invoke");
    assertThat(
            History.violations(
                List.of(
                    ev(0, 1, EventType.INVOKE, "read", null), ev(1, 1, EventType.OK, "write", 1L))))
        .singleElement()
        .asString()
        .contains("does not match");
  }

  @Test
  void processesAreIntegersOrTheNemesis() {
    assertThatThrownBy(
            () ->
                new Event(0, "client-1", EventType.INVOKE, "read", null, null, null, null, null, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void largeStringsAreRecordedByLengthAndHashAndStillCompareByIdentity() throws Exception {
    String big = "x".repeat(Values.MAX_RECORDED_BYTES + 1);
    Object id = Values.recorded(big);
    assertThat(id)
        .isEqualTo(
            java.util.Map.of("len", 1025L, "sha1", "dc0849dc97d2e7d5f575b1abdc5fa96d4989165f"));
    // equal strings, equal identities; a different string of the same length, another identity
    assertThat(Values.recorded(new String(big))).isEqualTo(id);
    assertThat(Values.recorded("y" + big.substring(1))).isNotEqualTo(id);
    // small values and structure stay as they are; large strings inside a list are replaced
    assertThat(Values.recorded("x".repeat(Values.MAX_RECORDED_BYTES))).isInstanceOf(String.class);
    assertThat(Values.recorded(List.of(1, big))).isEqualTo(List.of(1L, id));
    // and the identity survives a round trip through JSON Lines
    Event e = new Event(0, 1L, EventType.INVOKE, "write", null, id, null, null, null, 0);
    assertThat(JsonlFormat.read("t", new java.io.StringReader(JsonlFormat.line(e))).get(0).value())
        .isEqualTo(id);
  }
}
