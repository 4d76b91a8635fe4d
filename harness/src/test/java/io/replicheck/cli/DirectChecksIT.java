package io.replicheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * FS2, FS3 and IS3 are checked directly, not only through FS1 and P6: a run of the reference server
 * with the bug of its catalogue that breaks each one comes out invalid with that invariant itself
 * among the invalid ones. The runs are list-append (FS3 and IS3 follow its values), short and
 * bounded as InjectedBugIT's.
 */
class DirectChecksIT {

  @TempDir Path store;

  @ParameterizedTest(name = "{0} under {1} breaks {2} directly")
  @CsvSource({
    "drop-writes-during-snapshot, diverge,   FS3",
    "no-flush-before-load,        diverge,   FS2",
    "wrong-resume-offset,         partition, IS3",
  })
  void theInvariantItselfCatchesTheBug(String bug, String nemesis, String invariant)
      throws IOException {
    int exit =
        Main.execute(
            "run",
            "--store",
            store.toString(),
            "--seed",
            "3",
            "--workload",
            "list-append",
            "--nemesis",
            nemesis,
            "--time",
            "12s",
            "--fault-interval",
            "3s",
            "--fault-duration",
            "2s",
            "--inject-bug",
            bug);
    JsonNode results =
        new ObjectMapper().readTree(store.resolve("latest").resolve("results.json").toFile());
    List<String> invalid = new ArrayList<>();
    results
        .get("invariants")
        .forEach(
            i -> {
              if (i.get("verdict").asText().equals("invalid")) invalid.add(i.get("id").asText());
            });
    assertThat(exit).isEqualTo(Main.EXIT_INVALID);
    assertThat(invalid).as(results.toPrettyString()).contains(invariant);
  }
}
