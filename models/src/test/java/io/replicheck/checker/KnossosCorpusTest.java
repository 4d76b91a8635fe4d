package io.replicheck.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.history.History;
import io.replicheck.history.HistoryFormat;
import io.replicheck.model.Models;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every history published with Knossos gets Knossos's verdict under the model of its folder. */
class KnossosCorpusTest {

  static Path corpus() {
    return KnossosCorpus.locate(Path.of(""))
        .orElseThrow(
            () ->
                new AssertionError(
                    "the Knossos corpus is missing: expected corpus/knossos/data in the repository (or shared/corpus/knossos/data beside it) "
                        + "(walked up from "
                        + Path.of("").toAbsolutePath()
                        + ")"));
  }

  static Stream<KnossosCorpus.Case> cases() {
    return KnossosCorpus.cases(corpus()).stream();
  }

  @Test
  void corpusHoldsEveryPublishedHistory() {
    List<KnossosCorpus.Case> all = KnossosCorpus.cases(corpus());
    assertThat(all).hasSize(122);
    assertThat(all).filteredOn(c -> c.expected() == Verdict.INVALID).hasSize(8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verdictMatchesKnossos(KnossosCorpus.Case c) throws Exception {
    History h = HistoryFormat.readFile(c.file(), HistoryFormat.EDN);
    CheckResult r =
        LinearizabilityChecker.check(
            Models.byName(c.model()),
            h,
            SearchBudget.defaults().withTimeLimit(Duration.ofSeconds(60)));
    assertThat(r.verdict()).as("%s: %s", c.name(), r.reason()).isEqualTo(c.expected());
    if (c.expected() == Verdict.INVALID) {
      assertThat(r.counterexample()).isNotNull();
      assertThat(r.counterexample().states()).isNotEmpty();
    }
  }
}
