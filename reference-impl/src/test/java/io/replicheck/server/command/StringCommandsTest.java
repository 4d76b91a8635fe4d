package io.replicheck.server.command;

import static io.replicheck.server.command.TestCore.err;
import static io.replicheck.server.command.TestCore.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StringCommandsTest {
  final TestCore t = new TestCore();
  final TestCore.Conn c = t.connect();

  @Test
  void setGetAndOptions() {
    assertThat(c.call("SET", "k", "v")).isEqualTo(ok());
    assertThat(c.call("GET", "k")).isEqualTo("v");
    assertThat(c.call("SET", "k", "w", "NX")).isNull();
    assertThat(c.call("SET", "k", "w", "XX", "GET")).isEqualTo("v");
    assertThat(c.call("GET", "k")).isEqualTo("w");
    assertThat(c.call("SET", "new", "x", "XX")).isNull();
    assertThat(c.call("SET", "k", "v", "NX", "XX")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("SET", "k", "v", "EX", "0"))
        .isEqualTo(err("ERR invalid expire time in 'set' command"));
    assertThat(c.call("SET", "k", "v", "EX", "abc"))
        .isEqualTo(err("ERR value is not an integer or out of range"));
    assertThat(c.call("SET", "k", "v", "KEEPTTL", "EX", "10")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("GET")).isEqualTo(err("ERR wrong number of arguments for 'get' command"));
  }

  @Test
  void setWithExpiryPropagatesAsPxat() {
    c.call("SET", "k", "v", "EX", "10");
    assertThat(c.call("PTTL", "k")).isEqualTo(10_000L);
    assertThat(t.propagated)
        .containsExactly("0: SET k v PXAT " + (t.clock.currentTimeMillis() + 10_000));
    t.propagated.clear();
    c.call("SET", "k", "v2", "GET");
    assertThat(t.propagated).containsExactly("0: SET k v2");
  }

  @Test
  void keepTtlAndOverwriteDropsTtl() {
    c.call("SET", "k", "v", "PX", "5000");
    c.call("SET", "k", "v2", "KEEPTTL");
    assertThat(c.call("PTTL", "k")).isEqualTo(5000L);
    c.call("SET", "k", "v3");
    assertThat(c.call("TTL", "k")).isEqualTo(-1L);
  }

  @Test
  void wrongTypeError() {
    c.call("RPUSH", "l", "a");
    assertThat(c.call("GET", "l"))
        .isEqualTo(err("WRONGTYPE Operation against a key holding the wrong kind of value"));
    assertThat(c.call("SET", "l", "x", "GET"))
        .isEqualTo(err("WRONGTYPE Operation against a key holding the wrong kind of value"));
    assertThat(c.call("TYPE", "l")).isEqualTo(TestCore.simple("list"));
  }

  @Test
  void counters() {
    assertThat(c.call("INCR", "n")).isEqualTo(1L);
    assertThat(c.call("INCRBY", "n", "41")).isEqualTo(42L);
    assertThat(c.call("DECRBY", "n", "2")).isEqualTo(40L);
    assertThat(c.call("DECR", "n")).isEqualTo(39L);
    c.call("SET", "s", "abc");
    assertThat(c.call("INCR", "s")).isEqualTo(err("ERR value is not an integer or out of range"));
    c.call("SET", "max", "9223372036854775807");
    assertThat(c.call("INCR", "max")).isEqualTo(err("ERR increment or decrement would overflow"));
    c.call("SET", "f", "10.50");
    assertThat(c.call("INCRBYFLOAT", "f", "0.1")).isEqualTo("10.6");
    // redis adds in long double and prints 17 decimals (redis-server 7.0.15 answers this too)
    assertThat(c.call("INCRBYFLOAT", "f", "5.0e3")).isEqualTo("5010.60000000000000009");
    assertThat(t.propagated.get(t.propagated.size() - 1))
        .isEqualTo("0: SET f 5010.60000000000000009 KEEPTTL");
    assertThat(c.call("OBJECT", "ENCODING", "n")).isEqualTo("int");
  }

  @Test
  void encodings() {
    c.call("SET", "a", "12345");
    c.call("SET", "b", "x".repeat(44));
    c.call("SET", "c", "x".repeat(45));
    c.call("SET", "d", "01");
    assertThat(c.call("OBJECT", "ENCODING", "a")).isEqualTo("int");
    assertThat(c.call("OBJECT", "ENCODING", "b")).isEqualTo("embstr");
    assertThat(c.call("OBJECT", "ENCODING", "c")).isEqualTo("raw");
    assertThat(c.call("OBJECT", "ENCODING", "d")).isEqualTo("embstr");
    c.call("APPEND", "a", "6");
    assertThat(c.call("OBJECT", "ENCODING", "a")).isEqualTo("raw");
    assertThat(c.call("OBJECT", "ENCODING", "missing")).isNull();
  }

  @Test
  void rangesAndAppend() {
    assertThat(c.call("APPEND", "k", "Hello")).isEqualTo(5L);
    assertThat(c.call("APPEND", "k", " World")).isEqualTo(11L);
    assertThat(c.call("GETRANGE", "k", "0", "4")).isEqualTo("Hello");
    assertThat(c.call("GETRANGE", "k", "-5", "-1")).isEqualTo("World");
    assertThat(c.call("GETRANGE", "k", "5", "2")).isEqualTo("");
    assertThat(c.call("SETRANGE", "k", "6", "Redis")).isEqualTo(11L);
    assertThat(c.call("GET", "k")).isEqualTo("Hello Redis");
    assertThat(c.call("SETRANGE", "z", "3", "a")).isEqualTo(4L);
    assertThat(c.call("GET", "z")).isEqualTo("\0\0\0a");
    assertThat(c.call("STRLEN", "k")).isEqualTo(11L);
    assertThat(c.call("SETRANGE", "k", "-1", "a")).isEqualTo(err("ERR offset is out of range"));
  }

  @Test
  void multiKey() {
    assertThat(c.call("MSET", "a", "1", "b", "2")).isEqualTo(ok());
    assertThat(c.call("MGET", "a", "b", "c")).isEqualTo(Arrays.asList("1", "2", null));
    assertThat(c.call("MSETNX", "c", "3", "a", "9")).isEqualTo(0L);
    assertThat(c.call("MSETNX", "c", "3", "d", "4")).isEqualTo(1L);
    assertThat(c.call("MSET", "a"))
        .isEqualTo(err("ERR wrong number of arguments for 'mset' command"));
    assertThat(c.call("GETSET", "a", "x")).isEqualTo("1");
    assertThat(c.call("GETDEL", "a")).isEqualTo("x");
    assertThat(c.call("EXISTS", "a")).isEqualTo(0L);
    assertThat(c.call("SETNX", "a", "1")).isEqualTo(1L);
    assertThat(c.call("SETNX", "a", "2")).isEqualTo(0L);
  }

  @Test
  void getexAndSetex() {
    c.call("SETEX", "k", "100", "v");
    assertThat(c.call("TTL", "k")).isEqualTo(100L);
    assertThat(c.call("GETEX", "k", "PERSIST")).isEqualTo("v");
    assertThat(c.call("TTL", "k")).isEqualTo(-1L);
    assertThat(c.call("GETEX", "k", "PX", "1500")).isEqualTo("v");
    assertThat(c.call("PTTL", "k")).isEqualTo(1500L);
    assertThat(t.propagated.get(t.propagated.size() - 1))
        .isEqualTo("0: PEXPIREAT k " + (t.clock.currentTimeMillis() + 1500));
    assertThat(c.call("SETEX", "k", "-1", "v"))
        .isEqualTo(err("ERR invalid expire time in 'setex' command"));
    assertThat(c.call("PSETEX", "p", "10", "v")).isEqualTo(ok());
  }

  @Test
  void unknownCommandAndArgs() {
    assertThat(c.call("FOO", "a", "b"))
        .isEqualTo(err("ERR unknown command 'FOO', with args beginning with: 'a' 'b' "));
    assertThat(c.call("foo"))
        .isEqualTo(err("ERR unknown command 'foo', with args beginning with: "));
  }
}
