package io.replicheck.server.command;

import static io.replicheck.server.command.TestCore.err;
import static io.replicheck.server.command.TestCore.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.rdb.RdbDump;
import io.replicheck.server.core.Keyspace;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DUMP and RESTORE without sockets: round trips, options, errors and what is propagated. */
class DumpRestoreTest {
  final TestCore t = new TestCore();
  final TestCore.Conn c = t.connect();

  /** DUMP's payload for key, as the command builds it. */
  byte[] dump(String key) {
    return RdbDump.serialize(
        Keyspace.toRdb(t.core.keyspace().db(0).peek(key.getBytes(StandardCharsets.UTF_8))),
        DumpRestoreCommands.writeOptions(t.config));
  }

  Object restore(String key, String ttl, byte[] payload, String... opts) {
    byte[][] argv = new byte[4 + opts.length][];
    argv[0] = "RESTORE".getBytes(StandardCharsets.UTF_8);
    argv[1] = key.getBytes(StandardCharsets.UTF_8);
    argv[2] = ttl.getBytes(StandardCharsets.UTF_8);
    argv[3] = payload;
    for (int i = 0; i < opts.length; i++) {
      argv[4 + i] = opts[i].getBytes(StandardCharsets.UTF_8);
    }
    t.core.process(c.client, argv);
    return c.replies.poll();
  }

  @Test
  void everyTypeRoundTripsWithTheSameDigest() {
    c.call("SET", "str", "hello");
    c.call("SET", "int", "12345");
    c.call("SET", "lzf", "abcabcabc".repeat(50));
    c.call("PFADD", "hll", "a", "b", "c");
    c.call("SETBIT", "bits", "100", "1");
    c.call("RPUSH", "list", "a", "b", "1");
    c.call("HSET", "hash", "f", "v", "g", "1");
    c.call("SADD", "intset", "1", "2", "3");
    c.call("SADD", "set", "a", "b");
    c.call("ZADD", "zset", "1", "a", "2.5", "b");
    for (int i = 0; i < 200; i++) {
      c.call("ZADD", "bigzset", Integer.toString(i), "m" + i);
      c.call("HSET", "bighash", "f" + i, "v" + i);
    }
    List<String> keys =
        List.of(
            "str", "int", "lzf", "hll", "bits", "list", "hash", "intset", "set", "zset", "bigzset",
            "bighash");
    Object digest = c.call("DEBUG", "DIGEST");
    byte[][] payloads = new byte[keys.size()][];
    for (int i = 0; i < keys.size(); i++) {
      payloads[i] = dump(keys.get(i));
    }
    c.call("FLUSHALL");
    for (int i = 0; i < keys.size(); i++) {
      assertThat(restore(keys.get(i), "0", payloads[i])).isEqualTo(ok());
    }
    assertThat(c.call("DEBUG", "DIGEST")).isEqualTo(digest);
    // Short strings come back embstr, as redis's RESTORE (tryObjectEncoding) makes them.
    assertThat(encodings(keys))
        .isEqualTo(
            List.of(
                "embstr",
                "int",
                "raw",
                "embstr",
                "embstr",
                "quicklist",
                "listpack",
                "intset",
                "hashtable",
                "listpack",
                "skiplist",
                "listpack"));
  }

  private List<Object> encodings(List<String> keys) {
    return keys.stream().map(k -> c.call("OBJECT", "ENCODING", k)).toList();
  }

  @Test
  void relativeTtlIsPropagatedAsAbsoluteWithAbsttl() {
    c.call("SET", "k", "v");
    byte[] p = dump("k");
    t.propagated.clear();
    assertThat(restore("k2", "5000", p)).isEqualTo(ok());
    assertThat(c.call("PTTL", "k2")).isEqualTo(5000L);
    long at = t.clock.currentTimeMillis() + 5000;
    assertThat(t.propagated).hasSize(1);
    assertThat(t.propagated.get(0)).startsWith("0: RESTORE k2 " + at + " ").endsWith(" ABSTTL");
    t.propagated.clear();
    assertThat(restore("k3", Long.toString(at), p, "ABSTTL")).isEqualTo(ok());
    assertThat(c.call("PEXPIRETIME", "k3")).isEqualTo(at);
    assertThat(t.propagated.get(0)).startsWith("0: RESTORE k3 " + at + " ").endsWith(" ABSTTL");
  }

  @Test
  void alreadyExpiredRestoreDeletesWhatItReplacesAndPropagatesDel() {
    c.call("SET", "k", "v");
    byte[] p = dump("k");
    t.propagated.clear();
    assertThat(restore("gone", "1", p, "ABSTTL")).isEqualTo(ok());
    assertThat(c.call("EXISTS", "gone")).isEqualTo(0L);
    assertThat(t.propagated).isEmpty();
    assertThat(restore("k", "1", p, "ABSTTL", "REPLACE")).isEqualTo(ok());
    assertThat(c.call("EXISTS", "k")).isEqualTo(0L);
    assertThat(t.propagated).containsExactly("0: DEL k");
  }

  @Test
  void optionsAndErrorsInRedisOrder() {
    c.call("SET", "k", "v");
    byte[] p = dump("k");
    assertThat(restore("k", "0", p)).isEqualTo(err("BUSYKEY Target key name already exists."));
    assertThat(restore("k", "0", p, "REPLACE")).isEqualTo(ok());
    assertThat(restore("n", "-1", p)).isEqualTo(err("ERR Invalid TTL value, must be >= 0"));
    assertThat(restore("n", "x", p)).isEqualTo(err("ERR value is not an integer or out of range"));
    assertThat(restore("k", "x", p, "FOO")).isEqualTo(err("ERR syntax error"));
    assertThat(restore("n", "0", p, "IDLETIME", "1", "FREQ", "2"))
        .isEqualTo(err("ERR syntax error"));
    assertThat(restore("n", "0", p, "IDLETIME", "-1"))
        .isEqualTo(err("ERR Invalid IDLETIME value, must be >= 0"));
    assertThat(restore("n", "0", p, "FREQ", "256"))
        .isEqualTo(err("ERR Invalid FREQ value, must be >= 0 and <= 255"));
    byte[] bad = p.clone();
    bad[bad.length - 1] ^= 1;
    assertThat(restore("n", "0", bad))
        .isEqualTo(err("ERR DUMP payload version or checksum are wrong"));
    assertThat(restore("n", "0", new byte[0]))
        .isEqualTo(err("ERR DUMP payload version or checksum are wrong"));
    assertThat(restore("n", "0", p, "IDLETIME", "100")).isEqualTo(ok());
    assertThat(c.call("OBJECT", "IDLETIME", "n")).isEqualTo(100L);
    assertThat(c.call("DUMP", "nokey")).isNull();
  }
}
