package io.replicheck.server.command;

import static io.replicheck.server.command.TestCore.err;
import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.rdb.DatasetDigest;
import io.replicheck.rdb.RdbValue;
import io.replicheck.rdb.StreamListpacks;
import io.replicheck.server.core.Keyspace;
import io.replicheck.server.core.RStream;
import io.replicheck.server.resp.ReplyRecorder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Streams against the core without sockets: replies, errors, node layout, propagation, RDB. */
class StreamCommandsTest {
  final TestCore t = new TestCore();
  final TestCore.Conn c = t.connect();

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  RStream stream(String key) {
    return (RStream) t.core.keyspace().db(0).peek(b(key));
  }

  @Test
  void xaddGeneratesIdsFromTheClockAndPropagatesThemExplicitly() {
    assertThat(c.call("XADD", "s", "*", "a", "1")).isEqualTo("1700000000000-0");
    assertThat(c.call("XADD", "s", "*", "a", "2")).isEqualTo("1700000000000-1");
    assertThat(c.call("XADD", "s", "1700000000000-*", "a", "3")).isEqualTo("1700000000000-2");
    assertThat(c.call("XADD", "s", "5-1", "a", "1"))
        .isEqualTo(
            err(
                "ERR The ID specified in XADD is equal or smaller than the target stream top item"));
    assertThat(c.call("XADD", "s", "0-0", "a", "1"))
        .isEqualTo(err("ERR The ID specified in XADD must be greater than 0-0"));
    assertThat(c.call("XADD", "s", "1-", "a", "1"))
        .isEqualTo(err("ERR Invalid stream ID specified as stream command argument"));
    assertThat(c.call("XADD", "s", "*", "a"))
        .isEqualTo(err("ERR wrong number of arguments for 'xadd' command"));
    assertThat(c.call("XADD", "s", "MAXLEN", "1", "LIMIT", "5", "*", "a", "1"))
        .isEqualTo(err("ERR syntax error, LIMIT cannot be used without the special ~ option"));
    assertThat(c.call("XADD", "none", "NOMKSTREAM", "*", "a", "1")).isNull();
    assertThat(c.call("EXISTS", "none")).isEqualTo(0L);
    assertThat(t.propagated)
        .containsExactly(
            "0: XADD s 1700000000000-0 a 1",
            "0: XADD s 1700000000000-1 a 2",
            "0: XADD s 1700000000000-2 a 3");
  }

  @Test
  void nodesSplitAtOneHundredEntriesAndApproximateTrimRemovesWholeNodes() {
    for (int i = 1; i <= 250; i++) {
      c.call("XADD", "s", i + "-1", "f", "v" + i);
    }
    RStream s = stream("s");
    assertThat(s.nodeCount()).isEqualTo(3);
    t.propagated.clear();
    // 250 - 100 < 200: no whole node can go.
    assertThat(c.call("XTRIM", "s", "MAXLEN", "~", "200")).isEqualTo(0L);
    assertThat(c.call("XTRIM", "s", "MAXLEN", "~", "120")).isEqualTo(100L);
    assertThat(t.propagated).containsExactly("0: XTRIM s MAXLEN = 150");
    // Exact trimming leaves tombstones inside the node.
    assertThat(c.call("XTRIM", "s", "MINID", "110-0")).isEqualTo(9L);
    assertThat(s.nodeCount()).isEqualTo(2);
    assertThat(c.call("XRANGE", "s", "-", "+", "COUNT", "1"))
        .isEqualTo(List.of(List.of("110-1", List.of("f", "v110"))));
    assertThat(c.call("XDEL", "s", "110-1", "999-0")).isEqualTo(1L);
    assertThat(s.firstId.toString()).isEqualTo("111-1");
    assertThat(s.maxDeletedId.toString()).isEqualTo("110-1");
    t.propagated.clear();
    c.call("XADD", "s", "MAXLEN", "~", "10", "300-1", "f", "x");
    assertThat(t.propagated).containsExactly("0: XADD s MAXLEN = 51 300-1 f x");
  }

