package io.replicheck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunCommandTest {
  @Test
  void parsesDurations() {
    assertThat(RunCommand.duration("--time", "30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(RunCommand.duration("--time", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(RunCommand.duration("--time", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(RunCommand.duration("--time", "1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(RunCommand.duration("--time", "7")).isEqualTo(Duration.ofSeconds(7));
    assertThatThrownBy(() -> RunCommand.duration("--time", "soon")).isInstanceOf(UserError.class)
        .hasMessageContaining("--time: 'soon' is not a duration");
  }

  @Test
  void badOptionsExitThreeWithOneLine() {
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true));
    try {
      assertThat(Main.execute("run", "--workload", "bank")).isEqualTo(Main.EXIT_ERROR);
      assertThat(Main.execute("run", "--nemesis", "meteor")).isEqualTo(Main.EXIT_ERROR);
      assertThat(Main.execute("run", "--time", "soon")).isEqualTo(Main.EXIT_ERROR);
      assertThat(Main.execute("run", "--backend", "cloud")).isEqualTo(Main.EXIT_ERROR);
      assertThat(Main.execute("run", "--no-such-option")).isEqualTo(Main.EXIT_ERROR);
    } finally {
      System.setErr(err);
    }
    String out = buf.toString();
    assertThat(out).contains("unknown workload 'bank'").contains("unknown nemesis 'meteor'")
        .contains("'soon' is not a duration").contains("unknown backend 'cloud'").contains("Unknown option");
    assertThat(out).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
