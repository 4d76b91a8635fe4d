package io.replicheck.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InjectedBugTest {
  private static final Set<String> INVARIANTS =
      Set.of(
          "FS1", "FS2", "FS3", "FS4", "FS5", "IS1", "IS2", "IS3", "IS4", "P1", "P2", "P3", "P4",
          "P5", "P6", "P9");

  @Test
  void catalogueHasAtLeastEightUniquelyNamedBugsWithKnownInvariants() {
    assertThat(InjectedBug.values().length).isGreaterThanOrEqualTo(8);
    assertThat(Arrays.stream(InjectedBug.values()).map(InjectedBug::configName))
        .doesNotHaveDuplicates()
        .allMatch(n -> n.matches("[a-z0-9]+(-[a-z0-9]+)*"))
        .doesNotContain("none");
    for (InjectedBug b : InjectedBug.values()) {
      assertThat(b.invariants()).as(b.configName()).isNotEmpty();
      assertThat(INVARIANTS).as(b.configName()).containsAll(b.invariants());
      assertThat(b.summary()).isNotBlank();
    }
  }

  @Test
  void switchIsOffByDefaultAndTakesOneBugAtATime() {
    BugSwitch s = new BugSwitch();
    assertThat(s.configValue()).isEqualTo("none");
    for (InjectedBug b : InjectedBug.values()) {
      assertThat(s.isOn(b)).isFalse();
    }
    s.set("PSYNC-ANY-REPLID");
    assertThat(s.isOn(InjectedBug.PSYNC_ANY_REPLID)).isTrue();
    s.set("wrong-resume-offset");
    assertThat(s.isOn(InjectedBug.PSYNC_ANY_REPLID)).isFalse();
    assertThat(s.configValue()).isEqualTo("wrong-resume-offset");
    s.set("none");
    assertThat(s.active()).isEmpty();
  }

  @Test
  void unknownNameIsOneClearError() {
    BugSwitch s = BugSwitch.of(InjectedBug.NO_FLUSH_BEFORE_LOAD);
    assertThatThrownBy(() -> s.set("segfault"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown bug 'segfault'")
        .hasMessageContaining("backlog-off-by-one");
    assertThat(s.isOn(InjectedBug.NO_FLUSH_BEFORE_LOAD)).isTrue();
  }

  @Test
  void everyBugIsDocumentedWithItsInvariants() throws IOException {
    Path doc = Path.of("..", "docs", "bug-catalogue.md");
    assertThat(doc).exists();
    String text = Files.readString(doc);
    for (InjectedBug b : InjectedBug.values()) {
      assertThat(text).contains("### " + b.configName());
      String row =
          text.lines()
              .filter(l -> l.startsWith("| `" + b.configName() + "`"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no table row for " + b.configName()));
      String invariantCell = row.split("\\|")[4].trim();
      assertThat(invariantCell).as(b.configName()).isEqualTo(String.join(", ", b.invariants()));
    }
  }

  /**
   * Each bug visibly changes the PSYNC decision or none of it: the decider bugs differ somewhere.
   */
  @Test
  void deciderBugsChangeSomeDecision() {
    String a = "a".repeat(40);
    String b = "b".repeat(40);
    assertThat(PsyncDecider.decide(a, 11, a, b, 5, true, 1, 10, new BugSwitch()).isContinue())
        .isTrue();
    assertThat(
            PsyncDecider.decide(
                    a, 11, a, b, 5, true, 1, 10, BugSwitch.of(InjectedBug.BACKLOG_OFF_BY_ONE))
                .isContinue())
        .isFalse();
    String c = "c".repeat(40);
    assertThat(PsyncDecider.decide(c, 5, a, b, 5, true, 1, 10, new BugSwitch()).isContinue())
        .isFalse();
    assertThat(
            PsyncDecider.decide(
                    c, 5, a, b, 5, true, 1, 10, BugSwitch.of(InjectedBug.PSYNC_ANY_REPLID))
                .isContinue())
        .isTrue();
  }
}
