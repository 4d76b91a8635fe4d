package io.replicheck.server.command;

import static io.replicheck.server.command.TestCore.err;
import static io.replicheck.server.command.TestCore.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.core.MemoryEstimate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** maxmemory and the eviction policies on a core without sockets. */
class EvictionTest {
  static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

  final TestCore t = new TestCore();
  final TestCore.Conn c = t.connect();

  private long used() {
    return t.core.eviction().usedMemory();
  }

  /** Sets maxmemory so that `room` more bytes fit above what is used now. */
  private void limitTo(long room) {
    assertThat(c.call("CONFIG", "SET", "maxmemory", Long.toString(used() + room))).isEqualTo(ok());
  }

  @Test
  void stringsAreMeasuredWhenStoredAndUnmeasuredWhenGone() {
    long empty = used();
    c.call("SET", "a", "x".repeat(100));
    long one = used();
    for (int i = 0; i < 5000; i++) {
      c.call("SET", "a", "y".repeat(100)); // overwrites of the same size leave the total alone
    }
    assertThat(used()).isEqualTo(one);
    c.call("APPEND", "a", "zz");
    c.call("SET", "b", "v");
    c.call("RENAME", "b", "c");
    c.call("SELECT", "1");
    c.call("SET", "d", "w");
    c.call("MOVE", "d", "0");
    c.call("SELECT", "0");
    long sum =
        (long) c.call("MEMORY", "USAGE", "a")
            + (long) c.call("MEMORY", "USAGE", "c")
            + (long) c.call("MEMORY", "USAGE", "d");
    assertThat(used()).isEqualTo(empty + sum);
    c.call("RPUSH", "a2", "q");
    c.call("RENAME", "a2", "a"); // a string replaced by a list
    c.call("DEL", "a", "c", "d");
    assertThat(used()).isEqualTo(empty);
  }

  @Test
  void usedMemoryFollowsWritesAndDeletes() {
    long empty = used();
    assertThat(empty).isEqualTo(MemoryEstimate.STARTUP);
    c.call("SET", "foo", "bar");
    assertThat(c.call("MEMORY", "USAGE", "foo")).isEqualTo(64L);
    assertThat(used()).isEqualTo(empty + 64);
    c.call("RPUSH", "l", "a", "b", "c");
    long withList = used();
    c.call("RPUSH", "l", "dddd");
    assertThat(used()).isGreaterThan(withList);
    c.call("DEL", "l", "foo");
    assertThat(used()).isEqualTo(empty);
    c.call("SET", "x", "1");
    c.call("FLUSHALL");
    assertThat(used()).isEqualTo(empty);
  }

  @Test
  void noevictionRefusesDenyOomWritesButServesReadsAndDeletes() {
    c.call("SET", "k", "v");
    limitTo(0);
    c.call("SET", "k2", "v2"); // goes over: now nothing fits
    assertThat(c.call("SET", "k3", "v")).isEqualTo(err(OOM));
    assertThat(c.call("GET", "k")).isEqualTo("v");
    assertThat(c.call("DEL", "k2")).isEqualTo(1L);
    assertThat(c.call("SET", "k3", "v")).isEqualTo(ok());
    assertThat(t.core.stats().evictedKeys).isZero();
  }

  @Test
  void outOfMemoryInsideMultiAbortsTheTransaction() {
    limitTo(0);
    c.call("SET", "k", "v");
    c.call("MULTI");
    assertThat(c.call("GET", "k")).isEqualTo(err(OOM));
    assertThat(c.call("EXEC"))
        .isEqualTo(err("EXECABORT Transaction discarded because of previous errors."));
  }

  @Test
  void execOfQueuedDenyOomCommandIsRefusedWhenMemoryRanOutMeanwhile() {
    TestCore.Conn other = t.connect();
    c.call("MULTI");
    c.call("SET", "a", "1");
    other.call("CONFIG", "SET", "maxmemory", Long.toString(used()));
    other.call("SET", "big", "x".repeat(100)); // over the limit now
    assertThat(c.call("EXEC")).isEqualTo(err(OOM));
  }

