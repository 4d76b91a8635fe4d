package io.replicheck.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.history.Event;
import io.replicheck.history.HistoryFormat;
import io.replicheck.history.JsonlFormat;
import io.replicheck.report.data.DrawnOp;
import io.replicheck.report.data.RunData;
import io.replicheck.report.data.RunReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history longer than a report draws is read streaming and thinned: one op in k by invoke, each
 * still paired with its own completion, every nemesis event kept, and the count of all ops stated.
 */
class LongHistoryThinningTest {
  @TempDir Path store;

  @Test
  void aLongHistoryIsDrawnOneOpInKWithItsCompletionsAndEveryFault() throws Exception {
    Path run = store.resolve("20261206-120000-list-append-5");
    SampleRuns.write(run, SampleRuns.Kind.VALID, 5, 6, 20_000);
    List<Event> all = HistoryFormat.readFileEvents(JsonlFormat.runHistory(run), null);
    RunData full = RunReader.read(run);
    assertThat(full.oneIn()).isEqualTo(1);
    long ops = full.ops().size();
    assertThat(ops).isGreaterThan(400);

    RunData thin = RunReader.read(run, 100);
    assertThat(thin.allOps()).isEqualTo(ops);
    assertThat(thin.oneIn()).isEqualTo((ops + 99) / 100);
    assertThat(thin.ops().size()).isBetween(90, 110);
    assertThat(thin.bands()).isEqualTo(full.bands());
    assertThat(thin.events().stream().filter(Event::isNemesis).count())
        .isEqualTo(all.stream().filter(Event::isNemesis).count());
    // each drawn op is the same op as in the full read: same invoke and same completion
    List<DrawnOp> same =
        full.ops().stream()
            .filter(o -> thin.ops().stream().anyMatch(t -> t.invokeIndex() == o.invokeIndex()))
            .toList();
    assertThat(thin.ops())
        .extracting(DrawnOp::completeIndex)
        .containsExactlyElementsOf(same.stream().map(DrawnOp::completeIndex).toList());
    assertThat(RunReport.render(run)).exists();
  }
}
