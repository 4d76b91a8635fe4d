package io.replicheck.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.cluster.Sentinels.Sentinel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a sentinel container runs, without Docker (SentinelContainersIT runs one). */
class SentinelContainersTest {

  @Test
  void theContainerRunsRedisServerInSentinelModeOnItsConfiguration() {
    Sentinel s = new Sentinel("s1", 26379, Path.of("/tmp/run/sentinels/s1"), "127.0.0.11");
    assertThat(SentinelContainers.command(Path.of("/usr/bin/redis-server"), s))
        .containsExactly(
            "/usr/bin/redis-server", "/tmp/run/sentinels/s1/sentinel.conf", "--sentinel");
  }

  @Test
  void itsBinaryKeepsTheNameRedisServer() {
    // Debian's redis-server links to redis-check-rdb: run by that name the binary checks RDB files
    assertThat(Sentinels.containerBinary().getFileName().toString()).isEqualTo("redis-server");
  }
}
