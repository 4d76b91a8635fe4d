package io.replicheck.server.command;

import static io.replicheck.server.command.TestCore.err;
import static io.replicheck.server.command.TestCore.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyAndExpiryTest {
  final TestCore t = new TestCore();
  final TestCore.Conn c = t.connect();

  @Test
  void lazyExpiryDeletesAndPropagatesDel() {
    c.call("SET", "k", "v", "PX", "100");
    t.propagated.clear();
    t.clock.advance(100);
    assertThat(c.call("GET", "k")).isEqualTo("v");
    t.clock.advance(1);
    assertThat(c.call("GET", "k")).isNull();
    assertThat(t.propagated).containsExactly("0: DEL k");
    assertThat(t.core.stats().expiredKeys).isEqualTo(1);
  }

  @Test
  void writeOnExpiredKeyPropagatesDelThenCommandInMulti() {
    c.call("SET", "k", "v", "PX", "10");
    t.propagated.clear();
    t.clock.advance(11);
    c.call("SETNX", "k", "w");
    assertThat(t.propagated).containsExactly("0: MULTI", "0: DEL k", "0: SETNX k w", "0: EXEC");
  }

  @Test
  void activeExpiryDeletesInBackground() {
    for (int i = 0; i < 100; i++) {
      c.call("SET", "k" + i, "v", "PX", "50");
    }
    c.call("SET", "keep", "v");
    t.clock.advance(60);
    for (int i = 0; i < 50 && t.core.keyspace().db(0).size() > 1; i++) {
      t.core.cron();
    }
    assertThat(t.core.keyspace().db(0).size()).isEqualTo(1);
    assertThat(t.propagated.stream().filter(p -> p.startsWith("0: DEL k")).count()).isEqualTo(100);
  }

  @Test
  void replicaNeitherDeletesExpiredKeysNorShowsThem() {
    c.call("SET", "k", "v", "PX", "10");
    t.core.setReplica(true);
    t.clock.advance(20);
    t.core.cron();
    assertThat(t.core.keyspace().db(0).size()).isEqualTo(1);
    assertThat(c.call("GET", "k")).isNull();
    assertThat(t.core.keyspace().db(0).size()).isEqualTo(1);
    assertThat(c.call("SET", "x", "1"))
        .isEqualTo(err("READONLY You can't write against a read only replica."));
  }

  @Test
  void expireOptionsAndPropagation() {
    c.call("SET", "k", "v");
    assertThat(c.call("EXPIRE", "k", "100", "XX")).isEqualTo(0L);
    assertThat(c.call("EXPIRE", "k", "100", "NX")).isEqualTo(1L);
    assertThat(t.propagated.get(t.propagated.size() - 1))
        .isEqualTo("0: PEXPIREAT k " + (t.clock.currentTimeMillis() + 100_000));
    assertThat(c.call("EXPIRE", "k", "50", "GT")).isEqualTo(0L);
    assertThat(c.call("EXPIRE", "k", "50", "LT")).isEqualTo(1L);
    assertThat(c.call("TTL", "k")).isEqualTo(50L);
    assertThat(c.call("EXPIRETIME", "k")).isEqualTo((t.clock.currentTimeMillis() + 50_000) / 1000);
    assertThat(c.call("EXPIRE", "k", "1", "NX", "XX"))
        .isEqualTo(err("ERR NX and XX, GT or LT options at the same time are not compatible"));
    assertThat(c.call("PERSIST", "k")).isEqualTo(1L);
    assertThat(c.call("TTL", "k")).isEqualTo(-1L);
    assertThat(c.call("TTL", "nokey")).isEqualTo(-2L);
    assertThat(c.call("EXPIRE", "k", "-1")).isEqualTo(1L);
    assertThat(c.call("EXISTS", "k")).isEqualTo(0L);
    assertThat(t.propagated.get(t.propagated.size() - 1)).isEqualTo("0: DEL k");
  }

  @Test
  void renameMoveCopySelectSwap() {
    c.call("SET", "a", "1", "EX", "100");
    assertThat(c.call("RENAME", "a", "b")).isEqualTo(ok());
    assertThat(c.call("TTL", "b")).isEqualTo(100L);
    assertThat(c.call("RENAME", "zz", "b")).isEqualTo(err("ERR no such key"));
    c.call("SET", "c", "x");
    assertThat(c.call("RENAMENX", "b", "c")).isEqualTo(0L);
    assertThat(c.call("COPY", "c", "d")).isEqualTo(1L);
    assertThat(c.call("COPY", "c", "d")).isEqualTo(0L);
    assertThat(c.call("MOVE", "d", "1")).isEqualTo(1L);
    assertThat(c.call("SELECT", "1")).isEqualTo(ok());
    assertThat(c.call("GET", "d")).isEqualTo("x");
    assertThat(c.call("SELECT", "16")).isEqualTo(err("ERR DB index is out of range"));
    assertThat(c.call("SWAPDB", "0", "1")).isEqualTo(ok());
    assertThat(c.call("GET", "b")).isEqualTo("1");
    assertThat(c.call("DBSIZE")).isEqualTo(2L);
    assertThat(c.call("FLUSHDB")).isEqualTo(ok());
    assertThat(c.call("DBSIZE")).isEqualTo(0L);
  }

  @Test
  void scanVisitsEveryKeyAcrossResizes() {
    for (int i = 0; i < 500; i++) {
      c.call("SET", "key:" + i, "v");
    }
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    int rounds = 0;
    do {
      List<?> r = (List<?>) c.call("SCAN", cursor, "COUNT", "20");
      cursor = (String) r.get(0);
      for (Object k : (List<?>) r.get(1)) {
        seen.add((String) k);
      }
      if (rounds++ == 5) {
        for (int i = 0; i < 2000; i++) {
          c.call("SET", "extra:" + i, "v");
        }
      }
    } while (!cursor.equals("0") && rounds < 10_000);
    for (int i = 0; i < 500; i++) {
      assertThat(seen).contains("key:" + i);
    }
    List<?> typed =
        (List<?>) c.call("SCAN", "0", "MATCH", "key:1?", "COUNT", "100000", "TYPE", "string");
    assertThat(new ArrayList<Object>((List<?>) typed.get(1))).hasSize(10);
    assertThat(c.call("SCAN", "x")).isEqualTo(err("ERR invalid cursor"));
  }

  @Test
  void keysAndRandomKey() {
    c.call("MSET", "one", "1", "two", "2", "three", "3");
    assertThat(new ArrayList<Object>((List<?>) c.call("KEYS", "t*")))
        .containsExactlyInAnyOrder("two", "three");
    assertThat(c.call("RANDOMKEY")).isIn("one", "two", "three");
    assertThat(c.call("DEL", "one", "two", "nope")).isEqualTo(2L);
  }
}