  @Test
  void allkeysLruEvictsTheLeastRecentlyUsedKeyAndPropagatesDel() {
    c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
    c.call("CONFIG", "SET", "maxmemory-samples", "64");
    for (int i = 0; i < 10; i++) {
      c.call("SET", "k" + i, "v");
    }
    t.clock.advance(5000);
    for (int i = 1; i < 10; i++) {
      c.call("GET", "k" + i);
    }
    limitTo(0);
    t.propagated.clear();
    assertThat(c.call("SET", "new", "v")).isEqualTo(ok());
    assertThat(c.call("SET", "new2", "v")).isEqualTo(ok());
    assertThat(t.propagated.get(0)).isEqualTo("0: SET new v");
    assertThat(t.propagated.get(1)).isEqualTo("0: DEL k0");
    assertThat(t.propagated.get(2)).isEqualTo("0: SET new2 v");
    assertThat(t.core.stats().evictedKeys).isEqualTo(1);
    assertThat(t.core.keyspace().db(0).peek("k0".getBytes())).isNull();
    String info = c.call("INFO", "stats").toString(); // INFO evicts too: it runs over the limit
    assertThat(info).contains("evicted_keys:" + t.core.stats().evictedKeys + "\r\n");
  }

  @Test
  void volatileTtlEvictsTheNearestExpiryOnlyAndLazyfreeUsesUnlink() {
    c.call("CONFIG", "SET", "maxmemory-policy", "volatile-ttl");
    c.call("CONFIG", "SET", "lazyfree-lazy-eviction", "yes");
    c.call("SET", "persistent", "v");
    c.call("SET", "late", "v", "EX", "1000");
    c.call("SET", "soon", "v", "EX", "10");
    limitTo(0);
    t.propagated.clear();
    c.call("SET", "more", "v");
    c.call("SET", "more2", "v");
    assertThat(t.propagated).contains("0: UNLINK soon").doesNotContain("0: UNLINK persistent");
    c.call("DEL", "late");
    c.call("SET", "more3", "x".repeat(50));
    c.call("SET", "more4", "x".repeat(50));
    // No key with a TTL is left to evict: writes are refused.
    assertThat(c.call("SET", "more5", "v")).isEqualTo(err(OOM));
    assertThat(c.call("EXISTS", "persistent")).isEqualTo(1L);
  }

  @Test
  void randomPolicyEvictsUntilMemoryFits() {
    c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
    for (int i = 0; i < 50; i++) {
      c.call("SET", "k" + i, "v");
    }
    long max = used() - 10 * 64;
    t.propagated.clear();
    // CONFIG SET itself evicts (redis's updateMaxmemory), not the next command
    c.call("CONFIG", "SET", "maxmemory", Long.toString(max));
    assertThat(used()).isLessThanOrEqualTo(max);
    assertThat(t.core.stats().evictedKeys).isEqualTo(10);
    assertThat(t.propagated).hasSize(10).allMatch(p -> p.startsWith("0: DEL k"));
  }

  @Test
  void aReplicaIgnoringMaxmemoryNeverEvicts() {
    c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
    for (int i = 0; i < 10; i++) {
      c.call("SET", "k" + i, "v");
    }
    t.core.setReplica(true);
    c.call("CONFIG", "SET", "maxmemory", "1"); // evicts nothing on a replica that ignores it
    assertThat(c.call("GET", "k1")).isEqualTo("v");
    assertThat(c.call("DBSIZE")).isEqualTo(10L);
    c.call("CONFIG", "SET", "replica-ignore-maxmemory", "no");
    c.call("GET", "k1");
    assertThat(c.call("DBSIZE")).isEqualTo(0L);
  }

  @Test
  void lfuPolicyTracksFrequencyAndIdletimeIsRefused() {
    c.call("SET", "k", "v");
    assertThat(c.call("OBJECT", "FREQ", "k").toString()).contains("LFU maxmemory policy is not");
    c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
    c.call("SET", "k", "v");
    assertThat(c.call("OBJECT", "FREQ", "k")).isEqualTo(5L);
    for (int i = 0; i < 200; i++) {
      c.call("GET", "k");
    }
    assertThat((Long) c.call("OBJECT", "FREQ", "k")).isGreaterThan(5L);
    assertThat(c.call("OBJECT", "IDLETIME", "k").toString())
        .contains("LFU maxmemory policy is sel");
    c.call("SET", "cold", "v");
    List<String> before = new ArrayList<>(t.propagated);
    limitTo(0);
    c.call("SET", "new", "v");
    c.call("SET", "new2", "v");
    assertThat(t.propagated.subList(before.size(), t.propagated.size())).doesNotContain("0: DEL k");
  }
}
