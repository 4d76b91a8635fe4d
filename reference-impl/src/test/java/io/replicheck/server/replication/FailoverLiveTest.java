package io.replicheck.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.replicheck.server.ReferenceServer;
import io.replicheck.testkit.RespClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FAILOVER between two reference servers in this JVM on real sockets: the roles swap, the old
 * master continues from the new one with PSYNC (no full sync anywhere), and the data stays whole;
 * ABORT and the timeout roll back to the master that was.
 */
class FailoverLiveTest {
  @TempDir Path dir;

  private ReferenceServer start(String name, String... extra) throws Exception {
    return io.replicheck.server.TestServers.startNode(dir, name, extra);
  }

  private static void awaitOnlineReplica(RespClient master) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> String.valueOf(master.info("slave0")).contains("state=online"));
  }

  private static String role(RespClient c) throws Exception {
    return ((List<?>) c.call("ROLE")).get(0).toString();
  }

  @Test
  void rolesSwapWithoutFullSyncAndDataIntact() throws Exception {
    try (ReferenceServer a = start("a");
        ReferenceServer b = start("b", "--replicaof", "127.0.0.1", Integer.toString(a.port()));
        RespClient ca = RespClient.connect(a.port());
        RespClient cb = RespClient.connect(b.port())) {
      awaitOnlineReplica(ca);
      for (int i = 0; i < 200; i++) {
        ca.call("SET", "k" + i, "v" + i);
      }
      ca.call("SELECT", "3");
      ca.call("RPUSH", "list", "x", "y");
      String fullA = ca.info("sync_full");
      assertThat(cb.info("sync_full")).isEqualTo("0");

      assertThat(ca.str("FAILOVER", "TO", "127.0.0.1", Integer.toString(b.port()))).isEqualTo("OK");
      try {
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    role(cb).equals("master")
                        && role(ca).equals("slave")
                        && "up".equals(ca.info("master_link_status"))
                        && "no-failover".equals(ca.info("master_failover_state")));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("roles did not swap\n" + logs(), e);
      }
      assertThat(ca.info("master_port")).isEqualTo(Integer.toString(b.port()));
      // The old master continued with PSYNC: no full sync on either side.
      assertThat(cb.info("sync_full")).isEqualTo("0");
      assertThat(cb.info("sync_partial_ok")).isEqualTo("1");
      assertThat(ca.info("sync_full")).isEqualTo(fullA);
      assertThat(cb.info("master_replid2")).isEqualTo(ca.info("master_replid2"));
      assertThat(cb.info("master_replid")).isEqualTo(ca.info("master_replid"));

      ca.call("SELECT", "0");
      cb.call("SELECT", "0");
      cb.call("SET", "after", "failover");
      await().atMost(Duration.ofSeconds(20)).until(() -> "failover".equals(ca.str("GET", "after")));
      assertThat(ca.num("DBSIZE")).isEqualTo(201);
      assertThat(cb.num("DBSIZE")).isEqualTo(201);
      assertThat(cb.str("GET", "k199")).isEqualTo("v199");
      assertThat(ca.str("DEBUG", "DIGEST")).isEqualTo(cb.str("DEBUG", "DIGEST"));
      assertThat(err(ca.reply("SET", "x", "1")).toString()).contains("READONLY");
    }
  }

  @Test
  void abortAndTimeoutRollBackAndReleaseTheWriters() throws Exception {
    try (ReferenceServer a = start("a");
        ReferenceServer b = start("b", "--replicaof", "127.0.0.1", Integer.toString(a.port()));
        RespClient ca = RespClient.connect(a.port());
        RespClient writer = RespClient.connect(a.port());
        RespClient sleeper = RespClient.connect(b.port())) {
      awaitOnlineReplica(ca);
      // The replica's command thread sleeps: it neither applies nor acknowledges what follows.
      CompletableFuture<Object> asleep =
          CompletableFuture.supplyAsync(() -> call(sleeper, "DEBUG", "SLEEP", "6"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> call(ca, "SET", "probe", "1") != null && replicaBehind(ca));
      String port = Integer.toString(b.port());
      assertThat(ca.str("FAILOVER", "TO", "127.0.0.1", port, "TIMEOUT", "600000")).isEqualTo("OK");
      assertThat(ca.info("master_failover_state")).isEqualTo("waiting-for-sync");
      assertThat(err(ca.reply("FAILOVER"))).isEqualTo("ERR FAILOVER already in progress.");
      assertThat(err(ca.reply("REPLICAOF", "127.0.0.1", "1")))
          .isEqualTo("ERR REPLICAOF not allowed while failing over.");
      assertThat(ca.str("GET", "probe")).isEqualTo("1"); // reads go on
      CompletableFuture<Object> write =
          CompletableFuture.supplyAsync(() -> call(writer, "SET", "held", "1"));
      await().atMost(Duration.ofSeconds(10)).until(() -> ca.info("blocked_clients").equals("1"));
      assertThat(write).isNotDone();
      assertThat(ca.str("FAILOVER", "ABORT")).isEqualTo("OK");
      assertThat(write.get(10, TimeUnit.SECONDS)).isEqualTo("OK");
      assertThat(ca.info("master_failover_state")).isEqualTo("no-failover");
      assertThat(role(ca)).isEqualTo("master");
      assertThat(err(ca.reply("FAILOVER", "ABORT"))).isEqualTo("ERR No failover in progress.");

      // Without FORCE, the deadline ends it the same way.
      assertThat(ca.str("FAILOVER", "TO", "127.0.0.1", port, "TIMEOUT", "200")).isEqualTo("OK");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ca.info("master_failover_state").equals("no-failover"));
      assertThat(role(ca)).isEqualTo("master");
      assertThat(writer.str("SET", "after", "1")).isEqualTo("OK");
      asleep.get(20, TimeUnit.SECONDS);
    }
  }

  /** The replica's acknowledged offset is below the master's. */
  private static boolean replicaBehind(RespClient master) throws Exception {
    String slave = master.info("slave0");
    long acked = Long.parseLong(slave.replaceAll(".*offset=(\\d+).*", "$1"));
    return acked < Long.parseLong(master.info("master_repl_offset"));
  }

  private static String err(Object reply) {
    return reply instanceof RespClient.Error e ? e.message() : "not an error: " + reply;
  }

  /** Both servers' logs, for a failure's message. */
  private String logs() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (String n : List.of("a", "b")) {
      sb.append("--- ")
          .append(n)
          .append('\n')
          .append(Files.readString(dir.resolve(n).resolve("log")));
    }
    return sb.toString();
  }

  private static Object call(RespClient c, Object... args) {
    try {
      return c.call(args);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
