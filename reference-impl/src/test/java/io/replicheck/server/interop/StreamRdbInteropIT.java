package io.replicheck.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.replicheck.server.ReferenceServer;
import io.replicheck.server.TestServers;
import io.replicheck.testkit.RedisServerProcess;
import io.replicheck.testkit.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams through the RDB (STREAM_LISTPACKS_2, as redis 7.0.15 writes them) both ways: several
 * nodes, tombstones, trimmed heads, consumer groups with pending entries and consumers. After
 * loading, XINFO STREAM FULL (delivery and seen times included: they are in the file) and DEBUG
 * DIGEST must be what the saving server answered.
 */
@Tag("interop") // needs redis-server 7.0
class StreamRdbInteropIT {
  @TempDir Path tmp;

  /** XSETID, which Lettuce's CommandType lacks. */
  static final io.lettuce.core.protocol.ProtocolKeyword XSETID =
      new io.lettuce.core.protocol.ProtocolKeyword() {
        @Override
        public byte[] getBytes() {
          return "XSETID".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }

        public String name() {
          return "XSETID";
        }
      };

  static Object call(
      RedisCommands<String, String> r, io.lettuce.core.protocol.ProtocolKeyword t, String... args) {
    CommandArgs<String, String> a = new CommandArgs<>(StringCodec.UTF8);
    for (String s : args) {
      a.add(s);
    }
    return r.dispatch(t, new NestedMultiOutput<>(StringCodec.UTF8), a);
  }

  static void fill(RedisCommands<String, String> r) {
    for (int i = 1; i <= 260; i++) {
      // Two field layouts: entries with the master fields and entries without.
      if (i % 7 == 0) {
        call(r, CommandType.XADD, "big", i + "-0", "other", "v" + i, "n", Integer.toString(i));
      } else {
        call(r, CommandType.XADD, "big", i + "-0", "f", "value-" + i, "n", Integer.toString(-i));
      }
    }
    call(r, CommandType.XDEL, "big", "1-0", "150-0", "151-0");
    call(r, CommandType.XTRIM, "big", "MINID", "40");
    call(r, CommandType.XADD, "big", "300-*", "long", "x".repeat(300));
    call(r, CommandType.XGROUP, "CREATE", "big", "g1", "0");
    call(r, CommandType.XGROUP, "CREATE", "big", "g0", "$", "ENTRIESREAD", "5");
    call(r, CommandType.XREADGROUP, "GROUP", "g1", "alice", "COUNT", "3", "STREAMS", "big", ">");
    call(r, CommandType.XREADGROUP, "GROUP", "g1", "bob", "COUNT", "2", "STREAMS", "big", ">");
    call(r, CommandType.XACK, "big", "g1", "41-0");
    call(r, CommandType.XGROUP, "CREATECONSUMER", "big", "g1", "carol");
    call(r, CommandType.XADD, "small", "5-5", "a", "1");
    call(r, CommandType.XADD, "empty", "1-1", "a", "1");
    call(r, CommandType.XDEL, "empty", "1-1");
    call(r, XSETID, "empty", "9-9", "ENTRIESADDED", "12", "MAXDELETEDID", "3-0");
  }

  static Map<String, String> describe(int port) {
    Map<String, String> out = new TreeMap<>();
    RdbInteropIT.with(
        port,
        r -> {
          out.put(
              "digest",
              r.dispatch(
                  CommandType.DEBUG,
                  new StatusOutput<>(StringCodec.UTF8),
                  new CommandArgs<>(StringCodec.UTF8).add("DIGEST")));
          for (String k : List.of("big", "small", "empty")) {
            out.put(
                k, String.valueOf(call(r, CommandType.XINFO, "STREAM", k, "FULL", "COUNT", "0")));
          }
        });
    return out;
  }

  ReferenceServer ours(Path dir) throws Exception {
    return TestServers.start(dir, "s.log");
  }

  @Test
  void ourStreamsLoadInRedisServer() throws Exception {
    Path ours = Files.createDirectories(tmp.resolve("ours"));
    Path theirs = Files.createDirectories(tmp.resolve("theirs"));
    Map<String, String> expected;
    try (ReferenceServer s = ours(ours)) {
      RdbInteropIT.with(
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
    Files.copy(dump, theirs.resolve("dump.rdb"));
    try (RedisServerProcess redis = RedisServerProcess.redis(theirs)) {
      assertThat(describe(redis.port)).isEqualTo(expected);
    }
  }

  @Test
  void redisServerStreamsLoadInOurs() throws Exception {
    Path theirs = Files.createDirectories(tmp.resolve("theirs"));
    Path ours = Files.createDirectories(tmp.resolve("ours"));
    Map<String, String> expected;
    try (RedisServerProcess redis = RedisServerProcess.redis(theirs)) {
      RdbInteropIT.with(
          redis.port,
          r -> {
            fill(r);
            assertThat(r.save()).isEqualTo("OK");
          });
      expected = describe(redis.port);
    }
    Files.copy(theirs.resolve("dump.rdb"), ours.resolve("dump.rdb"));
    try (ReferenceServer s = ours(ours)) {
      assertThat(describe(s.port())).isEqualTo(expected);
    }
  }
}
