package io.replicheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code check}'s start-up parser ({@link CheckCommand#parse}) against picocli's parse of the same
 * arguments: whatever it accepts it must read exactly as picocli does, and everything else it must
 * leave to picocli.
 */
class CheckCommandParseTest {

  private static CheckCommand picocli(String... args) {
    CheckCommand c = new CheckCommand();
    new CommandLine(c).parseArgs(args);
    return c;
  }

  private static void assertSame(String... args) {
    CheckCommand fast = CheckCommand.parse(args);
    assertThat(fast).as(String.join(" ", args)).isNotNull();
    CheckCommand slow = picocli(args);
    assertThat(fast.model).isEqualTo(slow.model);
    assertThat(fast.format).isEqualTo(slow.format);
    assertThat(fast.timeLimit).isEqualTo(slow.timeLimit);
    assertThat(fast.json).isEqualTo(slow.json);
    assertThat(fast.files).isEqualTo(slow.files);
  }

  @Test
  void readsPlainOptionsAndFilesAsPicocliDoes() {
    assertSame("a.edn");
    assertSame("a.edn", "b/c.jsonl.gz", "run-folder");
    assertSame("--model", "cas-register", "a.edn");
    assertSame("--model=register", "--format=edn", "a", "b");
    assertSame("a.edn", "--json", "--time-limit", "2.5", "b.edn");
    assertSame("--time-limit=1e1", "--format", "porcupine-kv", "--json", "x");
  }

  @Test
  void leavesEverythingElseToPicocli() {
    for (List<String> args :
        List.of(
            List.<String>of(),
            List.of("--help"),
            List.of("-h", "a.edn"),
            List.of("--version"),
            List.of("--model", "register"),
            List.of("--model"),
            List.of("a.edn", "--model"),
            List.of("--model", "a", "--model", "b", "f"),
            List.of("--json", "--json", "f"),
            List.of("--json=true", "f"),
            List.of("--time-limit", "abc", "f"),
            List.of("--time-limit", "-1", "f"),
            List.of("--time-limit=", "f"),
            List.of("--colour", "f"),
            List.of("--", "f"),
            List.of("@args.txt"),
            List.of("-", "f"))) {
      assertThat(CheckCommand.parse(args.toArray(String[]::new)))
          .as(String.join(" ", args))
          .isNull();
    }
  }

  @Test
  void everySubcommandIsMadeUnderItsOwnName() {
    for (String name : Main.SUBCOMMANDS) {
      assertThat(new CommandLine(Main.subcommand(name)).getCommandName()).isEqualTo(name);
    }
    assertThat(Main.subcommand("no-such-command")).isNull();
    assertThat(Main.commandLine(null).getSubcommands().keySet())
        .containsExactlyElementsOf(Main.SUBCOMMANDS);
    assertThat(Main.commandLine("check").getSubcommands().keySet()).containsExactly("check");
    assertThat(Main.commandLine("help").getSubcommands().keySet())
        .containsExactlyElementsOf(Main.SUBCOMMANDS);
  }
}
