package io.replicheck.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicheck.testkit.RedisServerProcess;
import io.replicheck.testkit.RespClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replication between the reference server and real redis-server 7.0 processes, both ways: a full
 * sync with writes running, a link break (CLIENT KILL TYPE master) ending in a partial resync, a
 * backlog overrun (tiny backlog, writes while the link is cut) ending in a full resync, and
 * failover (promote a replica, repoint the other: PSYNC continues). After each phase the datasets
 * agree by DEBUG DIGEST and key by key.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
@Tag("interop") // needs redis-server
class RedisInteropReplicationIT {
  @RegisterExtension final StartedServers servers = new StartedServers("replicheck-repl-it");

  @Test
  void redisReplicaOfReferenceMaster() throws Exception {
    RedisServerProcess master = servers.track(TestServers.reference("ref-master", servers.root()));
    RedisServerProcess replica = servers.track(TestServers.redis("redis-replica", servers.root()));
    threePhases(master, replica);
  }

  @Test
  void referenceReplicaOfRedisMaster() throws Exception {
    RedisServerProcess master = servers.track(TestServers.redis("redis-master", servers.root()));
    RedisServerProcess replica =
        servers.track(TestServers.reference("ref-replica", servers.root()));
    threePhases(master, replica);
  }

  /**
   * Full sync with writes, partial resync after CLIENT KILL, full resync after a backlog overrun.
   */
  private void threePhases(RedisServerProcess master, RedisServerProcess replica) throws Exception {
    CutProxy proxy = servers.track(new CutProxy(master.port));
    try (RespClient m = master.client();
        RespClient r = replica.client()) {
      m.call("CONFIG", "SET", "repl-diskless-sync", "no");
      for (int i = 0; i < 2000; i++) {
        m.call("SET", "pre:" + i, "v" + i);
      }
      m.call("SELECT", "3");
      m.call("RPUSH", "list", "a", "b");
      m.call("HSET", "hash", "f", "1");
      m.call("ZADD", "zset", "1.5", "a", "-inf", "b", "0.1", "c");
      for (int i = 0; i < 200; i++) {
        m.call("ZADD", "zbig", Double.toString(i / 7.0), "m" + i);
      }
      m.call("SELECT", "0");

      // 1. Full sync while a writer keeps writing.
      try (Writer w = servers.track(new Writer(master.port))) {
        r.call("REPLICAOF", "127.0.0.1", Integer.toString(proxy.port()));
        awaitLinkUp(r);
        RedisServerProcess.sleep(300);
        assertThat(w.written()).as("writes made while the replica synced").isPositive();
      }
      quiesceAndCompare(master, replica);
      assertThat(replica.log()).contains("MASTER <-> REPLICA sync: Finished with success");
      long fullAfterFirst = Long.parseLong(m.info("sync_full"));
      assertThat(fullAfterFirst).isEqualTo(1);
      assertThat(fieldNames(m))
          .as("INFO replication fields of the master")
          .isEqualTo(MASTER_FIELDS);
      assertThat(fieldNames(r))
          .as("INFO replication fields of the replica")
          .isEqualTo(REPLICA_FIELDS);
      assertThat(m.info("slave0"))
          .startsWith("ip=127.0.0.1,port=" + replica.port + ",state=online,offset=");
      @SuppressWarnings("unchecked")
      List<Object> role = (List<Object>) r.call("ROLE");
      assertThat(role).hasSize(5);
      assertThat(role.subList(0, 2)).containsExactly("slave", "127.0.0.1");
      assertThat(role.get(4)).isInstanceOf(Long.class);

      // WAIT counts the replica once it ACKed (the replica answers GETACK); min-replicas refuses.
      m.call("SET", "waited", "1");
      assertThat(m.num("WAIT", "1", "5000")).isEqualTo(1);
      m.call("CONFIG", "SET", "min-replicas-to-write", "2");
      assertThatThrownBy(() -> m.call("SET", "refused", "1")).hasMessageStartingWith("NOREPLICAS");
      m.call("CONFIG", "SET", "min-replicas-to-write", "1");
      m.call("SET", "allowed", "1");
      m.call("CONFIG", "SET", "min-replicas-to-write", "0");
      assertThatThrownBy(() -> r.call("SET", "on-replica", "1")).hasMessageStartingWith("READONLY");

      // 2. Link break: partial resync, nothing lost or doubled.
      r.call("CLIENT", "KILL", "TYPE", "master");
      for (int i = 0; i < 200; i++) {
        m.call("INCR", "counter");
        m.call("RPUSH", "during-break", Integer.toString(i));
        m.call("ZADD", "zbreak", "INCR", "0.5", "m" + (i % 7));
      }
      m.call("ZMPOP", "1", "zbreak", "MIN", "COUNT", "2");
      m.call("ZUNIONSTORE", "zunion", "2", "zbreak", "zbreak", "WEIGHTS", "1", "0.25");
      awaitLinkUp(r);
      quiesceAndCompare(master, replica);
      assertThat(m.info("sync_full")).isEqualTo(Long.toString(fullAfterFirst));
      assertThat(Long.parseLong(m.info("sync_partial_ok"))).isGreaterThanOrEqualTo(1);
      assertThat(replica.log()).contains("Successful partial resynchronization with master.");
      assertThat(master.log())
          .contains("Partial resynchronization request from")
          .contains("accepted");
      assertThat(r.str("GET", "counter")).isEqualTo("200");

      // 3. Backlog overrun: the link is cut while more than the backlog is written.
      m.call("CONFIG", "SET", "repl-backlog-size", "16384");
      proxy.down();
      awaitLinkDown(r);
      String big = "x".repeat(100);
      for (int i = 0; i < 400; i++) {
        m.call("SET", "over:" + i, big);
      }
      proxy.up();
      awaitLinkUp(r);
      quiesceAndCompare(master, replica);
      assertThat(Long.parseLong(m.info("sync_full"))).isEqualTo(fullAfterFirst + 1);
      assertThat(replica.log()).contains("Full resync from master");
    }
  }

