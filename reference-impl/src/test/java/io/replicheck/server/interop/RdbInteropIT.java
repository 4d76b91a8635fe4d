package io.replicheck.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.replicheck.server.ReferenceServer;
import io.replicheck.server.TestServers;
import io.replicheck.testkit.RedisServerProcess;
import io.replicheck.testkit.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RDB files both ways with redis-server 7.0: ours pass redis-check-rdb and load in redis-server
 * with the same keys, types, encodings, expiry times and DEBUG DIGEST; redis-server's dumps (every
 * type in small and large encodings) load in ours with the same digest.
 */
@Tag("interop") // needs redis-server and redis-tools
class RdbInteropIT {
  @TempDir Path tmp;

  static final long FAR = System.currentTimeMillis() + 86_400_000L;

  /** Every type in small and large encodings, expiries, three dbs. */
  static void fill(RedisCommands<String, String> r) {
    r.select(0);
    r.set("int", "12345");
    r.set("neg", "-987654321");
    r.set("embstr", "short string");
    r.set("raw", "r".repeat(45) + "not compressible? 0123456789");
    r.set("lzf", "abcabcabc".repeat(100));
    r.set("bigint", "9223372036854775807");
    r.rpush("list:small", "a", "b", "1", "2");
    for (int i = 0; i < 1500; i++) {
      r.rpush("list:large", "element-number-" + i);
    }
    r.rpush("list:huge", "x".repeat(20_000), "y");
    r.hset("hash:small", Map.of("f1", "v1", "f2", "2"));
    for (int i = 0; i < 200; i++) {
      r.hset("hash:large", "field" + i, "value" + i);
    }
    r.hset("hash:longvalue", "f", "v".repeat(100));
    r.sadd("set:intset", "1", "2", "3", "-5", "100000");
    r.sadd("set:strings", "a", "b", "c");
    for (int i = 0; i < 600; i++) {
      r.sadd("set:bigints", Integer.toString(i));
    }
    r.zadd("zset:small", 1, "a");
    r.zadd("zset:small", 0.1, "b");
    r.zadd("zset:small", Double.NEGATIVE_INFINITY, "c");
    r.zadd("zset:small", 1e300, "d");
    r.zadd("zset:small", -2.5, "-7");
    for (int i = 0; i < 200; i++) {
      r.zadd("zset:big", i / 3.0, "member" + i);
    }
    r.zadd("zset:longmember", 2, "m".repeat(80));
    r.pexpireat("zset:longmember", FAR + 99);
    r.set("ttl:str", "v");
    r.pexpireat("ttl:str", FAR);
    r.rpush("ttl:list", "a");
    r.pexpireat("ttl:list", FAR + 1234);
    r.select(1);
    r.set("db1", "one");
    r.hset("db1:h", "a", "b");
    r.select(5);
    r.sadd("db5:s", "z");
    r.select(0);
  }

  static RedisClient client(int port) {
    return RedisClient.create(
        RedisURI.builder()
            .withHost("127.0.0.1")
            .withPort(port)
            .withTimeout(Duration.ofSeconds(20))
            .build());
  }

  static void with(int port, Consumer<RedisCommands<String, String>> body) {
    RedisClient c = client(port);
    try (StatefulRedisConnection<String, String> conn = c.connect()) {
      body.accept(conn.sync());
    } finally {
      c.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  /** db -> key -> "type encoding pexpiretime" plus the DEBUG DIGEST. */
  static Map<String, String> describe(int port) {
    Map<String, String> out = new TreeMap<>();
    with(
        port,
        r -> {
          out.put(
              "digest",
              r.dispatch(
                  CommandType.DEBUG,
                  new StatusOutput<>(StringCodec.UTF8),
                  new CommandArgs<>(StringCodec.UTF8).add("DIGEST")));
          for (int db : new int[] {0, 1, 5}) {
            r.select(db);
            for (String k : r.keys("*")) {
              out.put(db + "/" + k, r.type(k) + " " + r.objectEncoding(k) + " " + r.pexpiretime(k));
            }
          }
        });
    return out;
  }

  @Test
  void ourDumpPassesRedisCheckRdbAndLoadsInRedisServer() throws Exception {
    Path ours = Files.createDirectories(tmp.resolve("ours"));
    Path theirs = Files.createDirectories(tmp.resolve("theirs"));
    Map<String, String> expected;
    try (ReferenceServer s = TestServers.start(ours, "s.log")) {
      with(
          s.port(),
          r -> {
            fill(r);
            assertThat(r.save()).isEqualTo("OK");
          });
      expected = describe(s.port());
    }
    Path dump = ours.resolve("dump.rdb");
    Tools.Result check =
        Tools.run(List.of(Tools.require("redis-check-rdb").toString(), dump.toString()), null, 60);
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("RDB looks OK!");
    Files.copy(dump, theirs.resolve("dump.rdb"), StandardCopyOption.REPLACE_EXISTING);
    try (RedisServerProcess redis = RedisServerProcess.redis(theirs)) {
      assertThat(describe(redis.port)).isEqualTo(expected);
    }
  }

  @Test
  void redisServerDumpLoadsInOursWithTheSameDigest() throws Exception {
    Path theirs = Files.createDirectories(tmp.resolve("theirs"));
    Path ours = Files.createDirectories(tmp.resolve("ours"));
    Map<String, String> expected;
    try (RedisServerProcess redis = RedisServerProcess.redis(theirs)) {
      with(
          redis.port,
          r -> {
            fill(r);
            assertThat(r.save()).isEqualTo("OK");
          });
      expected = describe(redis.port);
    }
    Files.copy(theirs.resolve("dump.rdb"), ours.resolve("dump.rdb"));
    try (ReferenceServer s = TestServers.start(ours, "s.log")) {
      assertThat(describe(s.port())).isEqualTo(expected);
    }
  }
}
