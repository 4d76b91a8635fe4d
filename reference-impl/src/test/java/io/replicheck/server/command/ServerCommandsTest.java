package io.replicheck.server.command;

import static io.replicheck.server.command.TestCore.err;
import static io.replicheck.server.command.TestCore.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.core.ClientKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerCommandsTest {
  final TestCore t = new TestCore();
  final TestCore.Conn c = t.connect();

  @Test
  void authRequiredWhenPasswordSet() {
    t.config.requirepass = "secret";
    TestCore.Conn d = t.connect();
    assertThat(d.call("GET", "k")).isEqualTo(err("NOAUTH Authentication required."));
    assertThat(d.call("AUTH", "wrong"))
        .isEqualTo(err("WRONGPASS invalid username-password pair or user is disabled."));
    assertThat(d.call("AUTH", "secret")).isEqualTo(ok());
    assertThat(d.call("GET", "k")).isNull();
    TestCore.Conn e = t.connect();
    Object hello = e.call("HELLO", "3", "AUTH", "default", "secret", "SETNAME", "me");
    assertThat(hello).isInstanceOf(Map.class);
    assertThat(((Map<?, ?>) hello).get("proto")).isEqualTo(3L);
    assertThat(e.call("CLIENT", "GETNAME")).isEqualTo("me");
  }

  @Test
  void authWithoutPasswordConfigured() {
    assertThat(c.call("AUTH", "x"))
        .isEqualTo(
            err(
                "ERR AUTH <password> called without any password configured "
                    + "for the default user. Are you sure your configuration is correct?"));
    assertThat(c.call("HELLO", "4")).isEqualTo(err("NOPROTO unsupported protocol version"));
  }

  @Test
  void configGetSetWithGlobs() {
    assertThat(c.call("CONFIG", "GET", "port")).isEqualTo(List.of("port", "6379"));
    assertThat(c.call("CONFIG", "SET", "hash-max-ziplist-entries", "7")).isEqualTo(ok());
    assertThat(c.call("CONFIG", "GET", "hash-max-listpack-entries"))
        .isEqualTo(List.of("hash-max-listpack-entries", "7"));
    assertThat((List<?>) c.call("CONFIG", "GET", "hash-max-*")).hasSize(8);
    assertThat(c.call("CONFIG", "SET", "maxclients", "abc"))
        .isEqualTo(
            err(
                "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be parsed into an integer"));
    assertThat(c.call("CONFIG", "SET", "nosuch", "1"))
        .isEqualTo(err("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'"));
    assertThat(c.call("CONFIG", "SET", "port", "1"))
        .isEqualTo(
            err(
                "ERR CONFIG SET failed (possibly related to argument 'port') - can't set immutable config"));
    assertThat(c.call("CONFIG", "SET", "hz", "20")).isEqualTo(ok());
    assertThat(c.call("CONFIG", "GET", "hz")).isEqualTo(List.of("hz", "20"));
    assertThat(c.call("CONFIG", "FOO"))
        .isEqualTo(err("ERR unknown subcommand 'FOO'. Try CONFIG HELP."));
  }

  @Test
  void infoHasRedisFieldsAndSections() {
    c.call("SET", "k", "v", "EX", "100");
    String all = (String) c.call("INFO");
    assertThat(all)
        .contains(
            "# Server\r\nredis_version:7.0.15\r\n",
            "# Stats\r\n",
            "sync_full:0\r\n",
            "expired_keys:0\r\n",
            "# Replication\r\nrole:master\r\n",
            "# Keyspace\r\ndb0:keys=1,expires=1,avg_ttl=0\r\n");
    String kp = (String) c.call("INFO", "keyspace");
    assertThat(kp).startsWith("# Keyspace\r\n").doesNotContain("# Server");
  }

  @Test
  void clientCommands() {
    assertThat(c.call("CLIENT", "SETNAME", "a b"))
        .isEqualTo(err("ERR Client names cannot contain spaces, newlines or special characters."));
    assertThat(c.call("CLIENT", "SETNAME", "worker")).isEqualTo(ok());
    assertThat(c.call("CLIENT", "ID")).isEqualTo(c.client.id());
    assertThat((String) c.call("CLIENT", "LIST")).contains("name=worker", "cmd=client");
    TestCore.Conn m = t.new Conn(ClientKind.MASTER);
    assertThat(m.client.kind()).isEqualTo(ClientKind.MASTER);
    assertThat((String) c.call("CLIENT", "LIST", "TYPE", "master"))
        .contains("id=" + m.client.id(), "flags=M");
    assertThat(c.call("CLIENT", "KILL", "TYPE", "master")).isEqualTo(1L);
    assertThat(t.core.client(m.client.id())).isNull();
    assertThat(c.call("CLIENT", "KILL", "1.2.3.4:5")).isEqualTo(err("ERR No such client"));
  }

  @Test
  void clientPauseWriteDelaysWritesUntilUnpause() {
    TestCore.Conn w = t.connect();
    assertThat(c.call("CLIENT", "PAUSE", "10000", "WRITE")).isEqualTo(ok());
    assertThat(w.call("GET", "k")).isNull();
    assertThat(w.call("SET", "k", "v")).isSameAs(io.replicheck.server.resp.ReplyRecorder.NONE);
    assertThat(w.client.isBlocked()).isTrue();
    c.call("CLIENT", "UNPAUSE");
    assertThat(w.next()).isEqualTo(ok());
    assertThat(c.call("GET", "k")).isEqualTo("v");
  }

  @Test
  void debugPopulateAndDigestValue() {
    assertThat(c.call("DEBUG", "POPULATE", "100", "p", "5")).isEqualTo(ok());
    assertThat(c.call("DBSIZE")).isEqualTo(100L);
    assertThat(c.call("GET", "p:7")).isEqualTo("value");
    assertThat(t.propagated).isEmpty();
    List<?> d = (List<?>) c.call("DEBUG", "DIGEST-VALUE", "p:7", "missing");
    assertThat(d.get(1)).isEqualTo("0".repeat(40));
    assertThat(d.get(0)).isNotEqualTo("0".repeat(40));
  }

  @Test
  void clientPauseEndsByItselfAfterTheTimeout() {
    TestCore.Conn w = t.connect();
    c.call("CLIENT", "PAUSE", "500", "ALL");
    assertThat(w.call("GET", "k")).isSameAs(io.replicheck.server.resp.ReplyRecorder.NONE);
    t.clock.advance(499);
    t.core.fastCron();
    assertThat(w.next()).isSameAs(io.replicheck.server.resp.ReplyRecorder.NONE);
    t.clock.advance(1);
    t.core.fastCron();
    assertThat(w.next()).isNull();
  }

  @Test
  void clientReplyOffSkipOn() {
    c.call("CLIENT", "REPLY", "SKIP");
    assertThat(c.replies.replies()).isEmpty();
    c.call("SET", "a", "1");
    assertThat(c.replies.replies()).isEmpty();
    assertThat(c.call("GET", "a")).isEqualTo("1");
    c.call("CLIENT", "REPLY", "OFF");
    c.call("SET", "a", "2");
    assertThat(c.replies.replies()).isEmpty();
    assertThat(c.call("CLIENT", "REPLY", "ON")).isEqualTo(ok());
    assertThat(c.call("GET", "a")).isEqualTo("2");
  }

  @Test
  void resetRestoresAFreshConnection() {
    c.call("SELECT", "3");
    c.call("MULTI");
    assertThat(c.call("RESET")).isEqualTo(TestCore.simple("RESET"));
    assertThat(c.client.inMulti()).isFalse();
    assertThat(c.client.db()).isZero();
  }

  @Test
  void commandCountAndInfo() {
    assertThat((Long) c.call("COMMAND", "COUNT")).isGreaterThan(100L);
    List<?> info = (List<?>) ((List<?>) c.call("COMMAND", "INFO", "get")).get(0);
    assertThat(info.get(0)).isEqualTo("get");
    assertThat(info.get(1)).isEqualTo(2L);
  }

  @Test
  void masterClientWritesOnReadOnlyReplicaWithoutReplies() {
    t.core.setReplica(true);
    TestCore.Conn m = t.new Conn(ClientKind.MASTER);
    t.propagated.clear();
    m.send("SET", "k", "v");
    assertThat(m.replies.replies()).isEmpty();
    assertThat(c.call("GET", "k")).isEqualTo("v");
    assertThat(t.propagated).isEmpty();
  }

  @Test
  void debugDigestMatchesForEqualDatasets() {
    TestCore other = new TestCore();
    TestCore.Conn o = other.connect();
    for (String[] cmd :
        new String[][] {
          {"SET", "a", "1"},
          {"RPUSH", "l", "x", "y"},
          {"SADD", "s", "m", "n"},
          {"HSET", "h", "f", "v"}
        }) {
      c.call(cmd);
    }
    o.call("HSET", "h", "f", "v");
    o.call("SADD", "s", "n", "m");
    o.call("RPUSH", "l", "x", "y");
    o.call("SET", "a", "1");
    Object d1 = c.call("DEBUG", "DIGEST");
    assertThat(d1).isEqualTo(o.call("DEBUG", "DIGEST")).isNotEqualTo("0".repeat(40));
    o.call("RPUSH", "l", "z");
    assertThat(d1).isNotEqualTo(o.call("DEBUG", "DIGEST"));
    assertThat(t.connect().call("FLUSHALL")).isEqualTo(ok());
    assertThat(c.call("DEBUG", "DIGEST")).isEqualTo("0".repeat(40));
  }
}
