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
 * A command of the master's stream that fails on the replica (its data is not the master's) is
 * logged and counted as redis 7.0's afterErrorReply does: {@code == CRITICAL == This replica is
 * sending an error to its master}, and {@code unexpected_error_replies} in INFO stats. The
 * harness's P10 reads that line from every node's log.
 */
class StreamErrorLiveTest {
  @TempDir Path dir;

  @Test
  void aStreamCommandThatFailsOnTheReplicaIsLoggedAsCritical() throws Exception {
    try (ReferenceServer master = io.replicheck.server.TestServers.startNode(dir, "master");
        RespClient m = RespClient.connect(master.port());
        ReferenceServer replica =
            io.replicheck.server.TestServers.startNode(
                dir,
                "replica",
                "--replica-read-only",
                "no",
                "--replicaof",
                "127.0.0.1",
                Integer.toString(master.port()));
        RespClient r = RespClient.connect(replica.port())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> "up".equals(r.info("master_link_status")));
      // the replica diverges: a list where the master will write a string
      r.call("RPUSH", "k", "stray");
      m.call("SET", "other", "v");
      m.call("APPEND", "k", "x");
      m.call("SET", "after", "v");
      await().atMost(Duration.ofSeconds(10)).until(() -> "v".equals(r.call("GET", "after")));
      assertThat(r.info("unexpected_error_replies")).isEqualTo("1");
      assertThat(Files.readString(dir.resolve("replica/log")))
          .contains(
              "== CRITICAL == This replica is sending an error to its master: '-WRONGTYPE"
                  + " Operation against a key holding the wrong kind of value' after processing"
                  + " the command 'append'");
      assertThat(m.info("unexpected_error_replies")).isEqualTo("0");
    }
  }
}
