package io.replicheck.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.replicheck.server.ReferenceServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lettuce (which opens with HELLO 3) as a client of the reference server. */
class LettuceIT {
  @TempDir Path dir;

  @Test
  void lettuceWorksOverResp3() throws Exception {
    try (ReferenceServer server =
        ReferenceServer.start(
            false,
            "--port",
            "0",
            "--save",
            "",
            "--dir",
            dir.toString(),
            "--requirepass",
            "pw",
            "--logfile",
            dir.resolve("s.log").toString())) {
      RedisURI uri =
          RedisURI.builder()
              .withHost("127.0.0.1")
              .withPort(server.port())
              .withPassword("pw".toCharArray())
              .withTimeout(Duration.ofSeconds(10))
              .build();
      RedisClient client = RedisClient.create(uri);
      try (StatefulRedisConnection<String, String> conn = client.connect()) {
        RedisCommands<String, String> r = conn.sync();
        assertThat(r.ping()).isEqualTo("PONG");
        assertThat(r.set("k", "v")).isEqualTo("OK");
        assertThat(r.get("k")).isEqualTo("v");
        assertThat(r.incr("n")).isEqualTo(1L);
        r.hset("h", Map.of("a", "1", "b", "2"));
        assertThat(r.hgetall("h")).isEqualTo(Map.of("a", "1", "b", "2"));
        r.rpush("l", "x", "y");
        assertThat(r.lrange("l", 0, -1)).isEqualTo(List.of("x", "y"));
        r.sadd("s", "m");
        assertThat(r.smembers("s")).containsExactly("m");
        assertThat(r.blpop(1, "nothing")).isNull();
        assertThat(r.info("server")).contains("redis_version:7.0.15");
        r.multi();
        r.set("t", "1");
        r.incr("t");
        assertThat(r.exec().wasDiscarded()).isFalse();
        assertThat(r.get("t")).isEqualTo("2");
        assertThat(r.dbsize()).isEqualTo(6L);
      } finally {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    }
  }
}
