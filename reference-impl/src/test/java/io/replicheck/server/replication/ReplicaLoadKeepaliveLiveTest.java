package io.replicheck.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.replicheck.server.ReferenceServer;
import io.replicheck.testkit.RespClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica whose snapshot load outlasts its master's repl-timeout stays attached: while loading it
 * sends its master a newline about once a second, which the master counts as an ACK (redis's
 * replicationSendNewlineToMaster). Without it the master drops the replica as timed out, and the
 * replica full-syncs again and again (found by a one-hour run with a 300k-key dataset).
 */
class ReplicaLoadKeepaliveLiveTest {
  @TempDir Path dir;

  private ReferenceServer start(String name, String... extra) throws Exception {
    return io.replicheck.server.TestServers.startNode(dir, name, extra);
  }

  @Test
  void aLoadLongerThanTheMastersReplTimeoutDoesNotDropTheReplica() throws Exception {
    int keys = 120;
    try (ReferenceServer master = start("master", "--repl-timeout", "2");
        RespClient m = RespClient.connect(master.port())) {
      String value = "v".repeat(2048);
      for (int i = 0; i < keys; i++) {
        m.call("SET", "k" + i, value);
      }
      // 50 ms a key: the load takes about 6 s, three times the master's repl-timeout.
      try (ReferenceServer replica =
              start(
                  "replica",
                  "--key-load-delay",
                  "50000",
                  "--loading-process-events-interval-bytes",
                  "1024",
                  "--replicaof",
                  "127.0.0.1",
                  Integer.toString(master.port()));
          RespClient r = RespClient.connect(replica.port())) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> "up".equals(r.info("master_link_status")));
        // Longer than repl-timeout after the load: a dropped replica would have reconnected by now.
        Thread.sleep(3_000);
        assertThat(r.info("master_link_status")).isEqualTo("up");
        assertThat(m.info("sync_full")).isEqualTo("1");
        assertThat(Files.readString(dir.resolve("master/log"))).doesNotContain("timedout replica");
        assertThat(r.call("DBSIZE")).isEqualTo((long) keys);
      }
    }
  }
}
