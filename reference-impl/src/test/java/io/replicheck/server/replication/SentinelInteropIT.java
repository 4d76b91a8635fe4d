package io.replicheck.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.testkit.RedisServerProcess;
import io.replicheck.testkit.RespClient;
import io.replicheck.testkit.SentinelProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real Redis Sentinel (Debian's redis-sentinel 7.0) managing three reference-server nodes: the
 * sentinels find the replicas (from the master's INFO) and each other (hello messages over the
 * nodes' pub/sub); when the master is killed with SIGKILL they fail over to a replica (MULTI,
 * REPLICAOF NO ONE, CONFIG REWRITE, CLIENT KILL TYPE normal/pubsub, EXEC), repoint the other
 * replica, and turn the old master into a replica when it comes back. Each node runs from a config
 * file, so CONFIG REWRITE leaves every node's role in its file.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@Tag("interop") // needs redis-sentinel (or redis-server) 7.0
class SentinelInteropIT {
  @RegisterExtension
  final StartedServers servers =
      new StartedServers("replicheck-sentinel-it", Path.of("target", "sentinel-it"));

  private static final String MASTER = "mymaster";

  private final List<SentinelProcess> sentinels = new ArrayList<>();

  /** A reference node running from {@code servers.root()/name/redis.conf}, on a given port. */
  private RedisServerProcess node(String name, int port, String... extra) throws IOException {
    Path dir = servers.root().resolve(name);
    Files.createDirectories(dir);
    Path conf = dir.resolve("redis.conf");
    if (!Files.exists(conf)) {
      Files.writeString(conf, "# " + name + " for SentinelInteropIT\nrepl-diskless-sync-delay 0\n");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    return servers.track(
        RedisServerProcess.start(
            name,
            List.of(
                java, "-Xmx256m", "-jar", TestServers.referenceJar().toString(), conf.toString()),
            dir,
            port,
            extra));
  }

  @Test
  void sentinelsFailOverReferenceNodesAndConvertTheOldMaster() throws Exception {
    int p1 = io.replicheck.testkit.Tools.freePort();
    RedisServerProcess n1 = node("n1", p1);
    RedisServerProcess n2 = node("n2", io.replicheck.testkit.Tools.freePort(), replicaOf(p1));
    RedisServerProcess n3 = node("n3", io.replicheck.testkit.Tools.freePort(), replicaOf(p1));
    await(
        "both replicas online on n1",
        30,
        () -> n1.cli("INFO", "replication").contains("connected_slaves:2"));
    try (RespClient m = n1.client()) {
      m.ok("SET", "before-failover", "v1");
    }
    for (RedisServerProcess r : List.of(n2, n3)) {
      await(r.name + " has the write", 30, () -> "v1".equals(r.cli("GET", "before-failover")));
    }

    // replica-priority 0: Sentinel never promotes n3, so the failover must pick n2.
    try (RespClient r = n3.client()) {
      r.ok("CONFIG", "SET", "replica-priority", "0");
    }
    SentinelProcess.Monitor monitor =
        new SentinelProcess.Monitor(MASTER, "127.0.0.1", p1, 2, 1000, 6000);
    for (int i = 1; i <= 3; i++) {
      sentinels.add(
          servers.track(SentinelProcess.start("s" + i, servers.root().resolve("s" + i), monitor)));
    }
    for (SentinelProcess s : sentinels) {
      await(
          s.name + " knows both replicas and the other sentinels",
          60,
          () -> healthy(s.replicas(MASTER)) == 2 && s.sentinels(MASTER).size() == 2);
    }

    // The master dies without a word: SIGKILL by its PID.
    n1.close();
    await(
        "+switch-master in a sentinel's log",
        90,
        () -> sentinels.stream().anyMatch(s -> s.log().contains("+switch-master " + MASTER)));
    String events = String.join("\n", sentinels.stream().map(SentinelProcess::log).toList());
    assertThat(events)
        .contains(
            "+sdown master " + MASTER + " 127.0.0.1 " + p1,
            "+odown master " + MASTER + " 127.0.0.1 " + p1,
            "+selected-slave slave 127.0.0.1:",
            "+promoted-slave slave 127.0.0.1:",
            "+switch-master " + MASTER + " 127.0.0.1 " + p1 + " 127.0.0.1 ");
    await(
        "every sentinel names the new master",
        30,
        () -> {
          for (SentinelProcess s : sentinels) {
            String a = s.masterAddress(MASTER);
            if (a == null
                || a.equals("127.0.0.1:" + p1)
                || !a.equals(sentinels.get(0).masterAddress(MASTER))) {
              return false;
            }
          }
          return true;
        });
    String promoted = sentinels.get(0).masterAddress(MASTER);
    int newPort = Integer.parseInt(promoted.substring(promoted.indexOf(':') + 1));
    RedisServerProcess newMaster = newPort == n2.port ? n2 : n3;
    RedisServerProcess follower = newMaster == n2 ? n3 : n2;
    assertThat(newPort).isEqualTo(n2.port);
    assertThat(newMaster.cli("INFO", "replication")).contains("role:master");
    await(
        follower.name + " follows the new master",
        60,
        () -> {
          String info = follower.cli("INFO", "replication");
          return info.contains("role:slave")
              && info.contains("master_port:" + newPort)
              && info.contains("master_link_status:up");
        });
    await(
        "the new master lists its replica",
        30,
        () ->
            newMaster
                .cli("INFO", "replication")
                .contains("slave0:ip=127.0.0.1,port=" + follower.port));
    // CONFIG REWRITE, inside Sentinel's MULTI/EXEC, left each node's role in its file.
    assertThat(Files.readString(newMaster.dir.resolve("redis.conf"))).doesNotContain("replicaof");
    assertThat(Files.readString(follower.dir.resolve("redis.conf")))
        .contains("replicaof 127.0.0.1 " + newPort);
    try (RespClient m = newMaster.client()) {
      m.ok("SET", "after-failover", "v2");
    }
    await(
        follower.name + " has the new master's write",
        30,
        () -> "v2".equals(follower.cli("GET", "after-failover")));

    // The old master comes back, on its port, as the master it was: Sentinel converts it.
    RedisServerProcess back = node("n1", p1);
    await(
        "+convert-to-slave of the old master",
        90,
        () ->
            sentinels.stream()
                .anyMatch(s -> s.log().contains("+convert-to-slave slave 127.0.0.1:" + p1)));
    await(
        "the old master replicates from the new one",
        60,
        () -> {
          String info = back.cli("INFO", "replication");
          return info.contains("role:slave")
              && info.contains("master_port:" + newPort)
              && info.contains("master_link_status:up");
        });
    await(
        "the old master has the new master's data",
        30,
        () -> "v2".equals(back.cli("GET", "after-failover")));
    assertThat(Files.readString(back.dir.resolve("redis.conf")))
        .contains("replicaof 127.0.0.1 " + newPort);
    for (SentinelProcess s : sentinels) {
      assertThat(s.masterAddress(MASTER)).isEqualTo("127.0.0.1:" + newPort);
      await(
          s.name + " sees two healthy replicas of the new master",
          60,
          () -> healthy(s.replicas(MASTER)) == 2);
    }
  }

  private static String[] replicaOf(int port) {
    return new String[] {"--replicaof", "127.0.0.1", Integer.toString(port)};
  }

  /** Replicas Sentinel sees as up (no s_down, not disconnected, link to master up). */
  private static long healthy(List<Map<String, String>> replicas) {
    return replicas.stream()
        .filter(r -> !r.getOrDefault("flags", "").contains("s_down"))
        .filter(r -> !r.getOrDefault("flags", "").contains("disconnected"))
        .filter(r -> "ok".equals(r.get("master-link-status")))
        .count();
  }

  /** Polls every 200 ms until the condition holds, failing after {@code seconds} with the logs. */
  private void await(String what, long seconds, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (Boolean.TRUE.equals(condition.call())) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        last = e; // a node or sentinel restarting: try again
      }
      Thread.sleep(200);
    }
    StringBuilder logs = new StringBuilder();
    for (SentinelProcess s : sentinels) {
      logs.append("\n--- ").append(s).append('\n').append(s.tail());
    }
    throw new AssertionError(
        "not within "
            + seconds
            + " s: "
            + what
            + (last == null ? "" : " (last error: " + last + ")")
            + logs);
  }
}
