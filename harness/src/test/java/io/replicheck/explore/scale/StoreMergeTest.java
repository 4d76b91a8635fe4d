package io.replicheck.explore.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicheck.explore.Outcome;
import io.replicheck.explore.ScheduleGen;
import io.replicheck.explore.coverage.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two shards' stores, each with runs, a corpus and a summary, merged into one. */
class StoreMergeTest {
  @TempDir Path tmp;
  private final ScheduleGen gen = new ScheduleGen(ScheduleGen.Options.defaults());
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(err, true, StandardCharsets.UTF_8);

  private static final String VERSION = "redis-7.0.15";

  /** A run folder with a results.json, as the runner leaves it. */
  private static Path run(Path store, long seed, boolean invalid) throws Exception {
    Path d = Files.createDirectories(store.resolve("20261206-120000-register-" + seed));
    Files.writeString(
        d.resolve("results.json"),
        "{\"verdict\":\""
            + (invalid ? "invalid" : "valid")
            + "\",\"invariants\":[{\"id\":\"P5\",\"verdict\":\""
            + (invalid ? "invalid" : "valid")
            + "\"}]}");
    return d;
  }

  /**
   * The store of shard {@code index} of 2 from seed 100: schedules 100+index, 102+index, the corpus
   * of {@code features} per run, and the summary.
   */
  private Path shard(int index, List<Set<String>> features, long invalidSeed) throws Exception {
    Path store = Files.createDirectories(tmp.resolve("store-" + index));
    Corpus corpus = Corpus.open(store, VERSION);
    List<Executed> done = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      long k = index + 2L * i;
      long seed = 100 + k;
      Path d = run(store, seed, seed == invalidSeed);
      corpus.observe("{\"seed\":" + seed + "}", features.get(i), d);
      Outcome o =
          new Outcome(
              seed == invalidSeed ? "invalid" : "valid",
              seed == invalidSeed ? Set.of("P5") : Set.of(),
              d,
              "fake");
      done.add(new Executed(k, seed, "reference", gen.generate(seed), o, 1000L * (i + 1)));
    }
    Path dir = ExploreSummary.createDir(store, "shard-" + index + "-of-2");
    ExploreSummary.write(
        dir,
        ExploreSummary.of(
            new ExploreSummary.Plan(List.of("reference"), 100, new Shard(index, 2), 1, 4, 600),
            done,
            2.5,
            null,
            store,
            dir));
    return store;
  }

  @Test
  void joinsRunsCorporaAndSummaries() throws Exception {
    Path a = shard(0, List.of(Set.of("log:a", "info:x"), Set.of("log:a", "log:b")), -1);
    Path b = shard(1, List.of(Set.of("log:a", "log:c"), Set.of("log:c")), 103);
    // a folder whose name the first store took already
    run(b, 100, false);
    Path out = tmp.resolve("merged");

    StoreMerge.Result r = StoreMerge.merge(List.of(a, b), out, log);

    assertThat(r.warnings()).as(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(r.renamed()).isEqualTo(1);
    assertThat(out.resolve("20261206-120000-register-100-2")).isDirectory();
    for (long seed = 100; seed < 104; seed++)
      assertThat(out.resolve("20261206-120000-register-" + seed + "/results.json")).exists();

    Corpus merged = Corpus.open(out, VERSION);
    // hits add up: log:a was in 3 runs, log:c in 2
    assertThat(merged.hitCounts())
        .containsEntry("log:a", 3L)
        .containsEntry("log:b", 1L)
        .containsEntry("log:c", 2L)
        .containsEntry("info:x", 1L)
        .hasSize(4);
    // entries: a's two (both novel), then b's first (log:c new to b); renumbered 1..3
    assertThat(merged.entries()).extracting(Corpus.Entry::id).containsExactly(1, 2, 3);
    assertThat(merged.entries().get(2).scheduleJson()).isEqualTo("{\"seed\":101}");
    assertThat(merged.entries().get(2).runDir())
        .isEqualTo(out.resolve("20261206-120000-register-101").toString());
    assertThat(r.corpora().get(VERSION)).containsExactly(4, 3);

    JsonNode s = ExploreSummary.read(r.summary());
    assertThat(s.path("schedulesRun").asInt()).isEqualTo(4);
    assertThat(s.path("verdicts").path("valid").asInt()).isEqualTo(3);
    assertThat(s.path("verdicts").path("invalid").asInt()).isEqualTo(1);
    List<Long> seeds = new ArrayList<>();
    s.path("schedules").forEach(x -> seeds.add(x.path("seed").asLong()));
    assertThat(seeds).containsExactly(100L, 101L, 102L, 103L);
    JsonNode failing = s.path("failing").get(0);
    assertThat(failing.path("seed").asLong()).isEqualTo(103);
    assertThat(failing.path("report").asText())
        .isEqualTo("../20261206-120000-register-103/report.html");
    assertThat(s.path("merged")).hasSize(2);
    assertThat(s.path("corpus").path(VERSION).path("features").asInt()).isEqualTo(4);
    Path page = r.summary().resolveSibling("explore.html");
    assertThat(page).exists();
    assertThat(Files.readString(page)).contains("shard 1/2", "20261206-120000-register-103");
    assertThat(out.resolve("index.html")).exists();
  }

  @Test
  void saysWhatIsMissingAndRefusesAFullTarget() throws Exception {
    Path a = shard(0, List.of(Set.of("log:a")), -1);
    StoreMerge.Result r = StoreMerge.merge(List.of(a), tmp.resolve("m1"), log);
    assertThat(r.warnings()).containsExactly("shard 1/2 is missing");
    assertThatThrownBy(() -> StoreMerge.merge(List.of(a), tmp.resolve("m1"), log))
        .hasMessageContaining("exists and is not empty");
    assertThatThrownBy(() -> StoreMerge.merge(List.of(a), a, log))
        .hasMessageContaining("is one of the stores");
    assertThatThrownBy(() -> StoreMerge.merge(List.of(tmp.resolve("none")), tmp.resolve("m2"), log))
        .hasMessageContaining("no store folder");
  }
}
