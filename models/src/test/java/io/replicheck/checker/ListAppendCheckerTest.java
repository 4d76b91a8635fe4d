package io.replicheck.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.history.History;
import io.replicheck.history.HistoryFormat;
import io.replicheck.model.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One key of a real 30 s list-append run against redis-server 7.0 (99 appends from 5 clients, 27
 * reads): a history the general search exhausted its memory on, which the list-append check decides
 * at once; and the same history with two appends swapped in one read, which it rejects.
 */
class ListAppendCheckerTest {

  private static History load(String text) throws Exception {
    Path f = Files.createTempFile("list-append", ".jsonl");
    try {
      Files.writeString(f, text);
      return HistoryFormat.readFile(f, HistoryFormat.JSONL);
    } finally {
      Files.delete(f);
    }
  }

  private static String real() throws Exception {
    return new String(
        ListAppendCheckerTest.class
            .getResourceAsStream("/histories/redis-list-append-key.jsonl")
            .readAllBytes());
  }

  @Test
  void aRealRedisHistoryIsValid() throws Exception {
    CheckResult r =
        LinearizabilityChecker.check(
            Models.byName("list-append"),
            load(real()),
            SearchBudget.defaults().withTimeLimit(Duration.ofSeconds(20)));
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void swappingTwoAppendsInOneReadIsInvalid() throws Exception {
    // the read of the first six appends, with the 5th and 6th swapped
    String bad =
        real()
            .replaceFirst(
                "\\[147707,147711,147713,147728,147729,147743\\]",
                "[147707,147711,147713,147728,147743,147729]");
    assertThat(bad).isNotEqualTo(real());
    CheckResult r =
        LinearizabilityChecker.check(
            Models.byName("list-append"), load(bad), SearchBudget.defaults());
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.counterexample().explanation()).contains("not a prefix");
  }
}