  @Test
  void failoverWithReferenceMasterContinuesWithPsync() throws Exception {
    RedisServerProcess master = servers.track(TestServers.reference("ref-master", servers.root()));
    RedisServerProcess promoted =
        servers.track(TestServers.reference("ref-promoted", servers.root()));
    RedisServerProcess other = servers.track(TestServers.redis("redis-other", servers.root()));
    failover(master, promoted, other);
  }

  @Test
  void failoverWithRedisMasterContinuesWithPsync() throws Exception {
    RedisServerProcess master = servers.track(TestServers.redis("redis-master", servers.root()));
    RedisServerProcess promoted =
        servers.track(TestServers.redis("redis-promoted", servers.root()));
    RedisServerProcess other = servers.track(TestServers.reference("ref-other", servers.root()));
    failover(master, promoted, other);
  }

  /** Promote one replica, repoint the other to it: it continues with PSYNC, no full sync. */
  private void failover(
      RedisServerProcess master, RedisServerProcess promoted, RedisServerProcess other)
      throws Exception {
    try (RespClient m = master.client();
        RespClient p = promoted.client();
        RespClient o = other.client()) {
      for (int i = 0; i < 500; i++) {
        m.call("SET", "k" + i, "v" + i);
      }
      p.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port));
      o.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port));
      awaitLinkUp(p);
      awaitLinkUp(o);
      m.call("SET", "last", "1");
      quiesceAndCompare(master, promoted);
      quiesceAndCompare(master, other);
      String oldId = m.info("master_replid");

      p.call("REPLICAOF", "NO", "ONE");
      assertThat(p.info("master_replid2")).isEqualTo(oldId);
      o.call("REPLICAOF", "127.0.0.1", Integer.toString(promoted.port));
      awaitLinkUp(o);
      p.call("SET", "after-failover", "1");
      quiesceAndCompare(promoted, other);
      assertThat(p.info("sync_full")).as("full syncs on the promoted replica").isEqualTo("0");
      assertThat(Long.parseLong(p.info("sync_partial_ok"))).isGreaterThanOrEqualTo(1);
      assertThat(other.log()).contains("Successful partial resynchronization with master.");
      assertThat(o.str("GET", "after-failover")).isEqualTo("1");
    }
  }

  @Test
  void referenceReplicaInTheMiddleOfAChain() throws Exception {
    chain(
        servers.track(TestServers.redis("redis-top", servers.root())),
        servers.track(TestServers.reference("ref-middle", servers.root())),
        servers.track(TestServers.redis("redis-bottom", servers.root())));
  }

  @Test
  void redisReplicaInTheMiddleOfAChain() throws Exception {
    chain(
        servers.track(TestServers.reference("ref-top", servers.root())),
        servers.track(TestServers.redis("redis-middle", servers.root())),
        servers.track(TestServers.reference("ref-bottom", servers.root())));
  }

  /**
   * top <- middle <- bottom: the middle forwards the stream unchanged, also across its own resync.
   */
  private void chain(RedisServerProcess top, RedisServerProcess middle, RedisServerProcess bottom)
      throws Exception {
    try (RespClient t = top.client();
        RespClient m = middle.client();
        RespClient b = bottom.client()) {
      t.call("SELECT", "7");
      for (int i = 0; i < 300; i++) {
        t.call("SET", "c" + i, "v" + i);
      }
      m.call("REPLICAOF", "127.0.0.1", Integer.toString(top.port));
      awaitLinkUp(m);
      b.call("REPLICAOF", "127.0.0.1", Integer.toString(middle.port));
      awaitLinkUp(b);
      // Writes in db 7 with no new SELECT: the bottom must learn the db from the middle's snapshot.
      for (int i = 0; i < 100; i++) {
        t.call("INCR", "chained-counter");
      }
      quiesceAndCompare(top, middle);
      quiesceAndCompare(middle, bottom);
      long bottomFullSyncs = Long.parseLong(m.info("sync_full"));
      m.call("CLIENT", "KILL", "TYPE", "master");
      for (int i = 0; i < 50; i++) {
        t.call("RPUSH", "after-kill", Integer.toString(i));
      }
      awaitLinkUp(m);
      quiesceAndCompare(top, middle);
      quiesceAndCompare(middle, bottom);
      assertThat(m.info("sync_full"))
          .as("full syncs served by the middle")
          .isEqualTo(Long.toString(bottomFullSyncs));
      b.call("SELECT", "7");
      assertThat(b.str("GET", "chained-counter")).isEqualTo("100");
    }
  }

  @Test
  void restartedReferenceReplicaContinuesWithPsync() throws Exception {
    RedisServerProcess master = servers.track(TestServers.redis("redis-master", servers.root()));
    restart(master, true);
  }

  @Test
  void restartedRedisReplicaContinuesWithPsyncOnReferenceMaster() throws Exception {
    RedisServerProcess master = servers.track(TestServers.reference("ref-master", servers.root()));
    restart(master, false);
  }

  /**
   * A replica saved on SHUTDOWN and restarted with the same dir offers the history in its RDB
   * (repl-id, repl-offset, repl-stream-db) and continues with PSYNC, as redis 4+ does.
   */
  private void restart(RedisServerProcess master, boolean referenceReplica) throws Exception {
    String[] replicaOf = {"--replicaof", "127.0.0.1", Integer.toString(master.port)};
    RedisServerProcess first =
        servers.track(
            referenceReplica
                ? TestServers.reference("replica-1", servers.root(), replicaOf)
                : TestServers.redis("replica-1", servers.root(), replicaOf));
    try (RespClient m = master.client()) {
      m.call("SELECT", "4");
      for (int i = 0; i < 200; i++) {
        m.call("SET", "r" + i, "v" + i);
      }
      try (RespClient r = first.client()) {
        awaitLinkUp(r);
      }
      quiesceAndCompare(master, first);
      long fullSyncs = Long.parseLong(m.info("sync_full"));
      try (RespClient r = first.client()) {
        try {
          r.call("SHUTDOWN", "SAVE");
        } catch (IOException expected) {
          // The server closes the connection as it exits.
        }
      }
      first.close();
      for (int i = 0; i < 20; i++) {
        m.call("INCR", "while-down");
      }
      String[] args = {
        "--replicaof",
        "127.0.0.1",
        Integer.toString(master.port),
        "--dir",
        first.dir.toString(),
        "--dbfilename",
        "dump.rdb"
      };
      RedisServerProcess second =
          servers.track(
              referenceReplica
                  ? TestServers.reference("replica-2", servers.root(), args)
                  : TestServers.redis("replica-2", servers.root(), args));
      try (RespClient r = second.client()) {
        awaitLinkUp(r);
      }
      quiesceAndCompare(master, second);
      assertThat(m.info("sync_full"))
          .as("full syncs after the restart")
          .isEqualTo(Long.toString(fullSyncs));
      assertThat(second.log() + first.log())
          .contains("Successful partial resynchronization with master.");
      try (RespClient r = second.client()) {
        r.call("SELECT", "4");
        assertThat(r.str("GET", "while-down")).isEqualTo("20");
      }
    }
  }

  /**
   * Expiry: a replica never deletes an expired key itself (reads answer as if it were gone) and
   * drops it when the master's DEL arrives.
   */
  @Test
  void referenceReplicaWaitsForTheMastersDel() throws Exception {
    RedisServerProcess master = servers.track(TestServers.redis("redis-master", servers.root()));
    RedisServerProcess replica =
        servers.track(TestServers.reference("ref-replica", servers.root()));
    try (RespClient m = master.client();
        RespClient r = replica.client()) {
      m.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
      r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port));
      awaitLinkUp(r);
      m.call("SET", "short", "lived", "PX", "300");
      quiesceAndCompare(master, replica);
      RedisServerProcess.sleep(500);
      assertThat(r.str("GET", "short")).as("expired key read on the replica").isNull();
      assertThat(r.num("DBSIZE")).as("the replica keeps it until the master's DEL").isEqualTo(1);
      assertThat(m.str("GET", "short")).isNull(); // lazy expiry on the master propagates DEL
      quiesceAndCompare(master, replica);
      assertThat(r.num("DBSIZE")).isZero();
    }
  }

  /**
   * FS2 in real processes: the clean replica drops its old keys, the one with the bug keeps them.
   */
  @Test
  void injectedBugIsOffByDefaultAndBitesWhenOn() throws Exception {
    RedisServerProcess master = servers.track(TestServers.redis("redis-master", servers.root()));
    RedisServerProcess clean = servers.track(TestServers.reference("ref-clean", servers.root()));
    RedisServerProcess buggy =
        servers.track(
            TestServers.reference(
                "ref-buggy", servers.root(), "--inject-bug", "no-flush-before-load"));
    try (RespClient m = master.client();
        RespClient c = clean.client();
        RespClient b = buggy.client()) {
      m.call("SET", "k", "v");
      c.call("SET", "stale", "old");
      b.call("SET", "stale", "old");
      assertThat(c.str("CONFIG", "GET", "inject-bug")).contains("none");
      c.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port));
      b.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port));
      awaitLinkUp(c);
      awaitLinkUp(b);
      assertThat(c.str("GET", "stale")).isNull();
      assertThat(b.str("GET", "stale")).isEqualTo("old");
      assertThat(b.str("GET", "k")).isEqualTo("v");
      assertThat(buggy.log()).contains("Injected replication bug ON: no-flush-before-load");
    }
  }

  // ---------------------------------------------------------------- helpers

  /** INFO replication's field names as redis-server 7.0 prints them (slaveN as slave0). */
  private static final List<String> MASTER_FIELDS =
      List.of(
          "role",
          "connected_slaves",
          "slave0",
          "master_failover_state",
          "master_replid",
          "master_replid2",
          "master_repl_offset",
          "second_repl_offset",
          "repl_backlog_active",
          "repl_backlog_size",
          "repl_backlog_first_byte_offset",
          "repl_backlog_histlen");

  private static final List<String> REPLICA_FIELDS =
      List.of(
          "role",
          "master_host",
          "master_port",
          "master_link_status",
          "master_last_io_seconds_ago",
          "master_sync_in_progress",
          "slave_read_repl_offset",
          "slave_repl_offset",
          "slave_priority",
          "slave_read_only",
          "replica_announced",
          "connected_slaves",
          "master_failover_state",
          "master_replid",
          "master_replid2",
          "master_repl_offset",
          "second_repl_offset",
          "repl_backlog_active",
          "repl_backlog_size",
          "repl_backlog_first_byte_offset",
          "repl_backlog_histlen");

  private static List<String> fieldNames(RespClient c) throws IOException {
    List<String> names = new ArrayList<>();
    for (String line : c.str("INFO", "replication").split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        names.add(line.substring(0, colon));
      }
    }
    return names;
  }

  private static void awaitLinkUp(RespClient r) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (!"up".equals(r.info("master_link_status"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "replica link not up within 40 s: " + r.str("INFO", "replication"));
      }
      RedisServerProcess.sleep(50);
    }
  }

  private static void awaitLinkDown(RespClient r) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while ("up".equals(r.info("master_link_status"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("replica link still up after 20 s");
      }
      RedisServerProcess.sleep(20);
    }
  }

  /** Waits until the replica's offset equals the master's, then compares digests and keys. */
  private static void quiesceAndCompare(RedisServerProcess master, RedisServerProcess replica)
      throws IOException {
    try (RespClient m = master.client();
        RespClient r = replica.client()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      String mo;
      String ro;
      do {
        mo = m.info("master_repl_offset");
        ro = r.info("slave_repl_offset");
        if (mo.equals(ro) && "up".equals(r.info("master_link_status"))) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "offsets did not converge in 30 s: master "
                  + mo
                  + " replica "
                  + ro
                  + "\n"
                  + replica.tail());
        }
        RedisServerProcess.sleep(50);
      } while (true);
      assertThat(r.str("DEBUG", "DIGEST")).as("DEBUG DIGEST").isEqualTo(m.str("DEBUG", "DIGEST"));
      assertThat(dump(r)).as("key-by-key dump").isEqualTo(dump(m));
    }
  }

  /** Every key of every db with its type and value, sorted. */
  private static Map<String, String> dump(RespClient c) throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (int db = 0; db < 16; db++) {
      c.call("SELECT", Integer.toString(db));
      @SuppressWarnings("unchecked")
      List<Object> keys = (List<Object>) c.call("KEYS", "*");
      for (Object k : keys) {
        String key = k.toString();
        String type = c.str("TYPE", key);
        Object value =
            switch (type) {
              case "string" -> c.str("GET", key);
              case "list" -> c.call("LRANGE", key, "0", "-1");
              case "hash" -> new TreeMap<>(pairs(c.call("HGETALL", key)));
              case "set" ->
                  new java.util.TreeSet<>(
                      ((List<?>) c.call("SMEMBERS", key)).stream().map(Object::toString).toList());
              default -> type;
            };
        out.put(db + ":" + key, type + "=" + value);
      }
    }
    c.call("SELECT", "0");
    return out;
  }

  private static Map<String, Object> pairs(Object reply) {
    Map<String, Object> m = new TreeMap<>();
    List<?> l = (List<?>) reply;
    for (int i = 0; i + 1 < l.size(); i += 2) {
      m.put(l.get(i).toString(), l.get(i + 1));
    }
    return m;
  }

  /** Writes keys in two dbs until closed. */
  private static final class Writer implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong written = new AtomicLong();
    private final Thread thread;
    private volatile Exception failure;

    Writer(int port) {
      thread =
          new Thread(
              () -> {
                try (RespClient c = RespClient.connect(port)) {
                  long i = 0;
                  while (!stop.get()) {
                    c.call("SELECT", i % 2 == 0 ? "0" : "3");
                    c.call("SET", "w:" + i, "value-" + i);
                    c.call("RPUSH", "wlist", Long.toString(i));
                    written.incrementAndGet();
                    i++;
                  }
                } catch (Exception e) {
                  failure = e;
                }
              },
              "it-writer");
      thread.start();
    }

    long written() {
      return written.get();
    }

    @Override
    public void close() {
      stop.set(true);
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        throw new AssertionError("writer failed", failure);
      }
    }
  }
}
