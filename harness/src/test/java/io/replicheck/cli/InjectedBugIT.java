package io.replicheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The invariants fail when the reference server runs with a bug of its catalogue switched on:
 * the same run that RunIT shows valid on the clean server comes out invalid, and the invariant
 * the catalogue names is among the ones that say so.
 */
class InjectedBugIT {

  @TempDir Path store;

  @ParameterizedTest(name = "{0} under {1} breaks {2}")
  @CsvSource({
    "drop-writes-during-snapshot, backlog-shrink, FS1",
    "fullsync-offset-zero,        backlog-shrink, P6",
    "wrong-resume-offset,         partition,      P6",
  })
  void anInjectedBugIsCaught(String bug, String nemesis, String invariant) throws IOException {
    int exit = Main.execute("run", "--store", store.toString(), "--seed", "3", "--inject-bug", bug,
        "--nemesis", nemesis, "--time", "12s", "--fault-interval", "3s", "--fault-duration", "2s");
    JsonNode results = new ObjectMapper().readTree(store.resolve("latest").resolve("results.json").toFile());
    List<String> invalid = new ArrayList<>();
    results.get("invariants").forEach(i -> {
      if (i.get("verdict").asText().equals("invalid")) invalid.add(i.get("id").asText());
    });
    assertThat(results.get("verdict").asText()).as(results.toPrettyString()).isEqualTo("invalid");
    assertThat(exit).isEqualTo(Main.EXIT_INVALID);
    assertThat(invalid).as(results.toPrettyString()).contains(invariant);
  }
}
