package io.replicheck.report.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.history.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

class StalenessTest {
  private static String ev(
      int index,
      int process,
      String type,
      String f,
      String key,
      String value,
      long time,
      String node) {
    return "{\"index\":"
        + index
        + ",\"process\":"
        + process
        + ",\"type\":\""
        + type
        + "\",\"f\":\""
        + f
        + "\",\"key\":\""
        + key
        + "\",\"value\":"
        + value
        + ",\"time\":"
        + time
        + ",\"node\":\""
        + node
        + "\"}";
  }

  @Test
  void aReplicaReadMissingAcknowledgedAppendsIsStaleSinceTheEarliestAcknowledgement()
      throws Exception {
    List<Event> h =
        Histories.of(
            ev(0, 0, "invoke", "append", "l1", "1", 100, "n1"),
            ev(1, 0, "ok", "append", "l1", "1", 200, "n1"),
            ev(2, 0, "invoke", "append", "l1", "2", 300, "n1"),
            ev(3, 0, "ok", "append", "l1", "2", 400, "n1"),
            // Acknowledged after the replica read below began: not missed.
            ev(4, 0, "invoke", "append", "l1", "3", 500, "n1"),
            ev(5, 5, "invoke", "read", "l1", "null", 1000, "n2"),
            ev(6, 0, "ok", "append", "l1", "3", 1200, "n1"),
            ev(7, 5, "ok", "read", "l1", "[1]", 1300, "n2"),
            ev(8, 6, "invoke", "read", "l1", "null", 1400, "n3"),
            ev(9, 6, "ok", "read", "l1", "[1,2,3]", 1500, "n3"),
            // A read from the master is not a replica read; a read of another key misses nothing.
            ev(10, 1, "invoke", "read", "l1", "null", 1600, "n1"),
            ev(11, 1, "ok", "read", "l1", "[1,2,3]", 1700, "n1"),
            ev(12, 5, "invoke", "read", "l9", "null", 1800, "n2"),
            ev(13, 5, "ok", "read", "l9", "[]", 1900, "n2"),
            // Failed reads tell nothing.
            ev(14, 6, "invoke", "read", "l1", "null", 2000, "n3"),
            ev(15, 6, "fail", "read", "l1", "null", 2100, "n3"));
    List<DrawnOp> ops = RunReader.ops("test", h, 3000);
    // No samples: the master is the node the writes went to.
    List<Staleness.ReplicaRead> reads = Staleness.of(ops, List.of());
    assertThat(reads).extracting(r -> r.read().invokeIndex()).containsExactly(5L, 8L, 12L);
    assertThat(reads.get(0).missing()).isEqualTo(1);
    assertThat(reads.get(0).staleNanos()).isEqualTo(1000 - 400);
    assertThat(reads.get(0).stale()).isTrue();
    assertThat(reads.get(1).stale()).isFalse();
    assertThat(reads.get(1).staleNanos()).isZero();
    assertThat(reads.get(2).stale()).isFalse();

    // With samples, roles come from them: here n2 was the master when it served the read.
    List<Sample> samples =
        List.of(
            new Sample("n2", 50, "master", 0, true, 0, 0, 0),
            new Sample("n3", 50, "slave", 0, true, 1, 0, 0));
    assertThat(Staleness.of(ops, samples)).extracting(r -> r.read().node()).containsExactly("n3");
  }
}
