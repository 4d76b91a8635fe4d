package io.replicheck.server.command;

import static io.replicheck.server.command.TestCore.err;
import static io.replicheck.server.command.TestCore.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashAndSetTest {
  final TestCore t = new TestCore();
  final TestCore.Conn c = t.connect();

  static List<Object> list(Object o) {
    return new ArrayList<>((List<?>) o);
  }

  @Test
  void hashBasics() {
    assertThat(c.call("HSET", "h", "a", "1", "b", "2")).isEqualTo(2L);
    assertThat(c.call("HSET", "h", "a", "3")).isEqualTo(0L);
    assertThat(c.call("HGET", "h", "a")).isEqualTo("3");
    assertThat(c.call("HMGET", "h", "a", "x")).isEqualTo(Arrays.asList("3", null));
    assertThat(c.call("HGETALL", "h")).isEqualTo(List.of("a", "3", "b", "2"));
    assertThat(c.call("HSETNX", "h", "a", "9")).isEqualTo(0L);
    assertThat(c.call("HINCRBY", "h", "b", "5")).isEqualTo(7L);
    assertThat(c.call("HINCRBYFLOAT", "h", "f", "1.5")).isEqualTo("1.5");
    assertThat(t.propagated.get(t.propagated.size() - 1)).isEqualTo("0: HSET h f 1.5");
    assertThat(c.call("HINCRBY", "h", "f", "1")).isEqualTo(err("ERR hash value is not an integer"));
    assertThat(c.call("HLEN", "h")).isEqualTo(3L);
    assertThat(c.call("HSTRLEN", "h", "f")).isEqualTo(3L);
    assertThat(c.call("HEXISTS", "h", "z")).isEqualTo(0L);
    assertThat(c.call("HDEL", "h", "a", "b", "f")).isEqualTo(3L);
    assertThat(c.call("EXISTS", "h")).isEqualTo(0L);
    assertThat(c.call("HSET", "h", "a"))
        .isEqualTo(err("ERR wrong number of arguments for 'hset' command"));
    assertThat(c.call("HMSET", "h", "a", "1")).isEqualTo(ok());
  }

  @Test
  void hashEncodingFollowsThresholdsAndIsSticky() {
    c.call("HSET", "h", "f", "v");
    assertThat(c.call("OBJECT", "ENCODING", "h")).isEqualTo("listpack");
    c.call("HSET", "h", "big", "x".repeat(65));
    assertThat(c.call("OBJECT", "ENCODING", "h")).isEqualTo("hashtable");
    c.call("HDEL", "h", "big");
    assertThat(c.call("OBJECT", "ENCODING", "h")).isEqualTo("hashtable");
    c.call("CONFIG", "SET", "hash-max-listpack-entries", "2");
    c.call("HSET", "h2", "a", "1", "b", "2");
    assertThat(c.call("OBJECT", "ENCODING", "h2")).isEqualTo("listpack");
    c.call("HSET", "h2", "c", "3");
    assertThat(c.call("OBJECT", "ENCODING", "h2")).isEqualTo("hashtable");
  }

  @Test
  void resp3HgetallIsAMap() {
    c.call("HELLO", "3");
    c.call("HSET", "h", "a", "1");
    assertThat(c.call("HGETALL", "h")).isEqualTo(Map.of("a", "1"));
  }

  @Test
  void hrandfieldAndHscan() {
    for (int i = 0; i < 300; i++) {
      c.call("HSET", "h", "f" + i, "v" + i);
    }
    assertThat(list(c.call("HRANDFIELD", "h", "5"))).hasSize(5).doesNotHaveDuplicates();
    assertThat(list(c.call("HRANDFIELD", "h", "-400"))).hasSize(400);
    assertThat(list(c.call("HRANDFIELD", "h", "2", "WITHVALUES"))).hasSize(4);
    HashSet<Object> seen = new HashSet<>();
    String cursor = "0";
    do {
      List<?> r = (List<?>) c.call("HSCAN", "h", cursor);
      cursor = (String) r.get(0);
      List<?> items = (List<?>) r.get(1);
      for (int i = 0; i < items.size(); i += 2) {
        seen.add(items.get(i));
      }
    } while (!cursor.equals("0"));
    assertThat(seen).hasSize(300);
  }

  @Test
  void setBasicsAndEncodings() {
    assertThat(c.call("SADD", "s", "1", "2", "3", "2")).isEqualTo(3L);
    assertThat(c.call("OBJECT", "ENCODING", "s")).isEqualTo("intset");
    assertThat(list(c.call("SMEMBERS", "s"))).containsExactly("1", "2", "3");
    c.call("SADD", "s", "x");
    assertThat(c.call("OBJECT", "ENCODING", "s")).isEqualTo("hashtable");
    assertThat(c.call("SISMEMBER", "s", "x")).isEqualTo(1L);
    assertThat(c.call("SMISMEMBER", "s", "x", "9")).isEqualTo(List.of(1L, 0L));
    assertThat(c.call("SREM", "s", "x", "9")).isEqualTo(1L);
    assertThat(c.call("SCARD", "s")).isEqualTo(3L);
    c.call("CONFIG", "SET", "set-max-intset-entries", "2");
    c.call("SADD", "t", "1", "2");
    assertThat(c.call("OBJECT", "ENCODING", "t")).isEqualTo("intset");
    c.call("SADD", "t", "3");
    assertThat(c.call("OBJECT", "ENCODING", "t")).isEqualTo("hashtable");
  }

  @Test
  void spopPropagatesAsSrem() {
    c.call("SADD", "s", "a", "b", "c");
    t.propagated.clear();
    Object m = c.call("SPOP", "s");
    assertThat(t.propagated).containsExactly("0: SREM s " + m);
    t.propagated.clear();
    List<Object> two = list(c.call("SPOP", "s", "1"));
    assertThat(t.propagated).containsExactly("0: SREM s " + two.get(0));
    t.propagated.clear();
    c.call("SPOP", "s", "10");
    assertThat(t.propagated).containsExactly("0: DEL s");
  }

  @Test
  void setAlgebra() {
    c.call("SADD", "a", "1", "2", "3", "x");
    c.call("SADD", "b", "2", "3", "4");
    assertThat(new HashSet<>(list(c.call("SINTER", "a", "b")))).containsExactlyInAnyOrder("2", "3");
    assertThat(new HashSet<>(list(c.call("SUNION", "a", "b")))).hasSize(5);
    assertThat(new HashSet<>(list(c.call("SDIFF", "a", "b")))).containsExactlyInAnyOrder("1", "x");
    assertThat(c.call("SINTERSTORE", "d", "a", "b")).isEqualTo(2L);
    assertThat(c.call("OBJECT", "ENCODING", "d")).isEqualTo("intset");
    assertThat(c.call("SINTERCARD", "2", "a", "b", "LIMIT", "1")).isEqualTo(1L);
    assertThat(c.call("SINTERCARD", "3", "a", "b"))
        .isEqualTo(err("ERR Number of keys can't be greater than number of args"));
    assertThat(c.call("SDIFFSTORE", "d", "b", "b")).isEqualTo(0L);
    assertThat(c.call("EXISTS", "d")).isEqualTo(0L);
    assertThat(c.call("SMOVE", "a", "b", "x")).isEqualTo(1L);
    assertThat(c.call("SMOVE", "a", "b", "x")).isEqualTo(0L);
    assertThat(list(c.call("SRANDMEMBER", "b", "-10"))).hasSize(10);
    c.call("SET", "str", "v");
    assertThat(c.call("SINTER", "a", "str"))
        .isEqualTo(err("WRONGTYPE Operation against a key holding the wrong kind of value"));
  }
}
