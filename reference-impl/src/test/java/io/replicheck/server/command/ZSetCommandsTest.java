package io.replicheck.server.command;

import static io.replicheck.server.command.TestCore.err;
import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.core.Keyspace;
import io.replicheck.server.core.Limits;
import io.replicheck.server.core.RZSet;
import io.replicheck.server.resp.ReplyRecorder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sorted sets against the core without sockets: replies, errors, encodings, propagation. */
class ZSetCommandsTest {
  final TestCore t = new TestCore();
  final TestCore.Conn c = t.connect();

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void rzsetKeepsRedisOrderAndRanks() {
    Limits limits = new Limits();
    RZSet z = RZSet.listpack();
    z.insert(b("b"), 1, limits);
    z.insert(b("a"), 1, limits);
    z.insert(b("c"), 0.5, limits);
    z.insert(b("-"), -1, limits);
    assertThat(z.memberList())
        .extracting(m -> new String(m, StandardCharsets.UTF_8))
        .containsExactly("-", "c", "a", "b");
    assertThat(z.rank(b("a"))).isEqualTo(2);
    z.updateScore(b("a"), 1, 5);
    assertThat(z.rank(b("a"))).isEqualTo(3);
    assertThat(z.remove(b("c"))).isTrue();
    assertThat(z.size()).isEqualTo(3);
    assertThat(z.firstInRange(new RZSet.ScoreRange(0, 10, true, false))).isEqualTo(1);
    assertThat(z.lastInRange(new RZSet.ScoreRange(0, 5, false, true))).isEqualTo(1);
  }

