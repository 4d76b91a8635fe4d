package io.replicheck.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.checker.Verdict;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamErrorsTest {

  // as redis-server 7.0.15 wrote it, a replica whose list met the master's APPEND
  private static final String CRITICAL =
      "11631:S 07 Dec 2026 14:22:28.508 # == CRITICAL == This replica is sending an error to its"
          + " master: '-WRONGTYPE Operation against a key holding the wrong kind of value' after"
          + " processing the command 'append'";

  private static List<ReplicationLog.Event> parse(String node, String... lines) {
    return ReplicationLog.parse(node, List.of(lines), ZoneOffset.UTC);
  }

  @Test
  void aReplicaThatFailedAStreamCommandIsInvalidWithTheLine() {
    List<ReplicationLog.Event> events =
        parse("n2", "11631:S 07 Dec 2026 14:22:27.000 * Server initialized", CRITICAL);
    InvariantResult r = StreamErrors.check(events, 3);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.reason())
        .contains("n2 at 2026-12-07T14:22:28.508Z")
        .contains("'-WRONGTYPE")
        .contains("the command 'append'");
    assertThat(r.evidence()).hasSize(1);
  }

  @Test
  void aMasterSendingAnErrorToItsReplicaCountsToo() {
    String line =
        "7:M 07 Dec 2026 14:22:28.508 # == CRITICAL == This master is sending an error to its"
            + " replica: '-ERR unknown command' after processing the command '<unknown>'";
    assertThat(StreamErrors.check(parse("n1", line), 2).verdict()).isEqualTo(Verdict.INVALID);
  }

  @Test
  void cleanLogsAreValidAndNoLogsIsNotExercised() {
    List<ReplicationLog.Event> events =
        parse(
            "n2",
            "11631:S 07 Dec 2026 14:22:27.000 * Server initialized",
            "11631:S 07 Dec 2026 14:22:27.100 # (Non critical) Master does not understand"
                + " REPLCONF capa: -ERR x");
    assertThat(StreamErrors.check(events, 3).verdict()).isEqualTo(Verdict.VALID);
    assertThat(StreamErrors.check(List.of(), 0).verdict()).isEqualTo(Verdict.NOT_EXERCISED);
  }
}
