package io.replicheck.report.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvariantCounterexampleTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theLinearizabilityCheckersShapeNamesTheFailingOpByItsIndicesOnly() throws Exception {
    // As models' Counterexample.Written writes a counterexample.
    var results =
        JSON.readTree(
            "{\"invariants\":[{\"id\":\"P1\",\"verdict\":\"valid\"},{\"id\":\"P3\",\"counterexample\":{"
                + "\"key\":\"l1\",\"op\":{\"process\":3,\"f\":\"read\",\"key\":\"l1\",\"value\":[1,2,4],\"type\":\"ok\","
                + "\"invokeIndex\":40,\"completionIndex\":44,\"line\":41},"
                + "\"explanation\":\"read [1 2 4] impossible in state [1 2 3 4]\",\"states\":[\"[1 2 3 4]\",\"[1 2 4 3]\"],"
                + "\"linearized\":[{\"process\":1,\"f\":\"append\",\"value\":3,\"type\":\"ok\",\"invokeIndex\":10,\"completionIndex\":12},"
                + "{\"process\":2,\"f\":\"append\",\"value\":4,\"type\":\"info\",\"invokeIndex\":20,\"completionIndex\":null}]}}]}");
    List<InvariantCounterexample> all = InvariantCounterexample.all(results);
    assertThat(all).hasSize(1);
    InvariantCounterexample c = all.get(0);
    assertThat(c.invariant()).isEqualTo("P3");
    assertThat(c.key()).isEqualTo("l1");
    assertThat(c.ops()).containsExactly(40L, 44L);
    assertThat(c.linearized()).containsExactly(10L, 20L);
    assertThat(c.states()).containsExactly("[1 2 3 4]", "[1 2 4 3]");
    assertThat(c.explanation()).isEqualTo("read [1 2 4] impossible in state [1 2 3 4]");
    assertThat(c.written().op().line()).isEqualTo(41);
    assertThat(InvariantCounterexample.indices(results)).containsExactly(40L, 44L);
  }

  @Test
  void theCheckersWholeResultGivenAsTheCounterexampleIsReadForItsCounterexample() throws Exception {
    // check --json's whole document: per-key results hold op counts that must not read as indices.
    var results =
        JSON.readTree(
            "{\"invariants\":[{\"id\":\"P3\",\"counterexample\":{\"verdict\":\"invalid\","
                + "\"stats\":{\"ops\":900,\"checkedOps\":450},\"keys\":[{\"key\":\"l1\",\"verdict\":\"invalid\",\"ops\":300}],"
                + "\"counterexample\":{\"key\":\"l1\",\"op\":{\"process\":2,\"f\":\"read\",\"invokeIndex\":8,\"completionIndex\":9},"
                + "\"explanation\":\"x\",\"states\":[\"[1]\"],\"linearized\":[{\"invokeIndex\":1,\"completionIndex\":2}]}}}]}");
    InvariantCounterexample c = InvariantCounterexample.all(results).get(0);
    assertThat(c.ops()).containsExactly(8L, 9L);
    assertThat(c.linearized()).containsExactly(1L);
    assertThat(c.key()).isEqualTo("l1");
    assertThat(c.states()).containsExactly("[1]");
  }

  @Test
  void anotherShapeNamesNoOpAndSaysWhy() throws Exception {
    // No guessing from field names: integers elsewhere are not taken for op indices.
    var results =
        JSON.readTree(
            "{\"invariants\":[{\"id\":\"P3\",\"counterexample\":"
                + "{\"key\":\"l1\",\"opIndices\":[12,40],\"op\":{\"index\":41,\"value\":7,\"process\":3}}},"
                + "{\"id\":\"P9\",\"counterexample\":77},{\"id\":\"P2\",\"counterexample\":null}]}");
    List<InvariantCounterexample> all = InvariantCounterexample.all(results);
    assertThat(all).extracting(InvariantCounterexample::invariant).containsExactly("P3", "P9");
    assertThat(all.get(0).ops()).isEmpty();
    assertThat(all.get(0).written()).isNull();
    assertThat(all.get(0).explanation()).contains("invokeIndex");
    assertThat(all.get(1).ops()).isEmpty();
    assertThat(all.get(1).raw().asInt()).isEqualTo(77);
    assertThat(InvariantCounterexample.all(JSON.readTree("{\"invariants\":[{\"id\":\"P3\"}]}")))
        .isEmpty();
    assertThat(InvariantCounterexample.all(JSON.readTree("{}"))).isEmpty();
  }
}
