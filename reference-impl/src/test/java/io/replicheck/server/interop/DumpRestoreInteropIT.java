package io.replicheck.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RestoreArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.replicheck.server.ReferenceServer;
import io.replicheck.server.TestServers;
import io.replicheck.testkit.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DUMP payloads both ways with redis-server 7.0: every key of a dataset of every type (and
 * HyperLogLogs, sparse and dense, and bitmaps) dumped by one server is restored into the other with
 * its expiry time, and DEBUG DIGEST agrees; payloads of values whose layout does not depend on
 * hash-table order are byte-identical.
 */
@Tag("interop") // needs redis-server 7.0
class DumpRestoreInteropIT {
  @TempDir Path tmp;

  static void fill(RedisCommands<String, String> r) {
    RdbInteropIT.fill(r);
    r.select(0);
    r.pfadd("hll:sparse", "a", "b", "c");
    for (int i = 0; i < 3000; i += 100) {
      String[] els = new String[100];
      for (int j = 0; j < 100; j++) {
        els[j] = "e" + (i + j);
      }
      r.pfadd("hll:dense", els);
      r.pfadd("hll:merged", els[0], els[1]);
    }
    r.pfcount("hll:dense");
    r.pfmerge("hll:merged", "hll:sparse");
    r.setbit("bits", 1000, 1);
    r.setbit("bits", 7, 1);
  }

  /** Every key of db 0 with its payload and expiry time (-1 none). */
  static Map<String, Object[]> dumpAll(int port) {
    Map<String, Object[]> out = new LinkedHashMap<>();
    RedisClient c = RdbInteropIT.client(port);
    try (StatefulRedisConnection<byte[], byte[]> conn = c.connect(ByteArrayCodec.INSTANCE)) {
      RedisCommands<byte[], byte[]> r = conn.sync();
      for (byte[] k : r.keys("*".getBytes(StandardCharsets.UTF_8))) {
        String key = new String(k, StandardCharsets.UTF_8);
        String enc = r.objectEncoding(k);
        out.put(key, new Object[] {r.dump(k), r.pexpiretime(k), enc});
      }
    } finally {
      c.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    return out;
  }

  static void restoreAll(int port, Map<String, Object[]> dumps) {
    RedisClient c = RdbInteropIT.client(port);
    try (StatefulRedisConnection<byte[], byte[]> conn = c.connect(ByteArrayCodec.INSTANCE)) {
      RedisCommands<byte[], byte[]> r = conn.sync();
      for (Map.Entry<String, Object[]> e : dumps.entrySet()) {
        long at = (Long) e.getValue()[1];
        RestoreArgs args = RestoreArgs.Builder.ttl(at > 0 ? at : 0).replace();
        if (at > 0) {
          args.absttl();
        }
        assertThat(
                r.restore(
                    e.getKey().getBytes(StandardCharsets.UTF_8), (byte[]) e.getValue()[0], args))
            .isEqualTo("OK");
      }
    } finally {
      c.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  static String digest(int port) {
    String[] d = new String[1];
    RdbInteropIT.with(
        port,
        r ->
            d[0] =
                r.dispatch(
                    CommandType.DEBUG,
                    new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("DIGEST")));
    return d[0];
  }

  private ReferenceServer reference(String name) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    return TestServers.start(dir, "s.log");
  }

  @Test
  void redisServerPayloadsRestoreInOursAndOursInRedisServer() throws Exception {
    try (RedisServerProcess redis =
            RedisServerProcess.redis(Files.createDirectories(tmp.resolve("a")));
        RedisServerProcess redis2 =
            RedisServerProcess.redis(Files.createDirectories(tmp.resolve("b")));
        ReferenceServer ours = reference("ours");
        ReferenceServer ours2 = reference("ours2")) {
      RdbInteropIT.with(redis.port, DumpRestoreInteropIT::fill);
      RdbInteropIT.with(ours.port(), DumpRestoreInteropIT::fill);
      // Only db 0 is dumped: the other dbs of the dataset are dropped on both.
      for (int port : new int[] {redis.port, ours.port()}) {
        RdbInteropIT.with(
            port,
            r -> {
              for (int db : new int[] {1, 5}) {
                r.select(db);
                r.flushdb();
              }
              r.select(0);
            });
      }
      String expected = digest(redis.port);
      assertThat(digest(ours.port())).isEqualTo(expected);

      Map<String, Object[]> theirs = dumpAll(redis.port);
      Map<String, Object[]> mine = dumpAll(ours.port());
      assertThat(mine.keySet()).containsExactlyInAnyOrderElementsOf(theirs.keySet());
      for (String k : theirs.keySet()) {
        String enc = (String) theirs.get(k)[2];
        if (!List.of("hashtable").contains(enc)) {
          assertThat((byte[]) mine.get(k)[0]).as(k + " (" + enc + ")").isEqualTo(theirs.get(k)[0]);
        }
      }

      restoreAll(ours2.port(), theirs);
      assertThat(digest(ours2.port())).isEqualTo(expected);
      restoreAll(redis2.port, mine);
      assertThat(digest(redis2.port)).isEqualTo(expected);
    }
  }
}