  @Test
  void rangesHonourExclusiveBoundsCountAndReverse() {
    for (int i = 1; i <= 5; i++) {
      c.call("XADD", "s", i + "-0", "n", Integer.toString(i));
    }
    assertThat(c.call("XRANGE", "s", "(2-0", "4")).asList().hasSize(2);
    assertThat(c.call("XREVRANGE", "s", "+", "-", "COUNT", "2"))
        .isEqualTo(List.of(List.of("5-0", List.of("n", "5")), List.of("4-0", List.of("n", "4"))));
    assertThat(c.call("XRANGE", "s", "-", "+", "COUNT", "0")).isNull();
    assertThat(c.call("XRANGE", "s", "(18446744073709551615-18446744073709551615", "+"))
        .isEqualTo(err("ERR invalid start ID for the interval"));
    assertThat(c.call("XRANGE", "s", "-", "+", "COUNT")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("XLEN", "s")).isEqualTo(5L);
    c.call("SET", "str", "x");
    assertThat(c.call("XLEN", "str"))
        .isEqualTo(err("WRONGTYPE Operation against a key holding the wrong kind of value"));
  }

  @Test
  void groupReadsPropagateAsXclaimAndNoackAsSetid() {
    c.call("XADD", "s", "1-1", "a", "1");
    c.call("XADD", "s", "2-1", "a", "2");
    c.call("XADD", "s", "3-1", "a", "3");
    assertThat(c.call("XGROUP", "CREATE", "s", "g", "0")).isEqualTo(TestCore.ok());
    assertThat(c.call("XGROUP", "CREATE", "s", "g", "0"))
        .isEqualTo(err("BUSYGROUP Consumer Group name already exists"));
    t.propagated.clear();
    t.clock.advance(5);
    assertThat(c.call("XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">"))
        .isEqualTo(
            List.of(
                List.of(
                    "s",
                    List.of(
                        List.of("1-1", List.of("a", "1")), List.of("2-1", List.of("a", "2"))))));
    long now = t.clock.currentTimeMillis();
    assertThat(t.propagated)
        .containsExactly(
            "0: MULTI",
            "0: XCLAIM s g alice 0 1-1 TIME " + now + " RETRYCOUNT 1 FORCE JUSTID LASTID 1-1",
            "0: XCLAIM s g alice 0 2-1 TIME " + now + " RETRYCOUNT 1 FORCE JUSTID LASTID 2-1",
            "0: EXEC");
    t.propagated.clear();
    c.call("XREADGROUP", "GROUP", "g", "bob", "NOACK", "STREAMS", "s", ">");
    assertThat(t.propagated)
        .containsExactly(
            "0: MULTI",
            "0: XGROUP CREATECONSUMER s g bob",
            "0: XGROUP SETID s g 3-1 ENTRIESREAD 3",
            "0: EXEC");
    assertThat(c.call("XPENDING", "s", "g"))
        .isEqualTo(List.of(2L, "1-1", "2-1", List.of(List.of("alice", "2"))));
    assertThat(c.call("XREADGROUP", "GROUP", "g", "x", "STREAMS", "s", "$"))
        .isInstanceOf(ReplyRecorder.Err.class);
    assertThat(c.call("XREADGROUP", "GROUP", "nog", "x", "STREAMS", "s", ">"))
        .isEqualTo(
            err(
                "NOGROUP No such key 's' or consumer group 'nog' in XREADGROUP with GROUP"
                    + " option"));
  }

  @Test
  void claimsMoveOwnershipAndDropDeletedEntries() {
    c.call("XADD", "s", "1-1", "a", "1");
    c.call("XADD", "s", "2-1", "a", "2");
    c.call("XGROUP", "CREATE", "s", "g", "0");
    c.call("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">");
    c.call("XDEL", "s", "1-1");
    t.propagated.clear();
    Object r = c.call("XAUTOCLAIM", "s", "g", "bob", "0", "0", "JUSTID");
    assertThat(r).isEqualTo(List.of("0-0", List.of("2-1"), List.of("1-1")));
    assertThat(t.propagated).hasSize(4); // MULTI, XCLAIM for the deleted one, XCLAIM, EXEC
    assertThat(t.propagated.get(1)).startsWith("0: XCLAIM s g alice 0 1-1 TIME ");
    assertThat(t.propagated.get(2)).contains("XCLAIM s g bob 0 2-1").contains("RETRYCOUNT 1");
    assertThat(c.call("XCLAIM", "s", "g", "carol", "0", "2-1", "FOO"))
        .isEqualTo(err("ERR Unrecognized XCLAIM option 'FOO'"));
    assertThat(c.call("XCLAIM", "s", "g", "carol", "0", "2-1", "RETRYCOUNT", "7"))
        .isEqualTo(List.of(List.of("2-1", List.of("a", "2"))));
    assertThat(c.call("XPENDING", "s", "g", "-", "+", "10"))
        .isEqualTo(List.of(List.of("2-1", "carol", 0L, 7L)));
    assertThat(c.call("XACK", "s", "g", "2-1", "9-9")).isEqualTo(1L);
    assertThat(c.call("XGROUP", "DELCONSUMER", "s", "g", "carol")).isEqualTo(0L);
    assertThat(c.call("XINFO", "CONSUMERS", "s", "g")).asList().hasSize(2);
  }

  @Test
  void blockedReadersAreServedByXadd() {
    TestCore.Conn r = t.connect();
    TestCore.Conn g = t.connect();
    c.call("XGROUP", "CREATE", "s", "grp", "$", "MKSTREAM");
    assertThat(r.call("XREAD", "BLOCK", "0", "STREAMS", "s", "$")).isSameAs(ReplyRecorder.NONE);
    assertThat(g.call("XREADGROUP", "GROUP", "grp", "c1", "BLOCK", "0", "STREAMS", "s", ">"))
        .isSameAs(ReplyRecorder.NONE);
    t.propagated.clear();
    c.call("XADD", "s", "7-1", "k", "v");
    Object served = List.of(List.of("s", List.of(List.of("7-1", List.of("k", "v")))));
    assertThat(r.next()).isEqualTo(served);
    assertThat(g.next()).isEqualTo(served);
    assertThat(t.propagated.get(0)).isEqualTo("0: XADD s 7-1 k v");
    assertThat(t.propagated.get(1)).startsWith("0: XCLAIM s grp c1 0 7-1 TIME ");
    // A destroyed group answers its blocked readers.
    assertThat(g.call("XREADGROUP", "GROUP", "grp", "c1", "BLOCK", "0", "STREAMS", "s", ">"))
        .isSameAs(ReplyRecorder.NONE);
    c.call("XGROUP", "DESTROY", "s", "grp");
    assertThat(g.next())
        .isEqualTo(err("NOGROUP the consumer group this client was blocked on no longer exists"));
    c.call("MULTI");
    c.call("XREAD", "BLOCK", "0", "STREAMS", "s", "$");
    assertThat(c.call("EXEC")).isEqualTo(Arrays.asList((Object) null));
  }

  @Test
  void nodeListpackIsRedissByteForByte() {
    c.call("XADD", "s", "1-1", "a", "1");
    RdbValue.StreamValue v = stream("s").toRdb();
    // What redis-server 7.0.15 saves for XADD s 1-1 a 1.
    assertThat(HexFormat.of().formatHex(v.nodes().get(0).listpack()))
        .isEqualTo("1c0000000a00010100010101816102000102010001000101010401ff");
  }

  @Test
  void rdbFormRoundTripsWithGroupsAndTombstones() {
    for (int i = 1; i <= 120; i++) {
      c.call("XADD", "s", i + "-0", i % 2 == 0 ? "even" : "odd", "x" + i);
    }
    c.call("XDEL", "s", "3-0", "50-0");
    c.call("XGROUP", "CREATE", "s", "g", "0");
    c.call("XREADGROUP", "GROUP", "g", "alice", "COUNT", "5", "STREAMS", "s", ">");
    c.call("XGROUP", "CREATECONSUMER", "s", "g", "bob");
    RStream s = stream("s");
    RdbValue.StreamValue v = (RdbValue.StreamValue) Keyspace.toRdb(s);
    RStream back = (RStream) Keyspace.fromRdb(v, new io.replicheck.server.core.Limits());
    RdbValue.StreamValue again = back.toRdb();
    assertThat(again.nodes()).hasSameSizeAs(v.nodes());
    for (int i = 0; i < v.nodes().size(); i++) {
      assertThat(again.nodes().get(i).listpack()).isEqualTo(v.nodes().get(i).listpack());
    }
    assertThat(io.replicheck.rdb.RdbValues.sameContent(v, again)).isTrue();
    assertThat(StreamListpacks.liveEntries(v)).hasSize(118);
    assertThat(back.group(b("g")).consumers).hasSize(2);
    assertThat(back.group(b("g")).pel.get(new StreamListpacks.Id(1, 0)).consumer.name)
        .isEqualTo(b("alice"));
    assertThat(DatasetDigest.digestValue(v, false))
        .isEqualTo(DatasetDigest.digestValue(again, false));
  }
}
