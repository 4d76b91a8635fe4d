package io.replicheck.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import io.replicheck.server.ServerContext;
import io.replicheck.server.ServerLog;
import io.replicheck.server.command.Commands;
import io.replicheck.server.config.ConfigRegistry;
import io.replicheck.server.core.Client;
import io.replicheck.server.core.ClientConnection;
import io.replicheck.server.core.ClientKind;
import io.replicheck.server.core.ManualClock;
import io.replicheck.server.core.ServerConfig;
import io.replicheck.server.core.ServerCore;
import io.replicheck.server.persist.RdbPersistence;
import io.replicheck.server.resp.ReplyRecorder;
import io.replicheck.testkit.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replication wired into a real command core (no listening socket): commands, config directives,
 * INFO replication, WAIT, min-replicas and replica-serve-stale-data. Everything runs on one event
 * loop thread, as in the server.
 */
class ReplicationNodeTest {
  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private NioEventLoopGroup loop;
  private ServerCore core;
  private ReplicationExtension ext;
  private Client client;
  private final ReplyRecorder replies = new ReplyRecorder();

  @BeforeEach
  void setUp() throws Exception {
    loop = new NioEventLoopGroup(1);
    ServerConfig config = new ServerConfig();
    ConfigRegistry registry = new ConfigRegistry();
    config.register(registry);
    ext = new ReplicationExtension();
    ext.registerConfig(registry);
    config.dir = Files.createTempDirectory("replicheck-node-test");
    core = new ServerCore(config, registry, clock, 1);
    core.setExecutor(loop.next());
    Commands.registerAll(core);
    ServerLog log = new ServerLog();
    log.setLevel("warning");
    onCore(
        () -> {
          ext.install(core, new ServerContext(loop, log, new RdbPersistence(core, log)));
          client =
              core.newClient(
                  ClientConnection.detached(replies, "127.0.0.1:5555"), ClientKind.NORMAL);
          return null;
        });
  }

  @AfterEach
  void tearDown() throws Exception {
    onCore(
        () -> {
          ext.stopping();
          return null;
        });
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    TestServers.deleteTree(core.config().dir);
  }

  private <T> T onCore(Callable<T> c) throws Exception {
    return loop.next().submit(c).get(10, TimeUnit.SECONDS);
  }

