package io.replicheck.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicheck.client.AdminClient;
import io.replicheck.testkit.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("interop") // needs redis-server
class ProcessClusterIT {

  @TempDir Path dir;

  @Test
  void startsKillsPausesAndRestartsRealRedisServers() throws Exception {
    ServerBinary redis = ServerBinary.external(Tools.require("redis-server"));
    assertThat(redis.version().atLeast(7, 0)).isTrue();
    try (ProcessCluster cluster = new ProcessCluster(redis, dir, 2, List.of())) {
      Node master = cluster.node("n1");
      Node replica = cluster.node("n2");
      cluster.start(master);
      replica.replicaOf(master.host(), master.port());
      cluster.start(replica);

      try (AdminClient m =
          AdminClient.connect(master.host(), master.port(), Duration.ofSeconds(2))) {
        m.callText("SET", "k", "v");
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                try (AdminClient r =
                    AdminClient.connect(replica.host(), replica.port(), Duration.ofSeconds(2))) {
                  assertThat(r.info("replication")).containsEntry("master_link_status", "up");
                  assertThat(r.callText("GET", "k")).isEqualTo("v");
                }
              });

      // SIGSTOP: the socket accepts but nothing answers within the bound.
      cluster.pause(master);
      assertThatThrownBy(
              () -> {
                try (AdminClient m =
                    AdminClient.connect(master.host(), master.port(), Duration.ofMillis(500))) {
                  m.call("PING");
                }
              })
          .isInstanceOf(IOException.class);
      cluster.resume(master);
      try (AdminClient m =
          AdminClient.connect(master.host(), master.port(), Duration.ofSeconds(2))) {
        assertThat(m.call("PING")).isEqualTo("PONG");
      }

      long pid = cluster.pid(master);
      cluster.kill(master);
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(cluster.isRunning(master)).isFalse();
      cluster.start(master);
      assertThat(cluster.isRunning(master)).isTrue();

      cluster.stop(replica);
      assertThat(cluster.isRunning(replica)).isFalse();
    }
  }

  /**
   * P9's evidence: a process the harness held running that ends on its own is recorded (a real
   * SIGSEGV: redis-server prints its crash report and dies of the signal), one it killed or stopped
   * is not, and a restart after the crash starts clean.
   */
  @Test
  void aProcessThatEndsOnItsOwnIsRecordedOnesTheHarnessEndedAreNot() throws Exception {
    ServerBinary redis = ServerBinary.external(Tools.require("redis-server"));
    try (ProcessCluster cluster = new ProcessCluster(redis, dir, 2, List.of())) {
      Node a = cluster.node("n1");
      Node b = cluster.node("n2");
      cluster.startAll(List.of(a, b));
      cluster.kill(a);
      cluster.start(a);
      cluster.stop(b);
      cluster.start(b);
      assertThat(cluster.unexpectedExits()).isEmpty();

      long pid = cluster.pid(b);
      ProcessCluster.signal(pid, "SEGV");
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
      assertThat(cluster.isRunning(b)).isFalse();
      List<NodeExit> exits = cluster.unexpectedExits();
      assertThat(exits)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.node()).isEqualTo("n2");
                assertThat(e.pid()).isEqualTo(pid);
                assertThat(e.how()).isEqualTo("ended by SIGSEGV (code 139)");
                assertThat(e.logTail()).contains("crashed by signal").contains("STACK TRACE");
              });

      // a SHUTDOWN the harness never sent: a clean exit, still one nobody asked for
      cluster.start(b);
      try (AdminClient c = AdminClient.connect(b.host(), b.port(), Duration.ofSeconds(2))) {
        c.send("SHUTDOWN", "NOSAVE");
      }
      long second = cluster.pid(b);
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> ProcessHandle.of(second).map(h -> !h.isAlive()).orElse(true));
      cluster.start(b); // the restart itself records the exit it replaces
      assertThat(cluster.unexpectedExits())
          .extracting(NodeExit::how)
          .containsExactly("ended by SIGSEGV (code 139)", "exited with code 0");
    }
  }

  /** P9 watches Sentinel's processes too: a crash is recorded, a kill by the harness is not. */
  @Test
  void aSentinelThatEndsOnItsOwnIsRecorded() throws Exception {
    ServerBinary redis = ServerBinary.external(Tools.require("redis-server"));
    Tools.require("redis-sentinel");
    try (ProcessCluster cluster = new ProcessCluster(redis, dir, 1, List.of());
        Sentinels sentinels = new Sentinels(dir, 2, false)) {
      Node master = cluster.node("n1");
      cluster.start(master);
      for (Sentinels.Sentinel s : sentinels.all()) {
        sentinels.configure(
            s,
            List.of(
                "port " + s.port(),
                "bind 127.0.0.1",
                "daemonize no",
                "logfile \"\"",
                "dir " + s.dir(),
                "sentinel monitor replicheck 127.0.0.1 " + master.port() + " 1"));
        sentinels.start(s);
      }
      Sentinels.Sentinel crashed = sentinels.all().get(0);
      Sentinels.Sentinel killed = sentinels.all().get(1);
      sentinels.kill(killed);
      try (AdminClient c = Sentinels.admin(crashed)) {
        assertThat(c.call("PING")).isEqualTo("PONG");
      }
      long pid = sentinels.pid(crashed);
      ProcessCluster.signal(pid, "SEGV");
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !sentinels.isRunning(crashed));
      assertThat(sentinels.unexpectedExits())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.node()).isEqualTo(crashed.name());
                assertThat(e.how()).isEqualTo("ended by SIGSEGV (code 139)");
              });
    }
  }

  @Test
  void aNodeThatCannotStartFailsWithItsLog() {
    ServerBinary redis = ServerBinary.external(Tools.require("redis-server"));
    try (ProcessCluster cluster =
        new ProcessCluster(redis, dir, 1, List.of("--no-such-directive", "x"))) {
      assertThatThrownBy(() -> cluster.start(cluster.node("n1")))
          .isInstanceOf(ClusterException.class)
          .hasMessageContaining("exited")
          .hasMessageContaining("no-such-directive");
    }
  }

  @Test
  void nodesDieWhenTheHarnessJvmIsKilled() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ReaperChild.class.getName(),
                Tools.require("redis-server").toString(),
                dir.toString(),
                pidFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    try {
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> pidFile.toFile().length() > 0);
      long nodePid = Long.parseLong(java.nio.file.Files.readString(pidFile).strip());
      assertThat(ProcessHandle.of(nodePid).map(ProcessHandle::isAlive)).contains(true);

      child.destroyForcibly(); // SIGKILL: no shutdown hook runs
      child.waitFor();

      Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> ProcessHandle.of(nodePid).map(h -> !h.isAlive()).orElse(true));
    } finally {
      child.destroyForcibly();
    }
  }
}
