package io.replicheck.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.report.data.DrawnOp;
import java.util.List;
import org.junit.jupiter.api.Test;

class LanesTest {
  private static DrawnOp op(int process, String type, long invoke, long complete) {
    return TestOps.op(
        process,
        "read",
        "k",
        invoke,
        type.equals("info") && complete < 0 ? -1 : invoke + 1,
        type,
        invoke,
        Math.max(invoke, complete),
        "n1",
        null,
        null);
  }

  @Test
  void aProcessReplacingOneThatTimedOutTakesItsLane() {
    List<DrawnOp> ops =
        List.of(
            op(0, "ok", 10, 20),
            op(1, "ok", 11, 21),
            op(2, "ok", 12, 22),
            // p1 times out; p4 (= 1 + 3, the harness's numbering) takes over its thread.
            op(1, "info", 30, 40),
            op(4, "ok", 45, 50),
            // p0 times out too; p3 follows it, then p3 times out and p6 follows.
            op(0, "info", 31, 41),
            op(3, "ok", 46, 51),
            op(3, "info", 60, 70),
            op(6, "ok", 75, 80),
            // A process that starts while every other is alive needs a lane of its own.
            op(9, "ok", 47, 52),
            // An invoke never completed (info to the end of the history) does not retire its
            // process.
            op(2, "info", 90, -1),
            op(5, "ok", 95, 96));
    Lanes.Layout layout = Lanes.of(ops);
    assertThat(layout.processes())
        .containsExactly(List.of(0, 3, 6), List.of(1, 4), List.of(2), List.of(5), List.of(9));
    assertThat(layout.lane().get(6)).isEqualTo(0);
    assertThat(layout.lane().get(4)).isEqualTo(1);
    assertThat(layout.label(0)).isEqualTo("p0…");
    assertThat(layout.label(2)).isEqualTo("p2");
    assertThat(layout.count()).isEqualTo(5);
  }
}