  private Object call(String... args) throws Exception {
    return onCore(
        () -> {
          byte[][] argv = new byte[args.length][];
          for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
          }
          core.process(client, argv);
          return replies.poll();
        });
  }

  private String info() throws Exception {
    return call("INFO", "replication").toString();
  }

  @Test
  void freshMasterInfoAndRole() throws Exception {
    String info = info();
    assertThat(info)
        .contains(
            "role:master\r\n",
            "connected_slaves:0\r\n",
            "master_failover_state:no-failover\r\n",
            "master_replid2:0000000000000000000000000000000000000000\r\n",
            "master_repl_offset:0\r\n",
            "second_repl_offset:-1\r\n",
            "repl_backlog_active:0\r\n",
            "repl_backlog_size:1048576\r\n",
            "repl_backlog_first_byte_offset:0\r\n",
            "repl_backlog_histlen:0\r\n");
    assertThat(call("ROLE").toString()).isEqualTo("[master, 0, []]");
  }

  @Test
  void debugChangeReplIdDrawsNewId() throws Exception {
    String before = ext.node().ids().replid();
    assertThat(call("DEBUG", "CHANGE-REPL-ID").toString()).isEqualTo("OK");
    assertThat(ext.node().ids().replid()).isNotEqualTo(before);
    assertThat(info()).contains("master_replid:" + ext.node().ids().replid());
  }

  @Test
  void configDirectives() throws Exception {
    assertThat(call("CONFIG", "GET", "client-output-buffer-limit").toString())
        .isEqualTo(
            "[client-output-buffer-limit, normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60]");
    call("CONFIG", "SET", "client-output-buffer-limit", "replica 1mb 512kb 5");
    assertThat(ext.node().settings().replicaOutputBufferLimit())
        .isEqualTo(new OutputBufferLimit(1024 * 1024, 512 * 1024, 5));
    call("CONFIG", "SET", "repl-backlog-size", "64kb");
    assertThat(call("CONFIG", "GET", "repl-backlog-size").toString())
        .isEqualTo("[repl-backlog-size, 65536]");
    call("CONFIG", "SET", "slave-serve-stale-data", "no");
    assertThat(ext.node().settings().replicaServeStaleData()).isFalse();
    assertThat(call("CONFIG", "GET", "inject-bug").toString()).isEqualTo("[inject-bug, none]");
    call("CONFIG", "SET", "inject-bug", "psync-any-replid");
    assertThat(ext.node().bugs().isOn(InjectedBug.PSYNC_ANY_REPLID)).isTrue();
    assertThat(call("CONFIG", "SET", "inject-bug", "nonsense").toString())
        .contains("unknown bug 'nonsense'");
    assertThat(call("CONFIG", "SET", "repl-timeout", "0").toString()).contains("ERR");
  }

  @Test
  void waitWithoutReplicasTimesOutWithZero() throws Exception {
    assertThat(call("WAIT", "0", "0")).isEqualTo(0L);
    assertThat(call("WAIT", "1", "100")).isSameAs(ReplyRecorder.NONE);
    clock.advance(100);
    onCore(
        () -> {
          core.fastCron();
          return null;
        });
    assertThat(onCore(replies::poll)).isEqualTo(0L);
    assertThat(call("WAIT", "1", "-1").toString()).contains("timeout is negative");
  }

  @Test
  void minReplicasRefusesWritesOnly() throws Exception {
    call("CONFIG", "SET", "min-replicas-to-write", "1");
    assertThat(call("SET", "k", "v").toString())
        .startsWith("-NOREPLICAS Not enough good replicas to write.");
    assertThat(call("GET", "k")).isNull();
    assertThat(info()).contains("min_slaves_good_slaves:0\r\n");
    call("CONFIG", "SET", "min-replicas-to-write", "0");
    assertThat(call("SET", "k", "v").toString()).isEqualTo("OK");
  }

  @Test
  void replconfOptions() throws Exception {
    assertThat(call("REPLCONF", "listening-port", "7001").toString()).isEqualTo("OK");
    assertThat(call("REPLCONF", "capa", "eof", "capa", "psync2").toString()).isEqualTo("OK");
    assertThat(call("REPLCONF", "bogus", "1").toString())
        .contains("Unrecognized REPLCONF option: bogus");
    assertThat(call("REPLCONF", "ACK", "5")).isSameAs(ReplyRecorder.NONE);
    assertThat(call("PSYNC", "?", "x").toString()).contains("value is not an integer");
  }

  @Test
  void replicaOfAnUnreachableMasterIsAStaleReadOnlyReplica() throws Exception {
    int port = Tools.freePort();
    assertThat(call("REPLICAOF", "127.0.0.1", "notaport").toString())
        .contains("Invalid master port");
    assertThat(call("REPLICAOF", "127.0.0.1", Integer.toString(port)).toString()).isEqualTo("OK");
    assertThat(core.isReplica()).isTrue();
    assertThat(call("REPLICAOF", "127.0.0.1", Integer.toString(port)).toString())
        .isEqualTo("OK Already connected to specified master");
    assertThat(call("SET", "k", "v").toString()).startsWith("-READONLY");
    assertThat(call("WAIT", "1", "0").toString())
        .contains("WAIT cannot be used with replica instances");
    assertThat(call("GET", "k")).isNull();
    call("CONFIG", "SET", "replica-serve-stale-data", "no");
    assertThat(call("GET", "k").toString()).startsWith("-MASTERDOWN Link with MASTER is down");
    assertThat(call("INFO", "replication").toString())
        .contains(
            "role:slave\r\n",
            "master_host:127.0.0.1\r\n",
            "master_port:" + port + "\r\n",
            "master_link_status:down\r\n",
            "master_last_io_seconds_ago:-1\r\n",
            "master_sync_in_progress:0\r\n",
            "slave_priority:100\r\n",
            "slave_read_only:1\r\n",
            "replica_announced:1\r\n");
    List<?> role = (List<?>) call("ROLE");
    assertThat(role.get(0)).isEqualTo("slave");
    assertThat(role.get(4)).isEqualTo(-1L);
    String oldId = ext.node().ids().replid();
    assertThat(call("REPLICAOF", "NO", "ONE").toString()).isEqualTo("OK");
    assertThat(core.isReplica()).isFalse();
    assertThat(ext.node().ids().replid2()).isEqualTo(oldId);
    assertThat(call("SET", "k", "v").toString()).isEqualTo("OK");
  }

  @Test
  void replicaExpiresKeysOnlyWithTheBug() throws Exception {
    int port = Tools.freePort();
    call("SET", "k", "v", "PX", "10");
    call("REPLICAOF", "127.0.0.1", Integer.toString(port));
    clock.advance(1000);
    onCore(
        () -> {
          core.cron();
          return null;
        });
    assertThat(onCore(() -> core.keyspace().totalKeys())).isEqualTo(1);
    call("CONFIG", "SET", "inject-bug", "replica-expires-keys");
    onCore(
        () -> {
          core.cron();
          return null;
        });
    assertThat(onCore(() -> core.keyspace().totalKeys())).isZero();
    assertThat(core.isReplica()).isTrue();
  }
}
