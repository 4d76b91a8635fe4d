package io.replicheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Whether unpinned explore schedules draw the sentinel topology: on the process backend when a
 * Sentinel binary is on PATH; otherwise one line says it is left out, once per command.
 */
class ExploreSentinelDrawTest {

  @Test
  void leftOutWithoutABinaryOrOffTheProcessBackend() {
    assertThat(ExploreCommand.withoutSentinel("process", () -> true)).isNull();
    assertThat(ExploreCommand.withoutSentinel("process", () -> false))
        .isEqualTo("neither redis-sentinel nor redis-server is on PATH");
    assertThat(ExploreCommand.withoutSentinel("container", () -> true))
        .isEqualTo(
            "explore draws Sentinel on the process backend only (pin it with --topology sentinel)");
    // someone else's nodes: nothing to say, nothing drawn
    assertThat(ExploreCommand.withoutSentinel("external", () -> false)).isNull();
  }

  @Test
  void theCommandSaysItOnceAndDrawsNoSentinel() {
    ExploreCommand c = new ExploreCommand();
    new picocli.CommandLine(c).parseArgs("--backend", "container");
    PrintStream before = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(c.sentinelDrawn()).isFalse();
      assertThat(c.sentinelDrawn()).isFalse();
      assertThat(c.generator().options().drawSentinel()).isFalse();
    } finally {
      System.setOut(before);
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "explore: explore draws Sentinel on the process backend only (pin it with --topology"
                + " sentinel): schedules leave the sentinel topology out"
                + System.lineSeparator());
  }
}
