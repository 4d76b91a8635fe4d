package io.replicheck.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.replicheck.checker.SyntheticHistory;
import io.replicheck.model.Models;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fast path gives Jackson's event for every line it takes, and leaves the rest to Jackson. */
class JsonlFastParserTest {

  private static Event jackson(String line) throws HistoryFormatException {
    return JsonlFormat.parseWithJackson("t", 3, 9, line);
  }

  @Test
  void recordedLinesOfEveryModelTakeTheFastPathAndMatchJackson() throws Exception {
    for (String model : Models.NAMES) {
      History h =
          SyntheticHistory.generate(new SyntheticHistory.Spec(model, 2_000, 5, 5, 0.05, 11L));
      StringWriter out = new StringWriter();
      JsonlFormat.write(h.events(), out);
      for (String line : out.toString().split("\n")) {
        Event fast = JsonlFastParser.parse(3, 9, line);
        assertNotNull(fast, model + ": the fast path should take " + line);
        assertEquals(jackson(line), fast, line);
      }
    }
  }

  @Test
  void plainLinesMatchJackson() throws Exception {
    List<String> lines =
        List.of(
            "{\"index\":7,\"process\":3,\"type\":\"ok\",\"f\":\"write\",\"key\":\"k1\",\"value\":4,\"time\":1234567,\"node\":\"n1\"}",
            "{\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start\",\"value\":{\"kill\":[\"n1\",\"n2\"],\"x\":null}}",
            "{\"process\":\"nemesis\",\"type\":\"info\"}",
            " { \"process\" : -3 , \"type\" : \":invoke\" , \"f\" : \"cas\" , \"value\" : [ 1 , -0 , true , false , null , [ ] , { } ] } ",
            "{\"process\":1,\"type\":\"fail\",\"f\":\"read\",\"value\":null,\"error\":{\"len\":2000,\"sha1\":\"ab\"},\"index\":null,\"time\":null,\"node\":null}",
            "{\"process\":999999999999999999,\"type\":\"ok\",\"f\":\"r\",\"value\":\"héllo ✓ \uD83D\uDE00\"}");
    for (String line : lines) {
      Event fast = JsonlFastParser.parse(3, 9, line);
      assertNotNull(fast, line);
      assertEquals(jackson(line), fast, line);
    }
  }

  @Test
  void unusualLinesAreLeftToJackson() {
    List<String> lines =
        List.of(
            "{\"process\":1,\"type\":\"ok\",\"f\":\"r\",\"value\":1.5}",
            "{\"process\":1,\"type\":\"ok\",\"f\":\"r\",\"value\":1e3}",
            "{\"process\":1,\"type\":\"ok\",\"f\":\"r\",\"value\":\"a\\\"b\"}",
            "{\"process\":1,\"type\":\"ok\",\"f\":\"r\",\"value\":12345678901234567890}",
            "{\"process\":1,\"type\":\"ok\",\"f\":\"r\",\"value\":007}",
            "{\"process\":1,\"type\":\"ok\",\"f\":\"r\",\"value\":1,\"value\":2}",
            "{\"process\":1,\"type\":\"ok\",\"f\":\"r\",\"value\":{\"a\":1,\"a\":2}}",
            "{\"process\":1,\"type\":\"ok\",\"f\":\"r\",\"extra\":1}",
            "{\"process\":1,\"type\":\"ok\",\"f\":\"r\"} trailing",
            "{\"process\":1,\"type\":\"done\",\"f\":\"r\"}",
            "{\"process\":\"n1\",\"type\":\"ok\",\"f\":\"r\"}",
            "{\"process\":1,\"type\":\"ok\",\"f\":5}",
            "{\"process\":1,\"type\":\"ok\",\"f\":\"r\",\"time\":\"soon\"}",
            "{\"process\":1,\"type\":\"ok\",\"f\":\"r\",\"node\":3}",
            "{\"process\":1,\"type\":\"ok\",\"f\":\"r\"",
            "[1,2]",
            "");
    for (String line : lines) {
      assertNull(JsonlFastParser.parse(3, 9, line), line);
    }
  }
}
