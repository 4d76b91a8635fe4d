package io.replicheck.server.command;

import static io.replicheck.server.command.TestCore.err;
import static io.replicheck.server.command.TestCore.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.ReferenceServer;
import io.replicheck.server.TestServers;
import io.replicheck.testkit.RespClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MIGRATE from a core without sockets to a live reference server on 127.0.0.1. */
class MigrateCommandTest {
  final TestCore t = new TestCore();
  final TestCore.Conn c = t.connect();
  @TempDir Path dir;
  ReferenceServer target;
  RespClient r;
  String port;

  @BeforeEach
  void start() throws Exception {
    target = TestServers.start(dir, "s.log");
    r = RespClient.connect(target.port());
    port = Integer.toString(target.port());
  }

  @AfterEach
  void stop() throws Exception {
    r.close();
    target.close();
  }

  Object on(String... args) throws Exception {
    return RespClient.text(r.call((Object[]) args));
  }

  @Test
  void movesTheKeyWithItsTtlAndPropagatesDel() throws Exception {
    c.call("SET", "k", "v", "PX", "50000");
    c.call("RPUSH", "l", "a", "b");
    t.propagated.clear();
    assertThat(c.call("MIGRATE", "127.0.0.1", port, "k", "3", "1000")).isEqualTo(ok());
    assertThat(c.call("EXISTS", "k")).isEqualTo(0L);
    assertThat(t.propagated).containsExactly("0: DEL k");
    on("SELECT", "3");
    assertThat(on("GET", "k")).isEqualTo("v");
    assertThat((Long) on("PTTL", "k")).isBetween(1L, 50000L);

    t.propagated.clear();
    assertThat(c.call("MIGRATE", "127.0.0.1", port, "", "3", "1000", "COPY", "KEYS", "l", "no"))
        .isEqualTo(ok());
    assertThat(c.call("EXISTS", "l")).isEqualTo(1L);
    assertThat(t.propagated).isEmpty();
    assertThat(on("LRANGE", "l", "0", "-1")).isEqualTo(java.util.List.of("a", "b"));
  }

  @Test
  void targetErrorsAndReplace() throws Exception {
    c.call("SET", "k", "mine");
    on("SET", "k", "theirs");
    assertThat(c.call("MIGRATE", "127.0.0.1", port, "k", "0", "1000"))
        .isEqualTo(
            err("ERR Target instance replied with error: BUSYKEY Target key name already exists."));
    assertThat(c.call("GET", "k")).isEqualTo("mine");
    assertThat(c.call("MIGRATE", "127.0.0.1", port, "k", "0", "1000", "REPLACE")).isEqualTo(ok());
    assertThat(on("GET", "k")).isEqualTo("mine");
    c.call("SET", "k", "again");
    assertThat(c.call("MIGRATE", "127.0.0.1", port, "k", "0", "1000", "REPLACE", "AUTH", "pw"))
        .isEqualTo(
            err(
                "ERR Target instance replied with error: ERR AUTH <password> called without any"
                    + " password configured for the default user. Are you sure your configuration"
                    + " is correct?"));
    // The target had no password: AUTH failed, RESTORE worked, so the key left (as in redis).
    assertThat(c.call("EXISTS", "k")).isEqualTo(0L);
    c.call("SET", "k", "again");
    on("CONFIG", "SET", "requirepass", "pw");
    assertThat(
            c.call(
                "MIGRATE",
                "127.0.0.1",
                port,
                "k",
                "0",
                "1000",
                "REPLACE",
                "AUTH2",
                "default",
                "pw"))
        .isEqualTo(ok());
  }

  @Test
  void argumentErrorsAndNoKey() {
    assertThat(c.call("MIGRATE", "127.0.0.1", port, "nokey", "0", "100"))
        .isEqualTo(TestCore.simple("NOKEY"));
    assertThat(c.call("MIGRATE", "127.0.0.1", port, "k", "0", "100", "KEYS", "a"))
        .isEqualTo(
            err(
                "ERR When using MIGRATE KEYS option, the key argument must be set to the empty"
                    + " string"));
    assertThat(c.call("MIGRATE", "127.0.0.1", port, "k", "0", "100", "bogus"))
        .isEqualTo(err("ERR syntax error"));
    assertThat(c.call("MIGRATE", "127.0.0.1", port, "k", "x", "100"))
        .isEqualTo(err("ERR value is not an integer or out of range"));
    c.call("SET", "k", "v");
    assertThat(c.call("MIGRATE", "127.0.0.1", "1", "k", "0", "100"))
        .isEqualTo(err("IOERR error or timeout writing to target instance"));
  }
}
