package io.replicheck.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicheck.report.data.DrawnOp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compact op columns decode, as the page's script decodes them, back to the ops. */
class OpDataTest {

  @Test
  void columnsDecodeToTheOpsInInvokeTimeOrder() throws Exception {
    long start = 5_000_000;
    List<DrawnOp> ops =
        List.of(
            TestOps.op(
                7,
                "append",
                "l1",
                10,
                12,
                "ok",
                start + 3_000_000,
                start + 4_500_000,
                "n1",
                4L,
                null),
            TestOps.op(
                2,
                "read",
                "</script><b>",
                2,
                5,
                "fail",
                start + 1_000_000,
                start + 1_250_000,
                "n1",
                null,
                "ERR"),
            TestOps.op(
                7,
                "read",
                "l1",
                13,
                -1,
                "info",
                start + 9_000_000,
                start + 20_000_000,
                "n1",
                null,
                null),
            TestOps.op(
                2,
                "append",
                null,
                6,
                8,
                "ok",
                start + 2_000_000,
                start + 2_001_000,
                "n1",
                5L,
                null));
    String json = OpData.json(ops, start, Lanes.of(ops));
    // Nothing in a key may end the script element the JSON sits in.
    assertThat(json).doesNotContain("</script").doesNotContain("<b>");
    JsonNode j = new ObjectMapper().readTree(json);
    assertThat(j.path("n").asInt()).isEqualTo(4);
    assertThat(j.path("lanes").toString()).isEqualTo("[\"p2\",\"p7\"]");
    assertThat(j.path("maxD").asLong()).isEqualTo(11_000);
    long a = 0;
    long index = 0;
    long[][] expected = {
      {1000, 250, 0, 1, 2}, {2000, 1, 0, 0, 6}, {3000, 1500, 1, 0, 10}, {9000, 11_000, 1, 2, 13}
    };
    String[] keys = {"</script><b>", "", "l1", "l1"};
    String[] fs = {"read", "append", "append", "read"};
    for (int q = 0; q < 4; q++) {
      a += j.path("a").get(q).asLong();
      index += j.path("i").get(q).asLong();
      assertThat(a).as("invoke µs of op %d", q).isEqualTo(expected[q][0]);
      assertThat(j.path("d").get(q).asLong()).isEqualTo(expected[q][1]);
      assertThat(j.path("l").get(q).asInt()).isEqualTo(expected[q][2]);
      assertThat(j.path("y").asText().charAt(q) - '0').isEqualTo((int) expected[q][3]);
      assertThat(index).isEqualTo(expected[q][4]);
      assertThat(j.path("keys").get(j.path("k").get(q).asInt()).asText()).isEqualTo(keys[q]);
      assertThat(j.path("fs").get(j.path("f").get(q).asInt()).asText()).isEqualTo(fs[q]);
      assertThat(j.path("p").get(q).asInt()).isEqualTo(expected[q][2] == 0 ? 2 : 7);
    }
  }
}
