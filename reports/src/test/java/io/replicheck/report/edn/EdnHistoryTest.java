package io.replicheck.report.edn;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.report.data.HistoryEvent;
import io.replicheck.report.data.RunData;
import io.replicheck.report.data.RunReader;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import us.bpsm.edn.Keyword;
import us.bpsm.edn.parser.Parseable;
import us.bpsm.edn.parser.Parser;
import us.bpsm.edn.parser.Parsers;

/** history.edn read back with edn-java, the way Jepsen-style tooling reads it. */
class EdnHistoryTest {

  private static Object parse(String edn) {
    Parseable p = Parsers.newParseable(edn);
    Parser parser = Parsers.newParser(Parsers.defaultConfiguration());
    return parser.nextValue(p);
  }

  @Test
  @SuppressWarnings("unchecked")
  void sampleHistoryRoundTripsThroughAnEdnParser() throws Exception {
    Path run = Path.of(URI.create(EdnHistoryTest.class.getResource("/runs/20261125-080500-list-append-12").toString()));
    RunData data = RunReader.read(run);
    StringBuilder out = new StringBuilder();
    EdnHistory.write(data.events(), out);
    List<Map<Keyword, Object>> ops = (List<Map<Keyword, Object>>) parse(out.toString());
    assertThat(ops).hasSize(data.events().size());
    for (int i = 0; i < ops.size(); i++) {
      Map<Keyword, Object> op = ops.get(i);
      HistoryEvent e = data.events().get(i);
      assertThat(op.get(Keyword.newKeyword("type"))).isEqualTo(Keyword.newKeyword(e.type()));
      assertThat(op.get(Keyword.newKeyword("f"))).isEqualTo(Keyword.newKeyword(e.f()));
      assertThat(op.get(Keyword.newKeyword("index"))).isEqualTo(e.index());
      assertThat(op.get(Keyword.newKeyword("time"))).isEqualTo(e.time());
      assertThat(op.get(Keyword.newKeyword("process"))).isEqualTo(e.isNemesis() ? Keyword.newKeyword("nemesis") : (Object) (long) e.process());
    }
    Map<Keyword, Object> read = ops.stream()
        .filter(o -> o.get(Keyword.newKeyword("f")).equals(Keyword.newKeyword("read")) && o.get(Keyword.newKeyword("type")).equals(Keyword.newKeyword("ok")))
        .filter(o -> !((List<?>) o.get(Keyword.newKeyword("value"))).isEmpty()).findFirst().orElseThrow();
    assertThat(read.get(Keyword.newKeyword("value"))).isInstanceOf(List.class);
    assertThat(((List<?>) read.get(Keyword.newKeyword("value"))).get(0)).isInstanceOf(Long.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void oddValuesStayReadable() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    HistoryEvent e = new HistoryEvent(3, HistoryEvent.NEMESIS, "info", "start", null,
        json.readTree("\"partition \\\"n2\\\"<->n1\\n\""), 5, null, "boom\t!");
    HistoryEvent cas = new HistoryEvent(4, 2, "invoke", "cas", "k", json.readTree("[1, 2.5, null, true, {\"a\": 1}]"), 6, "n1", null);
    StringBuilder out = new StringBuilder();
    EdnHistory.write(List.of(e, cas), out);
    List<Map<Keyword, Object>> ops = (List<Map<Keyword, Object>>) parse(out.toString());
    assertThat(ops.get(0).get(Keyword.newKeyword("value"))).isEqualTo("partition \"n2\"<->n1\n");
    assertThat(ops.get(0).get(Keyword.newKeyword("error"))).isEqualTo("boom\t!");
    assertThat((List<Object>) ops.get(1).get(Keyword.newKeyword("value"))).containsExactly(1L, 2.5, null, true, Map.of("a", 1L));
    assertThat(EdnHistory.keyword("multi register")).isEqualTo(":multi-register");
    assertThat(EdnHistory.keyword("2pc")).isEqualTo(":_2pc");
  }
}
