package io.replicheck.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.replicheck.server.ReferenceServer;
import io.replicheck.server.TestServers;
import io.replicheck.testkit.RespClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master evicting under maxmemory keeps its replica equal: the evictions reach the replica as
 * DELs, and the replica (replica-ignore-maxmemory yes, also over the limit) evicts nothing itself.
 */
class EvictionReplicationTest {
  @TempDir Path dir;
  ReferenceServer master;
  ReferenceServer replica;

  private ReferenceServer start(String name) throws Exception {
    Path d = dir.resolve(name);
    java.nio.file.Files.createDirectories(d);
    return TestServers.start(d, "server.log");
  }

  @AfterEach
  void stop() {
    if (replica != null) {
      replica.close();
    }
    if (master != null) {
      master.close();
    }
  }

  @Test
  void masterEvictionsReachTheReplicaAndTheReplicaNeverEvicts() throws Exception {
    master = start("master");
    replica = start("replica");
    try (RespClient m = RespClient.connect(master.port());
        RespClient r = RespClient.connect(replica.port())) {
      r.ok("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
      await().atMost(Duration.ofSeconds(30)).until(() -> r.info("master_link_status").equals("up"));
      long base = Long.parseLong(m.info("used_memory"));
      m.ok("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
      m.ok("CONFIG", "SET", "maxmemory", Long.toString(base + 100 * 1024));
      // The replica would evict everything if it applied its own limit.
      r.ok("CONFIG", "SET", "maxmemory", "1");
      r.ok("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
      for (int i = 0; i < 2000; i++) {
        m.ok("SET", "key:" + i, "x".repeat(100));
        if (i % 7 == 0) {
          m.str("GET", "key:" + (i / 2));
        }
      }
      long evicted = Long.parseLong(m.info("evicted_keys"));
      assertThat(evicted).isGreaterThan(0);
      assertThat(Long.parseLong(m.info("used_memory"))).isLessThanOrEqualTo(base + 100 * 1024);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> r.info("master_repl_offset").equals(m.info("master_repl_offset")));
      assertThat(r.num("DBSIZE")).isEqualTo(m.num("DBSIZE")).isLessThan(2000);
      assertThat(r.str("DEBUG", "DIGEST")).isEqualTo(m.str("DEBUG", "DIGEST"));
      assertThat(r.info("evicted_keys")).isEqualTo("0");
    }
  }
}
