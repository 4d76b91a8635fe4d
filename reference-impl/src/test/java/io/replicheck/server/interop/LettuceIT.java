package io.replicheck.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.replicheck.server.ReferenceServer;
import io.replicheck.server.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lettuce (which opens with HELLO 3) as a client of the reference server. */
class LettuceIT {
  @TempDir Path dir;

  @Test
  void lettuceWorksOverResp3() throws Exception {
    try (ReferenceServer server = TestServers.start(dir, "s.log", "--requirepass", "pw")) {
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

  @Test
  void lettucePubSubOverResp3AndResp2() throws Exception {
    try (ReferenceServer server = TestServers.start(dir, "p.log")) {
      for (ProtocolVersion version : List.of(ProtocolVersion.RESP3, ProtocolVersion.RESP2)) {
        RedisClient client =
            RedisClient.create(
                RedisURI.builder()
                    .withHost("127.0.0.1")
                    .withPort(server.port())
                    .withTimeout(Duration.ofSeconds(10))
                    .build());
        client.setOptions(ClientOptions.builder().protocolVersion(version).build());
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
            StatefulRedisConnection<String, String> pub = client.connect()) {
          sub.addListener(
              new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                  received.add(channel + "=" + message);
                }

                @Override
                public void message(String pattern, String channel, String message) {
                  received.add(pattern + ":" + channel + "=" + message);
                }
              });
          sub.sync().subscribe("news");
          sub.sync().psubscribe("n*");
          if (version == ProtocolVersion.RESP3) {
            // In RESP2 subscribed mode PING answers [pong, ""], which Lettuce returns as "".
            assertThat(sub.sync().ping()).isEqualTo("PONG");
          }
          assertThat(pub.sync().publish("news", "hi " + version)).isEqualTo(2L);
          assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("news=hi " + version);
          assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("n*:news=hi " + version);
          assertThat(pub.sync().pubsubNumsub("news")).isEqualTo(Map.of("news", 1L));
          sub.sync().unsubscribe("news");
          sub.sync().punsubscribe("n*");
          assertThat(pub.sync().publish("news", "gone")).isEqualTo(0L);
        } finally {
          client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
      }
    }
  }
}
