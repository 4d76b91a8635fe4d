package io.replicheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/replicheck's choice of C1 alone for a short {@code check} (docs/benchmarks.md, "Where the
 * corpus's time went"): its {@code short_check} function, taken from the launcher as it is and run
 * with bash, says yes only for {@code check} of plain files under 8 MB of text in all.
 */
class LauncherShortCheckTest {

  private static final Path LAUNCHER = Path.of("..", "bin", "replicheck");

  @TempDir Path dir;

  /** Whether {@code short_check ARGS} succeeds, run with bash in {@link #dir}. */
  private boolean shortCheck(String... args) throws IOException, InterruptedException {
    String launcher = Files.readString(LAUNCHER, StandardCharsets.UTF_8);
    int from = launcher.indexOf("short_check() {");
    int to = launcher.indexOf("\n}\n", from);
    assertThat(from).as("short_check in bin/replicheck").isNotNegative();
    assertThat(to).isPositive();
    String script =
        "set -euo pipefail\n" + launcher.substring(from, to + 3) + "short_check \"$@\"\n";
    List<String> cmd = new ArrayList<>(List.of("bash", "-c", script, "short_check"));
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("bash finished").isTrue();
    return p.exitValue() == 0;
  }

  private Path file(String name, int bytes) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, new byte[bytes]);
    return f;
  }

  @Test
  void smallHistoryFilesGetC1Alone() throws Exception {
    file("a.edn", 1000);
    file("b c.jsonl", 2000);
    assertThat(shortCheck("check", "a.edn")).isTrue();
    assertThat(shortCheck("check", "--model", "cas-register", "--json", "a.edn", "b c.jsonl"))
        .isTrue();
  }

  @Test
  void largeInputsFoldersAndOtherCommandsKeepTheDefault() throws Exception {
    file("small.edn", 1000);
    file("big.jsonl", 8 << 20);
    file("big.jsonl.gz", (1 << 20) + 1); // counts 8 times its size
    Files.createDirectory(dir.resolve("run"));
    assertThat(shortCheck("check", "big.jsonl")).isFalse();
    assertThat(shortCheck("check", "small.edn", "big.jsonl.gz")).isFalse();
    assertThat(shortCheck("check", "small.edn", "run")).isFalse();
    assertThat(shortCheck("check", "missing.edn")).isFalse();
    assertThat(shortCheck("check")).isFalse();
    assertThat(shortCheck("run", "small.edn")).isFalse();
  }
}
