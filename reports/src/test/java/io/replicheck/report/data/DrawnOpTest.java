package io.replicheck.report.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.history.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ops as the report draws them: models' pairing, placed in time. */
class DrawnOpTest {

  @Test
  void invokesPairWithTheNextCompletionOfTheirProcess() throws Exception {
    List<Event> h =
        Histories.of(
            "{\"index\":0,\"process\":1,\"type\":\"invoke\",\"f\":\"append\",\"key\":\"l1\",\"value\":4,\"time\":100}",
            "{\"index\":1,\"process\":2,\"type\":\"invoke\",\"f\":\"read\",\"key\":\"l1\",\"value\":null,\"time\":110}",
            "{\"index\":2,\"process\":2,\"type\":\"ok\",\"f\":\"read\",\"key\":\"l1\",\"value\":[4],\"time\":150}",
            "{\"index\":3,\"process\":1,\"type\":\"fail\",\"f\":\"append\",\"key\":\"l1\",\"value\":4,\"time\":170,\"error\":\"READONLY\"}",
            "{\"index\":4,\"process\":3,\"type\":\"invoke\",\"f\":\"append\",\"key\":\"l2\",\"value\":5,\"time\":180}");
    List<DrawnOp> ops = RunReader.ops("test", h, 500);
    assertThat(ops).hasSize(3);
    DrawnOp first = ops.get(0);
    assertThat(
            List.of(
                first.process(),
                first.f(),
                first.key(),
                first.invokeIndex(),
                first.completeIndex(),
                first.type(),
                first.invokeTime(),
                first.completeTime(),
                first.value(),
                first.error()))
        .containsExactly(1, "append", "l1", 0L, 3L, "fail", 100L, 170L, "4", "READONLY");
    assertThat(first.node()).isNull();
    assertThat(ops.get(1).type()).isEqualTo("ok");
    assertThat(ops.get(1).value()).isEqualTo("[4]");
    assertThat(ops.get(1).latencyNanos()).isEqualTo(40);
    // Never completed: unknown outcome, drawn until the end of the history.
    assertThat(ops.get(2))
        .extracting(DrawnOp::type, DrawnOp::completeTime, DrawnOp::completeIndex)
        .containsExactly("info", 500L, -1L);
  }

  @Test
  void aHistoryWithoutTimesIsDrawnOneMillisecondPerEvent() throws Exception {
    List<Event> h =
        Histories.of(
            "{\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}",
            "{\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"value\":3}");
    DrawnOp op = RunReader.ops("test", h, 0).get(0);
    assertThat(op.invokeTime()).isZero();
    assertThat(op.completeTime()).isEqualTo(1_000_000L);
  }

  @Test
  void longValuesAreShortenedForDisplay() {
    assertThat(DrawnOp.text("x".repeat(200))).hasSize(80).endsWith("…");
    assertThat(DrawnOp.text(List.of(1L, 2L))).isEqualTo("[1,2]");
    assertThat(DrawnOp.text(null)).isEmpty();
  }
}
