package io.replicheck.server.command;

import static io.replicheck.server.command.TestCore.err;
import static io.replicheck.server.command.TestCore.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.resp.ReplyRecorder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MONITOR lines as redis-server 7.0.15 writes them for the same commands. */
class MonitorCommandTest {
  final TestCore t = new TestCore();
  final TestCore.Conn m = t.connect();
  final TestCore.Conn c = t.connect();
  final String stamp = "1700000000.000000 ";

  List<String> lines() {
    List<String> out = new ArrayList<>();
    for (Object r = m.next(); r != ReplyRecorder.NONE; r = m.next()) {
      out.add(((ReplyRecorder.Simple) r).value());
    }
    return out;
  }

  @Test
  void showsCommandsAfterTheyRanQuotedAsSdscatrepr() {
    assertThat(m.call("MONITOR")).isEqualTo(ok());
    c.call("SET", "a b", "q\"\u0001\n\\");
    c.call("SELECT", "1");
    c.call("GET", "k", "extra"); // refused: not shown
    c.call("CONFIG", "GET", "maxmemory"); // admin: not shown
    c.call("CLIENT", "LIST"); // admin subcommand: not shown
    c.call("CLIENT", "GETNAME");
    c.call("AUTH", "secret");
    assertThat(lines())
        .containsExactly(
            stamp + "[0 127.0.0.1:5555] \"SET\" \"a b\" \"q\\\"\\x01\\n\\\\\"",
            stamp + "[1 127.0.0.1:5555] \"SELECT\" \"1\"",
            stamp + "[1 127.0.0.1:5555] \"CLIENT\" \"GETNAME\"",
            stamp + "[1 127.0.0.1:5555] \"AUTH\" \"(redacted)\"");
  }

  @Test
  void transactionsAndScriptsInRedisOrder() {
    m.call("MONITOR");
    c.call("MULTI");
    c.call("SET", "a", "1");
    c.call("INCR", "a");
    c.call("EXEC");
    c.call("EVAL", "redis.call('set','x','1') return 1", "0");
    c.call("HELLO", "2", "AUTH", "default", "pw");
    assertThat(lines())
        .containsExactly(
            stamp + "[0 127.0.0.1:5555] \"MULTI\"",
            stamp + "[0 127.0.0.1:5555] \"SET\" \"a\" \"1\"",
            stamp + "[0 127.0.0.1:5555] \"INCR\" \"a\"",
            stamp + "[0 127.0.0.1:5555] \"EXEC\"",
            stamp + "[0 127.0.0.1:5555] \"EVAL\" \"redis.call('set','x','1') return 1\" \"0\"",
            stamp + "[0 lua] \"set\" \"x\" \"1\"",
            stamp + "[0 127.0.0.1:5555] \"HELLO\" \"2\" \"AUTH\" \"(redacted)\" \"(redacted)\"");
  }

  @Test
  void secondMonitorIsIgnoredResetLeavesAndMultiRefuses() {
    m.call("MONITOR");
    assertThat(m.call("MONITOR")).isEqualTo(ReplyRecorder.NONE);
    assertThat(m.call("CLIENT", "INFO").toString()).contains("flags=O ");
    m.call("RESET");
    c.call("PING");
    lines();
    assertThat(m.next()).isEqualTo(ReplyRecorder.NONE);
    c.call("MULTI");
    c.call("MONITOR");
    assertThat(c.call("EXEC"))
        .isEqualTo(List.of(err("ERR MONITOR isn't allowed for DENY BLOCKING client")));
  }
}
