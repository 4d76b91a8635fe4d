package io.replicheck.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.replicheck.proxy.net.TcpProxy;
import io.replicheck.proxy.toxic.Direction;
import io.replicheck.proxy.toxic.ToxicSpec;
import io.replicheck.proxy.toxic.ToxicType;
import io.replicheck.testkit.RedisServerProcess;
import io.replicheck.testkit.RespClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real redis-server replication through the chaos proxy: a replica whose link to its master goes
 * through a proxy, partitioned one way, healed, reset. Needs redis-server 7.0.x on PATH.
 */
@Tag("interop") // needs redis-server
class ReplicationThroughProxyIT {
  @TempDir Path dir;
  private final List<RedisServerProcess> servers = new ArrayList<>();
  private ChaosProxyServer chaos;
  private int masterPort;
  private int replicaPort;
  private TcpProxy link;

  /** redis-server 7.0 from PATH (testkit: waits until it answers PING). */
  private int redis(String name, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("--repl-diskless-sync", "no"));
    args.addAll(List.of(extra));
    RedisServerProcess s = RedisServerProcess.redis(dir.resolve(name), args.toArray(String[]::new));
    servers.add(s);
    return s.port;
  }

  @BeforeEach
  void start() throws IOException {
    chaos = ChaosProxyServer.start("127.0.0.1", 0, 21);
    masterPort = redis("master");
    link = chaos.createProxy("repl", "127.0.0.1:0", "127.0.0.1:" + masterPort);
    replicaPort =
        redis(
            "replica",
            "--replicaof",
            "127.0.0.1",
            String.valueOf(link.listenPort()),
            "--repl-timeout",
            "60");
    awaitValue("k0", null);
  }

  @AfterEach
  void stop() {
    if (chaos != null) chaos.close();
    servers.forEach(RedisServerProcess::close);
  }

  private String get(int port, String key) throws IOException {
    try (RespClient r = RespClient.connect(port)) {
      return r.str("GET", key);
    }
  }

  private void set(String key, String value) throws IOException {
    try (RespClient r = RespClient.connect(masterPort)) {
      assertThat(r.str("SET", key, value)).isEqualTo("OK");
    }
  }

  private String info(int port, String field) throws IOException {
    try (RespClient r = RespClient.connect(port)) {
      return r.info(field);
    }
  }

  private void awaitValue(String key, String value) {
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                "up".equals(info(replicaPort, "master_link_status"))
                    && (value == null
                        ? get(replicaPort, key) == null
                        : value.equals(get(replicaPort, key))));
  }

  @Test
  void aOneWayPartitionHoldsTheReplicationStreamAndTheHealDeliversIt() throws Exception {
    set("a", "1");
    awaitValue("a", "1");
    link.addToxic(ToxicSpec.of("cut", ToxicType.PARTITION, Direction.DOWNSTREAM, 1.0, Map.of()));
    set("b", "2");
    Thread.sleep(500); // no timing assertion: the stream is held, so "b" cannot have arrived
    assertThat(get(replicaPort, "b")).isNull();
    assertThat(get(masterPort, "b")).isEqualTo("2");
    link.removeToxic("cut");
    awaitValue("b", "2");
    assertThat(info(masterPort, "connected_slaves")).isEqualTo("1");
  }

  @Test
  void aResetLinkReconnectsAndContinuesWithPsync() throws Exception {
    set("a", "1");
    awaitValue("a", "1");
    String fullSyncsBefore = stat(masterPort, "sync_full");
    link.addToxic(
        ToxicSpec.of(
            "rst", ToxicType.RESET_PEER, Direction.DOWNSTREAM, 1.0, Map.of("timeout", 0L)));
    set("b", "2");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !"up".equals(info(replicaPort, "master_link_status")));
    link.removeToxic("rst");
    awaitValue("b", "2");
    assertThat(stat(masterPort, "sync_full")).isEqualTo(fullSyncsBefore);
    assertThat(Integer.parseInt(stat(masterPort, "sync_partial_ok"))).isPositive();
  }

  @Test
  void latencyOnTheLinkDelaysButLosesNothing() throws Exception {
    link.addToxic(
        ToxicSpec.of(
            "lag",
            ToxicType.LATENCY,
            Direction.DOWNSTREAM,
            1.0,
            Map.of("latency", 200L, "jitter", 50L)));
    for (int i = 0; i < 50; i++) set("k" + i, "v" + i);
    awaitValue("k49", "v49");
    for (int i = 0; i < 50; i++) assertThat(get(replicaPort, "k" + i)).isEqualTo("v" + i);
  }

  private String stat(int port, String field) throws IOException {
    String v = info(port, field);
    if (v == null) throw new IOException("no " + field + " in INFO");
    return v;
  }
}
