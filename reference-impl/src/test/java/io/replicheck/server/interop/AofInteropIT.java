package io.replicheck.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.sync.RedisCommands;
import io.replicheck.server.ReferenceServer;
import io.replicheck.server.TestServers;
import io.replicheck.testkit.RedisServerProcess;
import io.replicheck.testkit.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-part AOF directories both ways with redis-server 7.0: ours (base with RDB preamble, base
 * without it, incremental files) pass redis-check-aof and load in redis-server with the same keys,
 * encodings, expiry times and DEBUG DIGEST; redis-server's (after BGREWRITEAOF and more writes)
 * load in ours with the same digest.
 */
@Tag("interop") // needs redis-server and redis-check-aof
class AofInteropIT {
  @TempDir Path tmp;

  /** Writes after the rewrite: they are in the incremental file only. */
  static void more(RedisCommands<String, String> r) {
    r.select(0);
    r.set("after", "1");
    r.incrbyfloat("float", 1.5);
    r.expire("after", 100_000);
    r.rpush("list:small", "pushed");
    r.multi();
    r.hset("hash:small", "f3", "v3");
    r.srem("set:strings", "a");
    r.exec();
    r.eval(
        "redis.call('set','bylua','x'); return redis.call('del','int')",
        io.lettuce.core.ScriptOutputType.INTEGER);
    r.select(5);
    r.zadd("db5:z", 3, "c");
    r.select(0);
  }

  static void awaitRewrite(RedisCommands<String, String> r) throws InterruptedException {
    for (int i = 0; i < 1000; i++) {
      String info = r.info("persistence");
      if (info.contains("aof_rewrite_in_progress:0")
          && info.contains("aof_rewrite_scheduled:0")
          && info.contains("aof_enabled:1")) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("AOF rewrite still running after 20 s");
  }

  static void copyDir(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
  }

  private ReferenceServer ours(Path dir, String... extra) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("--appendonly", "yes"));
    args.addAll(List.of(extra));
    return TestServers.start(dir, "s.log", args.toArray(String[]::new));
  }

  private void oursLoadsInRedis(String preamble) throws Exception {
    Path ours = Files.createDirectories(tmp.resolve("ours-" + preamble));
    Path theirs = Files.createDirectories(tmp.resolve("theirs-" + preamble));
    Map<String, String> expected;
    try (ReferenceServer s = ours(ours, "--aof-use-rdb-preamble", preamble)) {
      RdbInteropIT.with(
          s.port(),
          r -> {
            RdbInteropIT.fill(r);
            r.bgrewriteaof();
            try {
              awaitRewrite(r);
            } catch (InterruptedException e) {
              throw new AssertionError(e);
            }
            more(r);
          });
      expected = RdbInteropIT.describe(s.port());
    }
    Path manifest = ours.resolve("appendonlydir").resolve("appendonly.aof.manifest");
    assertThat(Files.readString(manifest))
        .startsWith(
            "file appendonly.aof.2.base." + (preamble.equals("yes") ? "rdb" : "aof") + " seq 2");
    Tools.Result check =
        Tools.run(
            List.of(
                Tools.require("redis-server").resolveSibling("redis-check-aof").toString(),
                manifest.toString()),
            null,
            60);
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("All AOF files and manifest are valid");
    copyDir(ours.resolve("appendonlydir"), theirs.resolve("appendonlydir"));
    try (RedisServerProcess redis = RedisServerProcess.redis(theirs, "--appendonly", "yes")) {
      assertThat(RdbInteropIT.describe(redis.port)).isEqualTo(expected);
    }
  }

  @Test
  void ourAofWithRdbPreamblePassesRedisCheckAofAndLoadsInRedisServer() throws Exception {
    oursLoadsInRedis("yes");
  }

  @Test
  void ourAofWithoutPreamblePassesRedisCheckAofAndLoadsInRedisServer() throws Exception {
    oursLoadsInRedis("no");
  }

  @Test
  void redisServerAofLoadsInOursWithTheSameDigest() throws Exception {
    Path theirs = Files.createDirectories(tmp.resolve("theirs"));
    Path ours = Files.createDirectories(tmp.resolve("ours"));
    Map<String, String> expected;
    try (RedisServerProcess redis = RedisServerProcess.redis(theirs, "--appendonly", "yes")) {
      RdbInteropIT.with(
          redis.port,
          r -> {
            try {
              awaitRewrite(r); // the base redis makes at startup
              RdbInteropIT.fill(r);
              r.bgrewriteaof();
              awaitRewrite(r);
              more(r);
            } catch (InterruptedException e) {
              throw new AssertionError(e);
            }
          });
      expected = RdbInteropIT.describe(redis.port);
      redis.cli("SHUTDOWN", "NOSAVE");
    }
    copyDir(theirs.resolve("appendonlydir"), ours.resolve("appendonlydir"));
    try (ReferenceServer s = ours(ours)) {
      assertThat(RdbInteropIT.describe(s.port())).isEqualTo(expected);
    }
  }
}
