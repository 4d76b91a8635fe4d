package io.replicheck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Short runs of the reference server, with a bug of its catalogue switched on or clean, each given
 * a bounded number of attempts on other seeds: whether a fault meets a bug in a run of a few
 * seconds depends on timing a loaded machine does not promise (CI once saw a 12 s run with the bug
 * on come out valid). A bug must be caught by its invariant in one attempt; a clean run may be
 * repeated only when it could not judge, never when it was invalid.
 */
final class BugRuns {

  static final int ATTEMPTS = 3;
  static final int FIRST_SEED = 3;

  /** A short run with a fault about every 3 s: long enough for three or four of them. */
  static List<String> shortRun(String workload, String nemesis, String... more) {
    List<String> args = new ArrayList<>(List.of("--workload", workload, "--nemesis", nemesis));
    args.addAll(List.of(more));
    args.addAll(List.of("--time", "12s", "--fault-interval", "3s", "--fault-duration", "2s"));
    return args;
  }

  private BugRuns() {}

  /**
   * Runs {@code run --store store --seed N <args(N)> --inject-bug bug} for up to {@link #ATTEMPTS}
   * seeds until {@code invariant} says invalid; then the run's verdict must be invalid and its exit
   * {@link Main#EXIT_INVALID}.
   */
  static void assertCaught(Path store, String bug, String invariant, IntFunction<List<String>> args)
      throws IOException {
    List<String> seen = new ArrayList<>();
    for (int seed = FIRST_SEED; seed < FIRST_SEED + ATTEMPTS; seed++) {
      List<String> more = new ArrayList<>(args.apply(seed));
      more.addAll(List.of("--inject-bug", bug));
      int exit = run(store, seed, more);
      JsonNode results = results(store);
      List<String> invalid = invalid(results);
      seen.add("seed " + seed + ": " + results.get("verdict").asText() + " " + invalid);
      if (invalid.contains(invariant)) {
        assertThat(results.get("verdict").asText()).isEqualTo("invalid");
        assertThat(exit).isEqualTo(Main.EXIT_INVALID);
        return;
      }
    }
    fail("%s was not caught by %s in %d runs: %s", bug, invariant, ATTEMPTS, seen);
  }

  /**
   * Runs the clean server for up to {@link #ATTEMPTS} seeds until a run is valid and {@code judged}
   * holds of its results; no run may be invalid.
   */
  static void assertValid(Path store, IntFunction<List<String>> args, Predicate<JsonNode> judged)
      throws IOException {
    for (int seed = FIRST_SEED; seed < FIRST_SEED + ATTEMPTS; seed++) {
      int exit = run(store, seed, args.apply(seed));
      JsonNode results = results(store);
      String verdict = results.get("verdict").asText();
      assertThat(verdict).as(results.toPrettyString()).isNotEqualTo("invalid");
      if (verdict.equals("valid") && judged.test(results)) {
        assertThat(exit).isEqualTo(Main.EXIT_VALID);
        return;
      }
    }
    fail("no valid run in %d attempts", ATTEMPTS);
  }

  static int run(Path store, long seed, List<String> args) {
    List<String> all =
        new ArrayList<>(List.of("run", "--store", store.toString(), "--seed", Long.toString(seed)));
    all.addAll(args);
    return Main.execute(all.toArray(new String[0]));
  }

  /** The results.json of the store's latest run. */
  static JsonNode results(Path store) throws IOException {
    return new ObjectMapper().readTree(store.resolve("latest").resolve("results.json").toFile());
  }

  /** The ids of the invariants the results call invalid. */
  static List<String> invalid(JsonNode results) {
    List<String> out = new ArrayList<>();
    for (JsonNode i : results.get("invariants")) {
      if (i.get("verdict").asText().equals("invalid")) out.add(i.get("id").asText());
    }
    return out;
  }

  /** The verdict of one invariant in the results, or null when it is not among them. */
  static JsonNode invariant(JsonNode results, String id) {
    for (JsonNode i : results.get("invariants")) if (i.get("id").asText().equals(id)) return i;
    return null;
  }
}
