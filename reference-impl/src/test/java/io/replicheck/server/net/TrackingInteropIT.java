package io.replicheck.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.ReferenceServer;
import io.replicheck.server.TestServers;
import io.replicheck.testkit.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client-side caching: the reference server's transcript equals redis-server 7.0's, byte for byte.
 */
@Tag("interop") // needs redis-server
class TrackingInteropIT {
  @TempDir Path dir;

  @Test
  void trackingTranscriptEqualsRedis() throws Exception {
    Path theirs = Files.createDirectories(dir.resolve("redis"));
    Path ours = Files.createDirectories(dir.resolve("ours"));
    try (RedisServerProcess redis = RedisServerProcess.redis(theirs);
        ReferenceServer server = TestServers.start(ours, "s.log")) {
      String expected = TrackingTranscript.run(redis.port);
      assertThat(TrackingTranscript.run(server.port())).isEqualTo(expected);
    }
  }
}
