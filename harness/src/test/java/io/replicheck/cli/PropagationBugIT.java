package io.replicheck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * clean run may be repeated only when it could not judge (never when it was invalid).
 */
class PropagationBugIT {

  private static final int ATTEMPTS = 3;

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
    List<String> seen = new ArrayList<>();
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int exit = run(3 + attempt, "--inject-bug", bug);
      JsonNode results = results();
      List<String> invalid = new ArrayList<>();
      results
          .get("invariants")
          .forEach(
              i -> {
                if (i.get("verdict").asText().equals("invalid")) invalid.add(i.get("id").asText());
              });
      seen.add("seed " + (3 + attempt) + ": " + results.get("verdict").asText() + " " + invalid);
      if (invalid.contains(invariant)) {
        assertThat(results.get("verdict").asText()).isEqualTo("invalid");
        assertThat(exit).isEqualTo(Main.EXIT_INVALID);
        return;
      }
    }
    fail("%s was not caught by %s in %d runs: %s", bug, invariant, ATTEMPTS, seen);
  }

  @Test
  void theCleanServerHoldsTheSameState() throws IOException {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int exit = run(3 + attempt);
      JsonNode results = results();
      String verdict = results.get("verdict").asText();
      assertThat(verdict).as(results.toPrettyString()).isNotEqualTo("invalid");
      JsonNode fs5 = null;
      for (JsonNode i : results.get("invariants")) if (i.get("id").asText().equals("FS5")) fs5 = i;
      assertThat(fs5).as("FS5 among the results").isNotNull();
      if (verdict.equals("valid") && fs5.get("verdict").asText().equals("valid")) {
        assertThat(exit).isEqualTo(Main.EXIT_VALID);
        return;
      }
    }
    fail("no valid run in %d attempts", ATTEMPTS);
  }

  private int run(int seed, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--store",
                store.toString(),
                "--seed",
                Integer.toString(seed),
                "--workload",
                "propagation",
                "--nemesis",
                "none",
                "--time",
                "10s"));
    args.addAll(List.of(more));
    return Main.execute(args.toArray(new String[0]));
  }

  private JsonNode results() throws IOException {
    return new ObjectMapper().readTree(store.resolve("latest").resolve("results.json").toFile());
  }
}