  @Test
  void zaddFlagsAndErrorsAsRedis() {
    assertThat(c.call("ZADD", "z", "1", "a", "2", "b")).isEqualTo(2L);
    assertThat(c.call("ZADD", "z", "CH", "3", "a", "3", "c")).isEqualTo(2L);
    assertThat(c.call("ZADD", "z", "NX", "XX", "1", "a"))
        .isEqualTo(err("ERR XX and NX options at the same time are not compatible"));
    assertThat(c.call("ZADD", "z", "GT", "LT", "1", "a"))
        .isEqualTo(err("ERR GT, LT, and/or NX options at the same time are not compatible"));
    assertThat(c.call("ZADD", "z", "INCR", "1", "a", "2", "b"))
        .isEqualTo(err("ERR INCR option supports a single increment-element pair"));
    assertThat(c.call("ZADD", "z", "x", "a")).isEqualTo(err("ERR value is not a valid float"));
    assertThat(c.call("ZADD", "z", "1", "a", "2")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZADD", "z", "GT", "1", "a")).isEqualTo(0L);
    assertThat(c.call("ZSCORE", "z", "a")).isEqualTo("3");
    assertThat(c.call("ZADD", "z", "INCR", "0.1", "a")).isEqualTo("3.1000000000000001");
    assertThat(c.call("ZADD", "z", "XX", "INCR", "1", "nope")).isNull();
    assertThat(c.call("ZINCRBY", "z", "inf", "b")).isEqualTo("inf");
    assertThat(c.call("ZINCRBY", "z", "-inf", "b"))
        .isEqualTo(err("ERR resulting score is not a number (NaN)"));
    c.call("SET", "s", "x");
    assertThat(c.call("ZADD", "s", "1", "a"))
        .isEqualTo(err("WRONGTYPE Operation against a key holding the wrong kind of value"));
  }

  @Test
  void rangesByRankScoreAndLex() {
    c.call("ZADD", "z", "0", "a", "0", "b", "0", "c", "0", "d");
    assertThat(c.call("ZRANGE", "z", "1", "-2")).isEqualTo(List.of("b", "c"));
    assertThat(c.call("ZRANGE", "z", "(b", "+", "BYLEX", "LIMIT", "1", "5"))
        .isEqualTo(List.of("d"));
    assertThat(c.call("ZRANGE", "z", "[c", "-", "BYLEX", "REV")).isEqualTo(List.of("c", "b", "a"));
    assertThat(c.call("ZRANGE", "z", "0", "1", "LIMIT", "0", "1"))
        .isEqualTo(
            err(
                "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or"
                    + " BYLEX"));
    assertThat(c.call("ZRANGEBYLEX", "z", "a", "+"))
        .isEqualTo(err("ERR min or max not valid string range item"));
    c.call("ZADD", "s", "1", "x", "2", "y", "3", "z");
    assertThat(c.call("ZRANGEBYSCORE", "s", "(1", "+inf", "WITHSCORES"))
        .isEqualTo(List.of("y", "2", "z", "3"));
    assertThat(c.call("ZREVRANGEBYSCORE", "s", "+inf", "-inf", "LIMIT", "1", "1"))
        .isEqualTo(List.of("y"));
    assertThat(c.call("ZCOUNT", "s", "x", "1")).isEqualTo(err("ERR min or max is not a float"));
    assertThat(c.call("ZRANGESTORE", "d", "s", "0", "0")).isEqualTo(1L);
    assertThat(c.call("ZRANGE", "d", "0", "-1", "WITHSCORES")).isEqualTo(List.of("x", "1"));
    assertThat(c.call("ZRANGESTORE", "d", "nothing", "0", "-1")).isEqualTo(0L);
    assertThat(c.call("EXISTS", "d")).isEqualTo(0L);
    assertThat(c.call("ZREMRANGEBYSCORE", "s", "-inf", "(3")).isEqualTo(2L);
    assertThat(c.call("ZREMRANGEBYRANK", "s", "0", "-1")).isEqualTo(1L);
    assertThat(c.call("EXISTS", "s")).isEqualTo(0L);
  }

  @Test
  void encodingFollowsThresholdsAndStoreConvertsBack() {
    c.call("CONFIG", "SET", "zset-max-listpack-entries", "2");
    c.call("ZADD", "z", "1", "a", "2", "b");
    assertThat(c.call("OBJECT", "ENCODING", "z")).isEqualTo("listpack");
    c.call("ZADD", "z", "3", "c");
    assertThat(c.call("OBJECT", "ENCODING", "z")).isEqualTo("skiplist");
    c.call("ZREM", "z", "c");
    assertThat(c.call("OBJECT", "ENCODING", "z")).isEqualTo("skiplist");
    c.call("ZUNIONSTORE", "u", "1", "z");
    assertThat(c.call("OBJECT", "ENCODING", "u")).isEqualTo("listpack");
    c.call("ZADD", "long", "1", "x".repeat(65));
    assertThat(c.call("OBJECT", "ENCODING", "long")).isEqualTo("skiplist");
    assertThat(c.call("TYPE", "z")).hasToString("zset");
  }

  @Test
  void algebraWithWeightsAndAggregate() {
    c.call("ZADD", "a", "1", "x", "2", "y");
    c.call("ZADD", "b", "10", "y", "20", "z");
    c.call("SADD", "s", "y");
    assertThat(c.call("ZUNION", "2", "a", "b", "WITHSCORES"))
        .isEqualTo(List.of("x", "1", "y", "12", "z", "20"));
    assertThat(c.call("ZINTER", "3", "a", "b", "s", "AGGREGATE", "MAX", "WITHSCORES"))
        .isEqualTo(List.of("y", "10"));
    assertThat(c.call("ZUNION", "2", "a", "b", "WEIGHTS", "2", "0.5"))
        .isEqualTo(List.of("x", "y", "z"));
    assertThat(c.call("ZDIFF", "2", "a", "b")).isEqualTo(List.of("x"));
    assertThat(c.call("ZINTERCARD", "2", "a", "b", "LIMIT", "-1"))
        .isEqualTo(err("ERR LIMIT can't be negative"));
    assertThat(c.call("ZUNIONSTORE", "d", "0", "a"))
        .isEqualTo(err("ERR at least 1 input key is needed for 'zunionstore' command"));
    assertThat(c.call("ZINTERSTORE", "d", "2", "a", "b")).isEqualTo(1L);
  }

  @Test
  void popsPropagateAsRedisDoes() {
    c.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
    t.propagated.clear();
    assertThat(c.call("ZMPOP", "2", "none", "z", "MAX", "COUNT", "5"))
        .isEqualTo(List.of("z", List.of(List.of("c", "3"), List.of("b", "2"), List.of("a", "1"))));
    assertThat(t.propagated).containsExactly("0: ZPOPMAX z 3");
    assertThat(c.call("EXISTS", "z")).isEqualTo(0L);
    assertThat(c.call("ZPOPMIN", "z", "-1"))
        .isEqualTo(err("ERR value is out of range, must be positive"));
    assertThat(c.call("ZRANDMEMBER", "z", "5")).isEqualTo(List.of());
    t.propagated.clear();
    c.call("ZADD", "r", "1", "a");
    c.call("ZRANDMEMBER", "r", "-3", "WITHSCORES");
    assertThat(t.propagated).containsExactly("0: ZADD r 1 a");
  }

  @Test
  void blockingPopServedByZaddPropagatesAsZpop() {
    TestCore.Conn b = t.connect();
    TestCore.Conn l = t.connect();
    assertThat(l.call("BLPOP", "q", "0")).isSameAs(ReplyRecorder.NONE);
    assertThat(b.call("BZPOPMIN", "q", "0")).isSameAs(ReplyRecorder.NONE);
    t.propagated.clear();
    c.call("ZADD", "q", "5", "m");
    assertThat(b.next()).isEqualTo(List.of("q", "m", "5"));
    assertThat(l.client.isBlocked()).isTrue(); // a list waiter is not served by a sorted set
    assertThat(t.propagated).containsExactly("0: ZADD q 5 m", "0: ZPOPMIN q");
    assertThat(c.call("MULTI")).isNotNull();
    c.call("BZMPOP", "0", "1", "q", "MIN");
    assertThat(c.call("EXEC")).isEqualTo(Arrays.asList((Object) null));
  }

  @Test
  void rdbFormRoundTripsWithEncodingRules() {
    c.call("ZADD", "z", "1.5", "a", "-inf", "b");
    RZSet z = (RZSet) t.core.keyspace().db(0).peek(b("z"));
    var v = Keyspace.toRdb(z);
    RZSet back = (RZSet) Keyspace.fromRdb(v, new Limits());
    assertThat(back.memberList()).usingRecursiveComparison().isEqualTo(z.memberList());
    assertThat(back.scoreList()).containsExactly(Double.NEGATIVE_INFINITY, 1.5);
  }
}
