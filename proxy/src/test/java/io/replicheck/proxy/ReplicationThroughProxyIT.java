package io.replicheck.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.replicheck.proxy.net.TcpProxy;
import io.replicheck.proxy.toxic.Direction;
import io.replicheck.proxy.toxic.ToxicSpec;
import io.replicheck.proxy.toxic.ToxicType;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Real redis-server replication through the chaos proxy: a replica whose link to its master goes
 * through a proxy, partitioned one way, healed, reset. Needs redis-server 7.0.x on PATH.
 */
@Tag("interop") // needs redis-server
class ReplicationThroughProxyIT {
  private static String redisServer;
  private final List<Process> processes = new ArrayList<>();
  private ChaosProxyServer chaos;
  private int masterPort;
  private int replicaPort;
  private TcpProxy link;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }

  private void redis(int port, String... extra) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                redisServer,
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--repl-diskless-sync",
                "no"));
    cmd.addAll(List.of(extra));
    processes.add(
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start());
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () -> {
              try (Resp r = new Resp(port)) {
                return "PONG".equals(r.call("PING"));
              }
            });
  }

  /** redis-server 7.0.x on PATH, or one line that says what to install. */
  private static String redisServer() throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
      if (!Files.isExecutable(p)) continue;
      Process v = new ProcessBuilder(p.toString(), "--version").redirectErrorStream(true).start();
      String out = new String(v.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
      v.destroyForcibly();
      if (!out.contains("v=7.0.")) {
        throw new IllegalStateException(
            p
                + " is not redis-server 7.0.x ("
                + out.strip()
                + "): this interop test needs 7.0 (Debian 12: apt-get install redis-server)");
      }
      return p.toString();
    }
    throw new IllegalStateException(
        "redis-server is not on PATH: this interop test needs redis-server 7.0"
            + " (Debian 12: apt-get install redis-server)");
  }

  @BeforeEach
  void start() throws IOException {
    redisServer = redisServer();
    chaos = ChaosProxyServer.start("127.0.0.1", 0, 21);
    masterPort = freePort();
    redis(masterPort);
    link = chaos.createProxy("repl", "127.0.0.1:0", "127.0.0.1:" + masterPort);
    replicaPort = freePort();
    redis(
        replicaPort,
        "--replicaof",
        "127.0.0.1",
        String.valueOf(link.listenPort()),
        "--repl-timeout",
        "60");
    awaitValue("k0", null);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (chaos != null) chaos.close();
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private String get(int port, String key) throws IOException {
    try (Resp r = new Resp(port)) {
      return r.call("GET", key);
    }
  }

  private void set(String key, String value) throws IOException {
    try (Resp r = new Resp(masterPort)) {
      assertThat(r.call("SET", key, value)).isEqualTo("OK");
    }
  }

  private String info(int port, String field) throws IOException {
    try (Resp r = new Resp(port)) {
      for (String line : r.call("INFO", "replication").split("\r\n")) {
        if (line.startsWith(field + ":")) return line.substring(field.length() + 1);
      }
      return null;
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
    try (Resp r = new Resp(port)) {
      for (String line : r.call("INFO", "stats").split("\r\n")) {
        if (line.startsWith(field + ":")) return line.substring(field.length() + 1);
      }
      throw new IOException("no " + field + " in INFO stats");
    }
  }
}
