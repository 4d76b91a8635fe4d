package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.cluster.Node;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The master's view of its direct replicas' acknowledged offsets, as INFO replication gives it. */
class WaitProbeTest {

  @Test
  void readsEachDirectReplicasAcknowledgedOffsetByItsPort() {
    Node n2 = new Node("n2", "127.0.0.1", 7002, Path.of("n2"));
    Node n3 = new Node("n3", "127.0.0.1", 7003, Path.of("n3"));
    Map<String, String> info =
        Map.of(
            "role", "master",
            "connected_slaves", "3",
            "slave0", "ip=127.0.0.1,port=7002,state=online,offset=1234,lag=0",
            "slave1", "ip=127.0.0.1,port=7003,state=wait_bgsave,offset=0,lag=1",
            "slave2", "ip=127.0.0.1,port=7009,state=online,offset=99,lag=0",
            "master_repl_offset", "1300");
    assertThat(WaitProbe.ackOffsets(info, List.of(n2, n3)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("n2", 1234L, "n3", 0L));
  }
}
