package io.replicheck.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.checker.Verdict;
import io.replicheck.cluster.NodeExit;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeExitsTest {

  private static NodeExit exit(String node, int code) {
    return new NodeExit(node, 4242, code, Instant.parse("2026-12-07T12:00:00Z"), "last line");
  }

  @Test
  void aRunWhereEveryProcessRanIsValid() {
    InvariantResult r = NodeExits.check(List.of(), true, 3);
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    assertThat(r.reason()).contains("3 nodes");
  }

  @Test
  void aCrashIsInvalidAndNamesTheNodeTheSignalAndTheLog() {
    InvariantResult r = NodeExits.check(List.of(exit("n3", 128 + 11)), true, 3);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason()).contains("n3 (pid 4242) ended by SIGSEGV (code 139)");
    assertThat(r.evidence()).singleElement().asString().contains("last line");
  }

  @Test
  void aCleanExitNobodyAskedForIsInvalidToo() {
    InvariantResult r = NodeExits.check(List.of(exit("n2", 0)), true, 2);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason()).contains("n2 (pid 4242) exited with code 0");
  }

  @Test
  void aSigkillFromOutsideIsUnknownNotBlamedOnTheServer() {
    InvariantResult r = NodeExits.check(List.of(exit("n2", 128 + 9)), true, 2);
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.reason()).contains("OOM killer").contains("n2 (pid 4242) ended by SIGKILL");
  }

  @Test
  void aCrashBesideAnOutsideKillIsStillInvalid() {
    InvariantResult r = NodeExits.check(List.of(exit("n2", 128 + 9), exit("n3", 128 + 6)), true, 3);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.evidence()).singleElement().asString().startsWith("n3");
  }

  @Test
  void nodesTheHarnessDidNotStartAreNotExercised() {
    InvariantResult r = NodeExits.check(List.of(), false, 3);
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_EXERCISED);
  }
}
