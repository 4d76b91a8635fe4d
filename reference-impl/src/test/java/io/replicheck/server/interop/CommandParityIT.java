package io.replicheck.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.ReferenceServer;
import io.replicheck.server.TestServers;
import io.replicheck.testkit.RedisServerProcess;
import io.replicheck.testkit.RespClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference server's command table against redis-server 7.0.15's: the same top-level commands
 * (COMMAND LIST, less cluster and module commands and the sets below), and for every shared command
 * the same arity, flags and first/last/step keys (COMMAND INFO).
 */
@Tag("interop") // needs redis-server
class CommandParityIT {
  /** Cluster and module commands: out of scope for a standalone server. */
  static final Set<String> CLUSTER_AND_MODULE =
      Set.of("cluster", "asking", "readonly", "readwrite", "restore-asking", "module");

  /** Commands nobody implements yet: each one is a known gap (docs/reference-server.md). */
  static final Set<String> NOT_YET = Set.of();

  @TempDir Path dir;

  @Test
  void commandListAndInfoAgreeWithRedis() throws Exception {
    Path theirs = Files.createDirectories(dir.resolve("redis"));
    Path ours = Files.createDirectories(dir.resolve("ours"));
    try (RedisServerProcess redis = RedisServerProcess.redis(theirs);
        ReferenceServer server = TestServers.start(ours, "s.log");
        RespClient r = RespClient.connect(redis.port);
        RespClient o = RespClient.connect(server.port())) {
      Set<String> redisTop = topLevel(r);
      Set<String> oursTop = topLevel(o);
      Set<String> expected = new TreeSet<>(redisTop);
      expected.removeAll(CLUSTER_AND_MODULE);
      expected.removeAll(NOT_YET);
      Set<String> missing = new TreeSet<>(expected);
      missing.removeAll(oursTop);
      Set<String> extra = new TreeSet<>(oursTop);
      extra.removeAll(redisTop);
      assertThat(missing).as("commands redis has and the reference server lacks").isEmpty();
      assertThat(extra).as("commands redis 7.0.15 does not have").isEmpty();

      Map<String, String> mismatches = new TreeMap<>();
      Set<String> shared = new TreeSet<>(redisTop);
      shared.retainAll(oursTop);
      for (String name : shared) {
        String theirsInfo = info(r, name);
        String oursInfo = info(o, name);
        if (!theirsInfo.equals(oursInfo)) {
          mismatches.put(name, "redis " + theirsInfo + " / ours " + oursInfo);
        }
      }
      assertThat(mismatches).as("COMMAND INFO: arity, flags, first/last/step").isEmpty();
    }
  }

  private static Set<String> topLevel(RespClient c) throws Exception {
    Set<String> out = new TreeSet<>();
    for (Object n : (List<?>) RespClient.text(c.call("COMMAND", "LIST"))) {
      String s = (String) n;
      if (!s.contains("|")) {
        out.add(s);
      }
    }
    return out;
  }

  /** arity, sorted flags and key positions of one command, as a comparable line. */
  private static String info(RespClient c, String name) throws Exception {
    List<?> all = (List<?>) RespClient.text(c.call("COMMAND", "INFO", name));
    List<?> e = (List<?>) all.get(0);
    List<String> flags = new ArrayList<>();
    for (Object f : (List<?>) e.get(2)) {
      flags.add(String.valueOf(f));
    }
    flags.sort(null);
    return "arity=" + e.get(1) + " flags=" + flags + " keys=" + e.get(3) + "," + e.get(4) + ","
        + e.get(5);
  }
}
