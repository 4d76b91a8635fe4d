package io.replicheck.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatsTest {

  /** A history using every field and value shape: keys, maps, sets, nested lists, nil, nemesis. */
  static List<Event> sample() {
    List<Event> e = new ArrayList<>();
    e.add(new Event(0, 0L, EventType.INVOKE, "write", "k1", 4L, 1000L, "n1", null, 0));
    e.add(new Event(1, 1L, EventType.INVOKE, "cas", "k1", List.of(4L, 5L), 1100L, "n2", null, 0));
    e.add(
        new Event(
            2,
            Event.NEMESIS,
            EventType.INFO,
            "start-partition",
            null,
            Map.of("n1", List.of("n2")),
            1150L,
            null,
            null,
            0));
    e.add(new Event(3, 0L, EventType.OK, "write", "k1", 4L, 1200L, "n1", null, 0));
    e.add(
        new Event(
            4, 1L, EventType.FAIL, "cas", "k1", List.of(4L, 5L), 1300L, "n2", "unavailable", 0));
    e.add(new Event(5, 2L, EventType.INVOKE, "read", "k1", null, 1400L, null, null, 0));
    e.add(
        new Event(
            6, 2L, EventType.INFO, "read", "k1", null, 1500L, null, List.of("timeout", 2000L), 0));
    e.add(
        new Event(
            7,
            3L,
            EventType.INVOKE,
            "txn",
            null,
            List.of(List.of("w", "x", 1L), java.util.Arrays.asList("r", "y", null)),
            1600L,
            null,
            null,
            0));
    e.add(
        new Event(
            8,
            3L,
            EventType.OK,
            "txn",
            null,
            List.of(List.of("w", "x", 1L), List.of("r", "y", 0L)),
            1700L,
            null,
            null,
            0));
    e.add(new Event(9, 4L, EventType.INVOKE, "read", "s", null, 1800L, null, null, 0));
    e.add(new Event(10, 4L, EventType.OK, "read", "s", Set.of(1L), 1900L, null, null, 0));
    e.add(new Event(11, 5L, EventType.INVOKE, "append", "l", "x 0 1 y", 2000L, null, null, 0));
    return e;
  }

  static List<Event> withoutLines(List<Event> events) {
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
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

  static String write(HistoryFormat f, List<Event> events) throws Exception {
    StringWriter w = new StringWriter();
    f.write(events, w);
    return w.toString();
  }

  @Test
  void jsonlRoundTrips() throws Exception {
    String text = write(HistoryFormat.JSONL, sample());
    assertThat(text.lines().findFirst().orElseThrow())
        .isEqualTo(
            "{\"index\":0,\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"key\":\"k1\",\"value\":4,\"time\":1000,\"node\":\"n1\"}");
    List<Event> back = HistoryFormat.JSONL.readEvents("h.jsonl", new StringReader(text));
    // sets travel as JSON arrays
    List<Event> expected = new ArrayList<>(sample());
    expected.set(10, expected.get(10).withValue(List.of(1L)));
    assertThat(withoutLines(back)).isEqualTo(expected);
    assertThat(back.get(3).line()).isEqualTo(4);
  }

  @Test
  void ednRoundTripsAndKeepsSets() throws Exception {
    String text = write(HistoryFormat.EDN, sample());
    assertThat(text)
        .startsWith("[{:index 0, :type :invoke, :f :write, :key \"k1\", :value 4, :process 0");
    assertThat(text).contains(":process :nemesis");
    List<Event> back = HistoryFormat.EDN.readEvents("h.edn", new StringReader(text));
    assertThat(withoutLines(back)).isEqualTo(sample());
    assertThat(back.get(5).line()).isEqualTo(6);
  }

  @Test
  void jsonlToEdnToJsonlIsTheIdentity() throws Exception {
    String jsonl = write(HistoryFormat.JSONL, sample());
    List<Event> viaJson = HistoryFormat.JSONL.readEvents("a", new StringReader(jsonl));
    String edn = write(HistoryFormat.EDN, viaJson);
    List<Event> viaEdn = HistoryFormat.EDN.readEvents("b", new StringReader(edn));
    assertThat(write(HistoryFormat.JSONL, viaEdn)).isEqualTo(jsonl);
  }

  @Test
  void readsKnossosStyleEdnWithKeywordsCommentsAndLists() throws Exception {
    String text =
        "; a comment\n"
            + "({:type :invoke, :f :txn, :value [[:read :x nil] [:write :y 2]], :process 3, :time 7}\n"
            + " ; between ops\n"
            + " {:type :ok, :f :txn, :value [[:read :x 0] [:write :y 2]], :process 3, :time 9}\n"
            + " {:type :info, :f :start, :process :nemesis, :value \"[:isolated {\\\"n1\\\" #{}}]\"})\n";
    History h = HistoryFormat.EDN.read("k.edn", new StringReader(text));
    assertThat(h.events()).hasSize(3);
    assertThat(h.events().get(0).line()).isEqualTo(2);
    assertThat(h.events().get(1).line()).isEqualTo(4);
    assertThat(h.events().get(1).value())
        .isEqualTo(List.of(List.of("read", "x", 0L), List.of("write", "y", 2L)));
    assertThat(h.events().get(1).time()).isEqualTo(9L);
    assertThat(h.events().get(2).isNemesis()).isTrue();
    assertThat(h.ops()).hasSize(1);
  }

  @Test
  void jsonlErrorsNameFileLineAndWhatWasExpected() {
    String text =
        "{\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}\n\n{\"process\":0,\"type\":\"okay\",\"f\":\"read\"}\n";
    assertThatThrownBy(() -> HistoryFormat.JSONL.readEvents("h.jsonl", new StringReader(text)))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessage(
            "h.jsonl:3: expected \"type\" to be one of invoke, ok, fail, info, got \"okay\"")
        .extracting(e -> ((HistoryFormatException) e).line())
        .isEqualTo(3);
    assertThatThrownBy(
            () -> HistoryFormat.JSONL.readEvents("h.jsonl", new StringReader("{\"process\":0,\n")))
        .hasMessageStartingWith("h.jsonl:1: expected one JSON object per line");
    assertThatThrownBy(() -> HistoryFormat.JSONL.readEvents("h.jsonl", new StringReader("[1,2]\n")))
        .hasMessageStartingWith("h.jsonl:1: expected a JSON object");
    assertThatThrownBy(
            () ->
                HistoryFormat.JSONL.readEvents(
                    "h.jsonl",
                    new StringReader("{\"process\":\"p1\",\"type\":\"ok\",\"f\":\"read\"}")))
        .hasMessageContaining("integer or \"nemesis\"");
  }

  @Test
  void ednErrorsNameFileLineAndWhatWasExpected() {
    String missingType =
        "[{:process 0, :type :invoke, :f :read}\n {:process 0, :f :read, :value 1}\n {:process 1}]";
    assertThatThrownBy(() -> HistoryFormat.EDN.readEvents("h.edn", new StringReader(missingType)))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessage("h.edn:2: expected :type to be :invoke, :ok, :fail or :info, got nothing");
    assertThatThrownBy(
            () ->
                HistoryFormat.EDN.readEvents(
                    "h.edn", new StringReader("[{:process 0, :type :invoke, :f :read}\n 42]")))
        .hasMessageStartingWith("h.edn:2: expected an op map");
    assertThatThrownBy(
            () ->
                HistoryFormat.EDN.readEvents(
                    "h.edn", new StringReader("\n[{:process 0, :type :invoke, :f :read}\n")))
        .hasMessage("h.edn:2: expected a closing ] for the history opened here");
    assertThatThrownBy(
            () -> HistoryFormat.EDN.readEvents("h.edn", new StringReader("[{:process 0 :type}]")))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessageStartingWith("h.edn:1: expected EDN");
  }

  @Test
  void readFileReportsMissingAndBinaryFiles(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> HistoryFormat.readFile(dir.resolve("none.edn"), null))
        .hasMessageEndingWith("none.edn: no such file");
    Path bin = dir.resolve("bin.jsonl");
    Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    assertThatThrownBy(() -> HistoryFormat.readFile(bin, null))
        .hasMessageContaining("expected UTF-8 text");
  }

  @Test
  void guessesTheFormat() {
    assertThat(HistoryFormat.guess("a.jsonl", "")).isEqualTo(HistoryFormat.JSONL);
    assertThat(HistoryFormat.guess("a.edn", "")).isEqualTo(HistoryFormat.EDN);
    assertThat(HistoryFormat.guess("etcd_000.log", "INFO  jepsen.util - 0\t:invoke\t:read\tnil\n"))
        .isEqualTo(HistoryFormat.PORCUPINE_ETCD);
    assertThat(
            HistoryFormat.guess(
                "c01-ok.txt", "{:process 0, :type :invoke, :f :get, :key \"7\", :value nil}\n"))
        .isEqualTo(HistoryFormat.PORCUPINE_KV);
    assertThat(HistoryFormat.guess("h.txt", "{\"process\":0}\n")).isEqualTo(HistoryFormat.JSONL);
    assertThatThrownBy(() -> HistoryFormat.fromId("csv"))
        .hasMessageContaining("expected jsonl, edn");
  }
}
