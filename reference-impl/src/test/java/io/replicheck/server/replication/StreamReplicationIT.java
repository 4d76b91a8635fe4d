package io.replicheck.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.testkit.RedisServerProcess;
import io.replicheck.testkit.RespClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Streams replicated as redis 7.0.15 replicates them, between the reference server and redis-server
 * both ways and between two reference servers: a full sync carries streams with their groups;
 * consumer-group reads (plain, NOACK, blocking ones served by another client's XADD), claims,
 * autoclaims over deleted entries, acks and {@code ~} trims reach the replica as XCLAIM, XGROUP
 * SETID/CREATECONSUMER and exact trims, and leave the replica's group state (XINFO GROUPS, XINFO
 * CONSUMERS, XPENDING) equal to the master's.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@Tag("interop") // needs redis-server
class StreamReplicationIT {
  @RegisterExtension final StartedServers servers = new StartedServers("replicheck-stream-it");

  @Test
  void referenceReplicaOfReferenceMaster() throws Exception {
    groupsReplicate(
        servers.track(TestServers.reference("ref-master", servers.root())),
        servers.track(TestServers.reference("ref-replica", servers.root())));
  }

  @Test
  void redisReplicaOfReferenceMaster() throws Exception {
    groupsReplicate(
        servers.track(TestServers.reference("ref-master", servers.root())),
        servers.track(TestServers.redis("redis-replica", servers.root())));
  }

  @Test
  void referenceReplicaOfRedisMaster() throws Exception {
    groupsReplicate(
        servers.track(TestServers.redis("redis-master", servers.root())),
        servers.track(TestServers.reference("ref-replica", servers.root())));
  }

  private void groupsReplicate(RedisServerProcess master, RedisServerProcess replica)
      throws Exception {
    try (RespClient m = master.client();
        RespClient r = replica.client();
        RespClient blocked = master.client()) {
      for (int i = 0; i < 150; i++) {
        m.call("XADD", "s", "*", "n", Integer.toString(i));
      }
      m.call("XGROUP", "CREATE", "s", "g", "0");
      m.call("XREADGROUP", "GROUP", "g", "early", "COUNT", "3", "STREAMS", "s", ">");
      // The full sync carries the stream and its group.
      r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port));
      compare(m, r);

      m.call("XREADGROUP", "GROUP", "g", "alice", "COUNT", "10", "STREAMS", "s", ">");
      m.call("XREADGROUP", "GROUP", "g", "bob", "NOACK", "COUNT", "5", "STREAMS", "s", ">");
      m.call("XACK", "s", "g", firstPending(m, "alice"));
      m.call("XDEL", "s", firstPending(m, "alice"));
      m.call("XCLAIM", "s", "g", "carol", "0", firstPending(m, "early"), "RETRYCOUNT", "4");
      m.call("XAUTOCLAIM", "s", "g", "dave", "0", "0", "COUNT", "4");
      m.call("XADD", "s", "MAXLEN", "~", "60", "*", "n", "trim");
      m.call("XGROUP", "CREATE", "s", "g2", "$");
      m.call("XGROUP", "CREATECONSUMER", "s", "g2", "waiter");
      // A blocked group read served by another client's XADD.
      java.util.concurrent.CompletableFuture<Object> served =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return blocked.call(
                      "XREADGROUP", "GROUP", "g2", "waiter", "BLOCK", "0", "STREAMS", "s", ">");
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      awaitBlocked(m);
      m.call("XADD", "s", "*", "n", "wake");
      assertThat(served.get(30, TimeUnit.SECONDS)).isInstanceOf(List.class);
      m.call("XGROUP", "DELCONSUMER", "s", "g", "bob");
      m.call("XGROUP", "SETID", "s", "g2", "0");
      compare(m, r);
    }
  }

  @SuppressWarnings("unchecked")
  private static String firstPending(RespClient m, String consumer) throws IOException {
    List<Object> rows = (List<Object>) m.call("XPENDING", "s", "g", "-", "+", "1", consumer);
    return ((List<Object>) rows.get(0)).get(0).toString();
  }

  private static void awaitBlocked(RespClient m) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!"1".equals(m.info("blocked_clients"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the XREADGROUP BLOCK client never blocked");
      }
      RedisServerProcess.sleep(20);
    }
  }

  /** Group state on both sides, without idle times (they are measured at reading time). */
  @SuppressWarnings("unchecked")
  private static void compare(RespClient m, RespClient r) throws IOException {
    awaitOffsets(m, r);
    assertThat(r.str("DEBUG", "DIGEST")).as("DEBUG DIGEST").isEqualTo(m.str("DEBUG", "DIGEST"));
    assertThat(text(r.call("XINFO", "STREAM", "s")))
        .isEqualTo(text(m.call("XINFO", "STREAM", "s")));
    assertThat(text(r.call("XINFO", "GROUPS", "s")))
        .isEqualTo(text(m.call("XINFO", "GROUPS", "s")));
    List<String> groups = new ArrayList<>();
    for (Object info : (List<Object>) m.call("XINFO", "GROUPS", "s")) {
      groups.add(((List<Object>) info).get(1).toString());
    }
    assertThat(groups).isNotEmpty();
    for (String g : groups) {
      if (m.call("XINFO", "CONSUMERS", "s", g) instanceof List<?> cs) {
        List<Object> withoutIdle = new ArrayList<>();
        for (Object c : cs) {
          withoutIdle.add(((List<Object>) c).subList(0, 4));
        }
        List<Object> replicaSide = new ArrayList<>();
        for (Object c : (List<Object>) r.call("XINFO", "CONSUMERS", "s", g)) {
          replicaSide.add(((List<Object>) c).subList(0, 4));
        }
        assertThat(text(replicaSide)).as("consumers of " + g).isEqualTo(text(withoutIdle));
      }
      assertThat(text(r.call("XPENDING", "s", g))).isEqualTo(text(m.call("XPENDING", "s", g)));
      List<Object> rows = new ArrayList<>();
      for (Object row : (List<Object>) m.call("XPENDING", "s", g, "-", "+", "1000")) {
        List<Object> x = (List<Object>) row;
        rows.add(List.of(x.get(0), x.get(1), x.get(3)));
      }
      List<Object> replicaRows = new ArrayList<>();
      for (Object row : (List<Object>) r.call("XPENDING", "s", g, "-", "+", "1000")) {
        List<Object> x = (List<Object>) row;
        replicaRows.add(List.of(x.get(0), x.get(1), x.get(3)));
      }
      assertThat(text(replicaRows)).as("pending entries of " + g).isEqualTo(text(rows));
    }
  }

  private static String text(Object reply) {
    return String.valueOf(RespClient.text(reply));
  }

  private static void awaitOffsets(RespClient m, RespClient r) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      String mo = m.info("master_repl_offset");
      String ro = r.info("slave_repl_offset");
      if (mo.equals(ro) && "up".equals(r.info("master_link_status"))) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "offsets did not converge in 30 s: master " + mo + " replica " + ro);
      }
      RedisServerProcess.sleep(50);
    }
  }
}
