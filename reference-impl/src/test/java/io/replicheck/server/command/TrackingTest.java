package io.replicheck.server.command;

import static io.replicheck.server.command.TestCore.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client-side caching without sockets: which keys a read remembers (redis 7.0's
 * getKeysFromCommand), which writes invalidate them, and tracking-table-max-keys. The messages are
 * redis-server 7.0.15's (TrackingInteropIT compares whole transcripts of both servers).
 */
class TrackingTest {
  TestCore t;
  TestCore.Conn reader;
  TestCore.Conn writer;

  @BeforeEach
  void setUp() {
    t = new TestCore();
    reader = t.connect();
    writer = t.connect();
    reader.call("HELLO", "3");
    assertThat(reader.call("CLIENT", "TRACKING", "on")).isEqualTo(ok());
  }

  private static List<Object> invalidate(String key) {
    return List.of("invalidate", List.of(key));
  }

  /** Everything the reader received since the last look (replies and pushes). */
  private List<Object> received() {
    List<Object> all = List.copyOf(reader.replies.replies());
    reader.replies.clear();
    return all;
  }

  private List<Object> afterWrite(String... write) {
    received();
    writer.call(write);
    return received();
  }

  @Test
  void numkeysAndKeywordFormsRememberEveryKeyTheyRead() {
    reader.call("ZUNION", "2", "z1", "z2", "WITHSCORES");
    reader.call("SINTERCARD", "2", "s1", "s2", "LIMIT", "1");
    reader.call("XREAD", "COUNT", "1", "STREAMS", "x1", "x2", "0", "0");
    reader.call("MEMORY", "USAGE", "mu");
    reader.call("ZINTERCARD", "1", "zi");
    assertThat(t.core.tracking().totalKeys()).isEqualTo(8);
    assertThat(afterWrite("MSET", "z2", "1", "s2", "1", "x2", "1", "mu", "1", "zi", "1"))
        .containsExactly(
            invalidate("z2"),
            invalidate("s2"),
            invalidate("x2"),
            invalidate("mu"),
            invalidate("zi"));
  }

  @Test
  void aNumkeysBeyondTheArgumentsOrAnUnevenStreamsListRemembersNothing() {
    reader.call("ZUNION", "5", "u1", "u2");
    reader.call("XREAD", "STREAMS", "e1", "e2", "0");
    assertThat(t.core.tracking().totalKeys()).isZero();
    // A later syntax error still leaves the keys remembered, as in redis.
    reader.call("SINTERCARD", "1", "i1", "LIMIT", "x");
    assertThat(afterWrite("SET", "i1", "1")).containsExactly(invalidate("i1"));
  }

  @Test
  void aScriptsReadRemembersItsCallersDeclaredKeys() {
    reader.call("EVAL", "return redis.call('get','inner')", "1", "declared");
    assertThat(afterWrite("SET", "inner", "1")).isEmpty();
    assertThat(afterWrite("SET", "declared", "1")).containsExactly(invalidate("declared"));
    // EVAL_RO is not remembered itself, only through its reads; a script without reads: nothing.
    reader.call("EVAL_RO", "return 1", "1", "ro");
    assertThat(afterWrite("SET", "ro", "1")).isEmpty();
  }

  @Test
  void aTransactionsReadsAreRemembered() {
    reader.call("MULTI");
    reader.call("ZUNION", "2", "m1", "m2");
    reader.call("EVAL", "return redis.call('get','zz')", "1", "m3");
    reader.call("EXEC");
    assertThat(afterWrite("MSET", "m1", "1", "m2", "1", "m3", "1", "zz", "1"))
        .containsExactly(invalidate("m1"), invalidate("m2"), invalidate("m3"));
  }

  @Test
  void aServedBlockedReadIsRememberedOnceWhenItBlocks() {
    reader.send("XREAD", "BLOCK", "0", "STREAMS", "xb", "$");
    List<Object> got = afterWrite("XADD", "xb", "1-1", "f", "v");
    assertThat(got).hasSize(2);
    assertThat(got.get(0)).isEqualTo(invalidate("xb"));
    assertThat(afterWrite("XADD", "xb", "2-1", "f", "v")).isEmpty();
  }

  @Test
  void lmoveInvalidatesTheDestinationFirstAndFlushdbForgetsTheWholeTable() {
    writer.call("RPUSH", "l", "a");
    reader.call("MGET", "l", "m", "q");
    assertThat(afterWrite("LMOVE", "l", "m", "LEFT", "RIGHT"))
        .containsExactly(invalidate("m"), invalidate("l"));
    writer.call("SELECT", "1");
    assertThat(afterWrite("FLUSHDB")).containsExactly(Arrays.asList("invalidate", null));
    assertThat(t.core.tracking().totalKeys()).isZero();
    writer.call("SELECT", "0");
    assertThat(afterWrite("SET", "q", "1")).isEmpty();
  }

  @Test
  void renameAndMoveInvalidateEveryKeyTheyTouch() {
    writer.call("SET", "a", "1");
    reader.call("MGET", "a", "b");
    assertThat(afterWrite("RENAME", "a", "b")).containsExactly(invalidate("a"), invalidate("b"));
    reader.call("GET", "b");
    assertThat(afterWrite("MOVE", "b", "1")).containsExactly(invalidate("b"));
  }

  @Test
  void overTheTableLimitKeysAreDroppedBeforeTheNextCommandRuns() {
    assertThat(t.registry.get(List.of("tracking-table-max-keys")))
        .containsEntry("tracking-table-max-keys", "1000000");
    writer.call("CONFIG", "SET", "tracking-table-max-keys", "2");
    reader.call("MGET", "k1", "k2", "k3", "k4");
    assertThat(t.core.tracking().totalKeys()).isEqualTo(4);
    received();
    // The next command of any client drops two keys; its own reply comes after the messages.
    assertThat(reader.call("PING")).isInstanceOf(List.class);
    List<Object> got = received();
    assertThat(got).hasSize(2);
    assertThat(got.get(1)).isEqualTo(TestCore.simple("PONG"));
    assertThat(t.core.tracking().totalKeys()).isEqualTo(2);
    assertThat(t.core.tracking().totalItems()).isEqualTo(2);
    // 0 is no limit; cron trims too, and a NOLOOP client is told from cron.
    writer.call("CONFIG", "SET", "tracking-table-max-keys", "0");
    reader.call("MGET", "k5", "k6");
    assertThat(t.core.tracking().totalKeys()).isEqualTo(4);
    t.config.trackingTableMaxKeys = 3;
    received();
    t.core.cron();
    assertThat(received()).hasSize(1);
    assertThat(t.core.tracking().totalKeys()).isEqualTo(3);
  }

  @Test
  void noloopSparesTheClientWhoseCommandTriggersTheTrim() {
    reader.call("CLIENT", "TRACKING", "on", "NOLOOP");
    writer.call("CONFIG", "SET", "tracking-table-max-keys", "1");
    reader.call("MGET", "k1", "k2");
    received();
    assertThat(reader.call("PING")).isEqualTo(TestCore.simple("PONG"));
    assertThat(received()).isEmpty();
    assertThat(t.core.tracking().totalKeys()).isEqualTo(1);
  }
}
