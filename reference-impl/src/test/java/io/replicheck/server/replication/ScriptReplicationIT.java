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
 * Scripts and functions replicated between the reference server and redis-server 7.0, both ways: a
 * full sync carries the function libraries; scripts that draw random numbers, read the clock and
 * SPOP reach the replica as their effects (the replica's data equals the master's); FUNCTION LOAD,
 * FCALL and FUNCTION DELETE reach it; the script cache does not.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("interop") // needs redis-server
class ScriptReplicationIT {
  @RegisterExtension final StartedServers servers = new StartedServers("replicheck-script-it");

  static final String LIB =
      "#!lua name=lib1\n"
          + "redis.register_function('stamp', function(keys, args)"
          + " local t = redis.call('time')"
          + " redis.call('hset', keys[1], 'at', t[1] .. '.' .. t[2], 'r', math.random(1000000))"
          + " return redis.call('hlen', keys[1]) end)\n"
          + "redis.register_function{function_name='count', callback=function(keys)"
          + " return redis.call('hlen', keys[1]) end, flags={'no-writes'}}";

  static final String LIB2 =
      "#!lua name=lib2\nredis.register_function('pop', function(keys)"
          + " local m = redis.call('spop', keys[1]) if m then redis.call('rpush', keys[2], m) end"
          + " return m end)";

  @Test
  void redisReplicaOfReferenceMaster() throws Exception {
    RedisServerProcess master = servers.track(TestServers.reference("ref-master", servers.root()));
    RedisServerProcess replica = servers.track(TestServers.redis("redis-replica", servers.root()));
    scriptsAndFunctions(master, replica);
  }

  @Test
  void referenceReplicaOfRedisMaster() throws Exception {
    RedisServerProcess master = servers.track(TestServers.redis("redis-master", servers.root()));
    RedisServerProcess replica =
        servers.track(TestServers.reference("ref-replica", servers.root()));
    scriptsAndFunctions(master, replica);
  }

  /** The injected bug is visible in real processes: the script, not its effects, is replicated. */
  @Test
  void scriptPropagatedVerbatimDivergesARedisReplica() throws Exception {
    RedisServerProcess master =
        servers.track(
            TestServers.reference(
                "ref-master", servers.root(), "--inject-bug", "script-propagated-verbatim"));
    RedisServerProcess replica = servers.track(TestServers.redis("redis-replica", servers.root()));
    try (RespClient m = master.client();
        RespClient r = replica.client()) {
      r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port));
      awaitOffsets(m, r);
      String sha = m.str("SCRIPT", "LOAD", "return redis.call('set', KEYS[1], 'v')");
      m.call("EVALSHA", sha, "1", "only-on-master");
      awaitOffsets(m, r);
      assertThat(m.str("GET", "only-on-master")).isEqualTo("v");
      // The replica got EVALSHA of a script it never saw: NOSCRIPT, nothing written.
      assertThat(r.str("GET", "only-on-master")).isNull();
      m.call("CONFIG", "SET", "inject-bug", "none");
      m.call("EVALSHA", sha, "1", "now-replicated");
      awaitOffsets(m, r);
      assertThat(r.str("GET", "now-replicated")).isEqualTo("v");
    }
  }

  private void scriptsAndFunctions(RedisServerProcess master, RedisServerProcess replica)
      throws Exception {
    try (RespClient m = master.client();
        RespClient r = replica.client()) {
      m.call("FUNCTION", "FLUSH");
      r.call("FUNCTION", "FLUSH");
      m.call("FUNCTION", "LOAD", LIB);
      m.call("SADD", "pool", "a", "b", "c", "d", "e", "f");
      m.call("FCALL", "stamp", "1", "h0");

      // A full sync carries the libraries.
      r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port));
      quiesceAndCompare(m, r);
      assertThat(r.num("FCALL_RO", "count", "1", "h0")).isEqualTo(2);

      // Scripts are replicated as their effects: random numbers, the clock and SPOP included.
      for (int i = 0; i < 20; i++) {
        m.call(
            "EVAL",
            "redis.call('set', KEYS[1], math.random(1000000))"
                + " redis.call('rpush', KEYS[2], redis.call('time')[2])"
                + " redis.call('srem', KEYS[3], redis.call('srandmember', KEYS[3]) or 'x')"
                + " return 1",
            "3",
            "rnd" + i,
            "times",
            "pool");
        m.call("FCALL", "stamp", "1", "h" + i);
      }
      String sha = m.str("SCRIPT", "LOAD", "return redis.call('incr', KEYS[1])");
      m.call("EVALSHA", sha, "1", "counter");
      m.call("FUNCTION", "LOAD", LIB2);
      m.call("SADD", "pool2", "x", "y", "z");
      m.call("FCALL", "pop", "2", "pool2", "popped");
      quiesceAndCompare(m, r);
      assertThat(r.str("GET", "counter")).isEqualTo("1");
      assertThat(r.call("SCRIPT", "EXISTS", sha)).as("the script cache").isEqualTo(List.of(0L));
      assertThat(r.num("FCALL_RO", "count", "1", "h3")).isEqualTo(2);
      assertThat(libraries(r)).isEqualTo(libraries(m));

      m.call("FUNCTION", "DELETE", "lib1");
      quiesceAndCompare(m, r);
      assertThat(libraries(r)).containsExactly("lib2");
    }
  }

  /** Library names, sorted. */
  @SuppressWarnings("unchecked")
  private static List<String> libraries(RespClient c) throws IOException {
    List<String> names = new ArrayList<>();
    for (Object lib : (List<Object>) c.call("FUNCTION", "LIST")) {
      names.add(((List<Object>) lib).get(1).toString());
    }
    names.sort(null);
    return names;
  }

  private static void quiesceAndCompare(RespClient m, RespClient r) throws IOException {
    awaitOffsets(m, r);
    assertThat(r.str("DEBUG", "DIGEST")).as("DEBUG DIGEST").isEqualTo(m.str("DEBUG", "DIGEST"));
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
