package io.replicheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The propagation bugs of the reference server's catalogue are caught by the propagation workload:
 * a run with the bug on is invalid with FS5 (the full state, key by key) among the invariants that
 * say so, and the same run without it is valid, FS5 exercised. No fault is needed: each bug bites
 * on the command itself, so the runs use none.
 *
 * <p>As in InjectedBugIT, a bug gets a bounded number of runs (other seeds) to be caught, and the
 * clean run may be repeated only when it could not judge, never when it was invalid (BugRuns).
 */
class PropagationBugIT {

  @TempDir Path store;

  @ParameterizedTest(name = "{0} breaks {1}")
  @CsvSource({
    "expire-propagated-relative,   FS5",
    "spop-propagated-verbatim,     FS5",
    "incrbyfloat-drops-ttl,        FS5",
    "served-pop-not-propagated,    FS5",
    "function-load-not-propagated, FS5",
    "getex-persist-not-propagated, FS5",
  })
  void aPropagationBugIsCaught(String bug, String invariant) throws IOException {
    BugRuns.assertCaught(store, bug, invariant, seed -> ARGS);
  }

  @Test
  void theCleanServerHoldsTheSameState() throws IOException {
    BugRuns.assertValid(
        store,
        seed -> ARGS,
        results -> {
          JsonNode fs5 = BugRuns.invariant(results, "FS5");
          assertThat(fs5).as("FS5 among the results").isNotNull();
          return fs5.get("verdict").asText().equals("valid");
        });
  }

  private static final List<String> ARGS =
      List.of("--workload", "propagation", "--nemesis", "none", "--time", "10s");
}
