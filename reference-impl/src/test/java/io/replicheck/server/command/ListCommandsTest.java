package io.replicheck.server.command;

import static io.replicheck.server.command.TestCore.err;
import static io.replicheck.server.command.TestCore.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.resp.ReplyRecorder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListCommandsTest {
  final TestCore t = new TestCore();
  final TestCore.Conn c = t.connect();

  @Test
  void pushPopRange() {
    assertThat(c.call("RPUSH", "l", "a", "b", "c")).isEqualTo(3L);
    assertThat(c.call("LPUSH", "l", "z")).isEqualTo(4L);
    assertThat(c.call("LRANGE", "l", "0", "-1")).isEqualTo(List.of("z", "a", "b", "c"));
    assertThat(c.call("LRANGE", "l", "-2", "100")).isEqualTo(List.of("b", "c"));
    assertThat(c.call("LPOP", "l")).isEqualTo("z");
    assertThat(c.call("RPOP", "l", "2")).isEqualTo(List.of("c", "b"));
    assertThat(c.call("LLEN", "l")).isEqualTo(1L);
    assertThat(c.call("RPOP", "l")).isEqualTo("a");
    assertThat(c.call("EXISTS", "l")).isEqualTo(0L);
    assertThat(c.call("LPOP", "l")).isNull();
    assertThat(c.call("LPOP", "l", "2")).isNull();
    assertThat(c.call("LPOP", "l", "-1"))
        .isEqualTo(err("ERR value is out of range, must be positive"));
    assertThat(c.call("LPUSHX", "l", "a")).isEqualTo(0L);
    assertThat(c.call("OBJECT", "ENCODING", "l")).isNull();
    c.call("RPUSH", "l", "x");
    assertThat(c.call("OBJECT", "ENCODING", "l")).isEqualTo("quicklist");
  }

  @Test
  void indexSetInsertRemTrimPos() {
    c.call("RPUSH", "l", "a", "b", "a", "c", "a");
    assertThat(c.call("LINDEX", "l", "-1")).isEqualTo("a");
    assertThat(c.call("LINDEX", "l", "9")).isNull();
    assertThat(c.call("LSET", "l", "1", "B")).isEqualTo(ok());
    assertThat(c.call("LSET", "l", "9", "B")).isEqualTo(err("ERR index out of range"));
    assertThat(c.call("LSET", "nokey", "0", "B")).isEqualTo(err("ERR no such key"));
    assertThat(c.call("LINSERT", "l", "BEFORE", "c", "x")).isEqualTo(6L);
    assertThat(c.call("LINSERT", "l", "AFTER", "nope", "x")).isEqualTo(-1L);
    assertThat(c.call("LPOS", "l", "a")).isEqualTo(0L);
    assertThat(c.call("LPOS", "l", "a", "RANK", "-1")).isEqualTo(5L);
    assertThat(c.call("LPOS", "l", "a", "COUNT", "0")).isEqualTo(List.of(0L, 2L, 5L));
    assertThat(c.call("LPOS", "l", "a", "RANK", "0")).isInstanceOf(ReplyRecorder.Err.class);
    assertThat(c.call("LREM", "l", "-2", "a")).isEqualTo(2L);
    assertThat(c.call("LRANGE", "l", "0", "-1")).isEqualTo(List.of("a", "B", "x", "c"));
    assertThat(c.call("LTRIM", "l", "1", "2")).isEqualTo(ok());
    assertThat(c.call("LRANGE", "l", "0", "-1")).isEqualTo(List.of("B", "x"));
    assertThat(c.call("LTRIM", "l", "5", "9")).isEqualTo(ok());
    assertThat(c.call("EXISTS", "l")).isEqualTo(0L);
  }

  @Test
  void moveAndMpop() {
    c.call("RPUSH", "a", "1", "2", "3");
    assertThat(c.call("LMOVE", "a", "b", "LEFT", "RIGHT")).isEqualTo("1");
    assertThat(c.call("RPOPLPUSH", "a", "b")).isEqualTo("3");
    assertThat(c.call("LRANGE", "b", "0", "-1")).isEqualTo(List.of("3", "1"));
    assertThat(c.call("LMOVE", "a", "a", "LEFT", "RIGHT")).isEqualTo("2");
    assertThat(c.call("LMPOP", "2", "x", "b", "RIGHT", "COUNT", "5"))
        .isEqualTo(List.of("b", List.of("1", "3")));
    assertThat(c.call("LMPOP", "1", "x", "LEFT")).isNull();
    assertThat(c.call("LMPOP", "0", "x", "LEFT"))
        .isEqualTo(err("ERR numkeys should be greater than 0"));
  }

  @Test
  void blockingPopServedFifoByPush() {
    TestCore.Conn b1 = t.connect();
    TestCore.Conn b2 = t.connect();
    assertThat(b1.call("BLPOP", "q", "0")).isSameAs(ReplyRecorder.NONE);
    assertThat(b2.call("BLPOP", "q", "0")).isSameAs(ReplyRecorder.NONE);
    assertThat(b1.client.isBlocked()).isTrue();
    t.propagated.clear();
    assertThat(c.call("RPUSH", "q", "x")).isEqualTo(1L);
    assertThat(b1.next()).isEqualTo(List.of("q", "x"));
    assertThat(b2.next()).isSameAs(ReplyRecorder.NONE);
    assertThat(t.propagated).containsExactly("0: RPUSH q x", "0: LPOP q");
    c.call("RPUSH", "q", "y", "z");
    assertThat(b2.next()).isEqualTo(List.of("q", "y"));
    assertThat(c.call("LRANGE", "q", "0", "-1")).isEqualTo(List.of("z"));
  }

  @Test
  void blockingPopTimesOutWithNull() {
    TestCore.Conn b = t.connect();
    b.send("BRPOP", "q", "1.5");
    t.clock.advance(1000);
    t.core.fastCron();
    assertThat(b.next()).isSameAs(ReplyRecorder.NONE);
    t.clock.advance(600);
    t.core.fastCron();
    assertThat(b.next()).isNull();
    assertThat(b.client.isBlocked()).isFalse();
    assertThat(b.call("BLPOP", "q", "-1")).isEqualTo(err("ERR timeout is negative"));
    assertThat(b.call("BLPOP", "q", "x"))
        .isEqualTo(err("ERR timeout is not a float or out of range"));
  }

  @Test
  void blmoveServedAndPropagatedAsLmove() {
    TestCore.Conn b = t.connect();
    b.send("BLMOVE", "src", "dst", "RIGHT", "LEFT", "0");
    t.propagated.clear();
    c.call("LPUSH", "src", "v");
    assertThat(b.next()).isEqualTo("v");
    assertThat(t.propagated).containsExactly("0: LPUSH src v", "0: LMOVE src dst RIGHT LEFT");
    assertThat(c.call("LRANGE", "dst", "0", "-1")).isEqualTo(List.of("v"));
  }

  @Test
  void blockingInsideMultiDoesNotBlock() {
    c.call("MULTI");
    c.call("BLPOP", "q", "0");
    assertThat(c.call("EXEC")).isEqualTo(java.util.Collections.singletonList(null));
    assertThat(c.client.isBlocked()).isFalse();
  }

  @Test
  void pipelinedCommandsOfBlockedClientWaitThenDisconnectCleansUp() {
    TestCore.Conn b = t.connect();
    b.send("BLPOP", "q", "0");
    t.core.clientClosed(b.client);
    c.call("RPUSH", "q", "x");
    assertThat(c.call("LLEN", "q")).isEqualTo(1L);
  }
}
