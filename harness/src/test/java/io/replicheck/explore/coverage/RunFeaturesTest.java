package io.replicheck.explore.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against parts of two real store folders ({@code bin/replicheck run --time 6s}, one against the
 * reference server, one against redis-server 7.0.15 with a kill and a partition).
 */
class RunFeaturesTest {
  @Test
  void aRedisServerRun() throws Exception {
    RunFeatures f = RunFeatures.read(resource("redis-run"));
    assertThat(f.problems()).isEmpty();
    assertThat(f.logLines()).isEqualTo(30 + 47 + 29);
    assertThat(f.droppedTemplates()).isZero();
    assertThat(f.features())
        .contains(
            "log:M:Full resync requested by replica <addr>",
            "log:M:Partial resynchronization request from <addr> accepted. Sending <n> bytes of backlog starting from offset <n>.",
            "log:S:Trying a partial resynchronization (request <id>:<n>).",
            "log:C:Fork CoW for RDB: current <n> MB, peak <n> MB, average <n> MB",
            "psync:master:FULLRESYNC/requested",
            "psync:master:CONTINUE",
            "psync:replica:CONTINUE",
            "psync:replica:FULLRESYNC",
            "info:master_link_status:up->down",
            "info:master_link_status:down->up",
            "moved:sync_full",
            "moved:sync_partial_ok",
            "verdict:P6:valid",
            "verdict:IS1:valid")
        // nothing that differs from run to run survives
        .noneMatch(
            s ->
                s.matches(".*[0-9a-f]{40}.*")
                    || s.matches(".*127\\.0\\.0\\.1.*")
                    || s.matches(".*\\d{4,}.*"));
  }

  @Test
  void aReferenceServerRunSharesTheRedisLinesItWritesTheSame() throws Exception {
    RunFeatures ref = RunFeatures.read(resource("reference-run"));
    RunFeatures redis = RunFeatures.read(resource("redis-run"));
    assertThat(ref.problems()).isEmpty();
    assertThat(ref.features())
        .contains(
            "log:S:Full resync from master: <id>:<n>",
            "log:M:Restored replication ID <id> and offset <n> from the RDB file",
            "psync:replica:CONTINUE",
            "verdict:FS4:valid");
    Set<String> both = new java.util.TreeSet<>(ref.features());
    both.retainAll(redis.features());
    assertThat(both)
        .contains(
            "log:S:MASTER <-> REPLICA sync: Finished with success", "psync:replica:FULLRESYNC");
  }

  @Test
  void theSameRunReadTwiceGivesTheSameFeatures() throws Exception {
    assertThat(RunFeatures.read(resource("redis-run")).features())
        .isEqualTo(RunFeatures.read(resource("redis-run")).features());
  }

  @Test
  void missingFilesAndTornLinesAreProblemsNotErrors(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("samples.jsonl"),
        "{\"node\":\"n1\",\"role\":\"master\",\"syncFull\":1}\n{\"node\":\"n1\",\"ro");
    RunFeatures f = RunFeatures.read(dir);
    assertThat(f.features()).containsExactly("moved:sync_full");
    assertThat(f.problems())
        .hasSize(3)
        .anyMatch(p -> p.contains("1 lines are not samples"))
        .anyMatch(p -> p.endsWith("results.json: missing"))
        .anyMatch(p -> p.endsWith("nodes: missing"));
  }

  static Path resource(String name) throws URISyntaxException {
    return Path.of(RunFeaturesTest.class.getResource("/coverage/" + name).toURI());
  }
}
