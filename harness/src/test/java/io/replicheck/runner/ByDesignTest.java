package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.checker.Verdict;
import io.replicheck.cluster.ExternalCluster;
import io.replicheck.invariant.InvariantResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Convergence verdicts under a replica output buffer limit redis enforces by design. */
class ByDesignTest {
  @TempDir Path dir;

  private static final String DROP =
      "12:M 06 Dec 2026 13:20:01.123 # Client id=7 addr=127.0.0.1:40312 laddr=127.0.0.1:6379"
          + " fd=9 name= age=2 idle=0 flags=S db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0"
          + " qbuf-free=0 argv-mem=0 multi-mem=0 obl=0 oll=1 omem=8388632 tot-mem=8390000"
          + " events=r cmd=psync user=default redir=-1 resp=2 scheduled to be closed ASAP for"
          + " overcoming of output buffer limits.";

  private static final InvariantResult P6 =
      InvariantResult.invalid(
          "P6",
          "no resyncs",
          "n2 served resyncs during the settle window",
          List.of("n2 served resyncs during the settle window"));

  private ExternalCluster cluster(String masterLog) throws Exception {
    ExternalCluster c = new ExternalCluster(List.of("127.0.0.1:1", "127.0.0.1:2"), dir);
    Files.createDirectories(c.nodes().get(0).dir());
    Files.writeString(c.nodes().get(0).logFile(), masterLog);
    return c;
  }

  @Test
  void anOutputBufferDropMakesAnInvalidConvergenceVerdictNotExercised() throws Exception {
    InvariantResult r = Checks.byDesign(cluster("a line\n" + DROP + "\n"), P6, true);
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_EXERCISED);
    assertThat(r.id()).isEqualTo("P6");
    assertThat(r.reason())
        .contains("output buffer overflow", "n1:", "overcoming of output buffer limits")
        .contains("n2 served resyncs");
  }

  @Test
  void withoutTheDropTheVerdictStands() throws Exception {
    assertThat(Checks.byDesign(cluster("nothing of the kind\n"), P6, true)).isEqualTo(P6);
  }

  @Test
  void validVerdictsAndChecksNotJudgingConvergenceAreUntouched() throws Exception {
    ExternalCluster c = cluster(DROP + "\n");
    InvariantResult valid = InvariantResult.valid("P6", "no resyncs", "offsets equal");
    assertThat(Checks.byDesign(c, valid, true)).isEqualTo(valid);
    // P1 while every replica converged: a drop does not excuse different datasets
    assertThat(Checks.byDesign(c, P6, false)).isEqualTo(P6);
  }
}
