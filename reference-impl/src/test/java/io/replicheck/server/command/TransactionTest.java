package io.replicheck.server.command;

import static io.replicheck.server.command.TestCore.err;
import static io.replicheck.server.command.TestCore.ok;
import static io.replicheck.server.command.TestCore.simple;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionTest {
  final TestCore t = new TestCore();
  final TestCore.Conn c = t.connect();
  final TestCore.Conn other = t.connect();

  @Test
  void execRunsQueuedAndPropagatesWrappedInMulti() {
    assertThat(c.call("MULTI")).isEqualTo(ok());
    assertThat(c.call("SET", "a", "1")).isEqualTo(simple("QUEUED"));
    assertThat(c.call("INCR", "a")).isEqualTo(simple("QUEUED"));
    assertThat(c.call("GET", "a")).isEqualTo(simple("QUEUED"));
    assertThat(c.call("EXEC")).isEqualTo(List.of(ok(), 2L, "2"));
    assertThat(t.propagated).containsExactly("0: MULTI", "0: SET a 1", "0: INCR a", "0: EXEC");
  }

  @Test
  void execAcrossDbsCarriesEachCommandsDb() {
    c.call("MULTI");
    c.call("SELECT", "1");
    c.call("SET", "a", "1");
    c.call("SELECT", "2");
    c.call("SET", "b", "2");
    c.call("EXEC");
    assertThat(t.propagated).containsExactly("1: MULTI", "1: SET a 1", "2: SET b 2", "2: EXEC");
  }

  @Test
  void singleWriteInExecIsNotWrapped() {
    c.call("MULTI");
    c.call("SET", "a", "1");
    c.call("GET", "a");
    c.call("EXEC");
    assertThat(t.propagated).containsExactly("0: SET a 1");
  }

  @Test
  void queuingErrorAbortsExec() {
    c.call("MULTI");
    c.call("SET", "a", "1");
    assertThat(c.call("NOSUCH")).isInstanceOf(io.replicheck.server.resp.ReplyRecorder.Err.class);
    assertThat(c.call("GET")).isEqualTo(err("ERR wrong number of arguments for 'get' command"));
    assertThat(c.call("EXEC"))
        .isEqualTo(err("EXECABORT Transaction discarded because of previous errors."));
    assertThat(c.call("GET", "a")).isNull();
    assertThat(c.call("EXEC")).isEqualTo(err("ERR EXEC without MULTI"));
    assertThat(c.call("DISCARD")).isEqualTo(err("ERR DISCARD without MULTI"));
  }

  @Test
  void runtimeErrorsDoNotAbort() {
    c.call("SET", "s", "x");
    c.call("MULTI");
    c.call("INCR", "s");
    c.call("SET", "b", "1");
    List<?> r = (List<?>) c.call("EXEC");
    assertThat(r.get(0)).isEqualTo(err("ERR value is not an integer or out of range"));
    assertThat(r.get(1)).isEqualTo(ok());
  }

  @Test
  void watchInvalidatedByAnotherClientsWrite() {
    c.call("SET", "w", "1");
    assertThat(c.call("WATCH", "w")).isEqualTo(ok());
    other.call("SET", "w", "2");
    c.call("MULTI");
    c.call("SET", "w", "3");
    assertThat(c.call("EXEC")).isNull();
    assertThat(c.call("GET", "w")).isEqualTo("2");
  }

  @Test
  void watchUntouchedKeySucceeds() {
    c.call("WATCH", "w");
    other.call("SET", "unrelated", "2");
    c.call("MULTI");
    c.call("SET", "w", "3");
    assertThat(c.call("EXEC")).isEqualTo(List.of(ok()));
  }

  @Test
  void watchInvalidatedByFlushdbAndExpiry() {
    c.call("SET", "w", "1");
    c.call("WATCH", "w");
    other.call("FLUSHALL");
    c.call("MULTI");
    c.call("PING");
    assertThat(c.call("EXEC")).isNull();

    c.call("SET", "e", "1", "PX", "100");
    c.call("WATCH", "e");
    t.clock.advance(200);
    c.call("MULTI");
    c.call("PING");
    assertThat(c.call("EXEC")).isNull();
  }

  @Test
  void deletingAKeyThatWasAlreadyExpiredWhenWatchedIsNoChange() {
    c.call("SET", "e", "1", "PX", "10");
    t.clock.advance(20);
    c.call("WATCH", "e");
    assertThat(other.call("GET", "e")).isNull(); // lazy expiry deletes it
    c.call("MULTI");
    c.call("PING");
    assertThat(c.call("EXEC")).isEqualTo(List.of(simple("PONG")));
  }

  @Test
  void watchInsideMultiIsAnError() {
    c.call("MULTI");
    assertThat(c.call("WATCH", "x")).isEqualTo(err("ERR WATCH inside MULTI is not allowed"));
    assertThat(c.call("MULTI")).isEqualTo(err("ERR MULTI calls can not be nested"));
    assertThat(c.call("DISCARD")).isEqualTo(ok());
  }
}
