package io.replicheck.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.ReferenceServer;
import io.replicheck.server.TestServers;
import io.replicheck.testkit.RespClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node started with {@code replicaof} loads its RDB as a replica: keys whose time to live ended
 * while it was down are kept, since only its master may expire them (redis's rdbLoad drops them
 * only when iAmMaster(), and masterhost is set from the configuration before the load). Dropping
 * them lost keys the master had PERSISTed after the snapshot: the restarted replica continued with
 * PSYNC from the snapshot's offset and the PERSIST found nothing (found by the default exploration
 * of the reference server: a restarted leaf under `save 1 1`, FS1).
 */
class ReplicaStartupLoadLiveTest {
  @TempDir Path dir;

  @Test
  void aReplicaKeepsKeysWhoseTtlEndedWhileItWasDownAMasterDropsThem() throws Exception {
    Path replicaDir = dir.resolve("replica");
    Path masterDir = dir.resolve("master");
    for (Path d : new Path[] {replicaDir, masterDir}) {
      Files.createDirectories(d);
      try (ReferenceServer s = TestServers.start(d, "first.log");
          RespClient c = RespClient.connect(s.port())) {
        c.call("SET", "short", "lived", "PX", "200");
        c.call("SET", "long", "lived");
        c.call("SAVE");
      }
    }
    Thread.sleep(400); // both snapshots now hold a key whose time to live has ended
    // nothing listens on port 1: the replica stays disconnected, its dataset its own load
    try (ReferenceServer replica =
            TestServers.start(replicaDir, "second.log", "--replicaof", "127.0.0.1", "1");
        RespClient r = RespClient.connect(replica.port())) {
      assertThat(r.call("DBSIZE")).isEqualTo(2L);
      assertThat(Files.readString(replicaDir.resolve("second.log")))
          .contains("keys loaded: 2, keys expired: 0.");
    }
    // the catalogue's switch brings the old behaviour back
    try (ReferenceServer replica =
            TestServers.start(
                replicaDir,
                "third.log",
                "--replicaof",
                "127.0.0.1",
                "1",
                "--inject-bug",
                "expire-at-replica-load");
        RespClient r = RespClient.connect(replica.port())) {
      assertThat(r.call("DBSIZE")).isEqualTo(1L);
    }
    try (ReferenceServer master = TestServers.start(masterDir, "second.log");
        RespClient m = RespClient.connect(master.port())) {
      assertThat(m.call("DBSIZE")).isEqualTo(1L);
      assertThat(Files.readString(masterDir.resolve("second.log")))
          .contains("keys loaded: 1, keys expired: 1.");
    }
  }
}
