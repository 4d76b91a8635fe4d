package io.replicheck.server.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicheck.server.ReferenceServer;
import io.replicheck.server.TestServers;
import io.replicheck.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** appendonly yes on a running server: what is written, restarts, BGREWRITEAOF, CONFIG SET. */
class AofLiveTest {
  @TempDir Path dir;

  private ReferenceServer start(String... extra) throws Exception {
    return io.replicheck.server.TestServers.start(dir, "server.log", extra);
  }

  private Path aofDir() {
    return dir.resolve("appendonlydir");
  }

  private String manifest() throws Exception {
    return Files.readString(aofDir().resolve("appendonly.aof.manifest"));
  }

  private List<String> files() throws Exception {
    try (Stream<Path> s = Files.list(aofDir())) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Polls INFO until no rewrite runs (bounded). */
  private static void awaitRewrite(RespClient c) throws Exception {
    for (int i = 0; i < 500; i++) {
      if ("0".equals(c.info("aof_rewrite_in_progress"))
          && "0".equals(c.info("aof_rewrite_scheduled"))) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("rewrite still running after 10 s");
  }

  @Test
  void writesReachTheIncrFileAsTheReplicationStreamAndSurviveARestart() throws Exception {
    try (ReferenceServer s = start("--appendonly", "yes");
        RespClient c = RespClient.connect(s.port())) {
      assertThat(manifest())
          .isEqualTo(
              "file appendonly.aof.1.base.rdb seq 1 type b\n"
                  + "file appendonly.aof.1.incr.aof seq 1 type i\n");
      c.call("SET", "k", "v");
      c.call("EXPIRE", "k", "1000");
      c.call("SELECT", "2");
      c.call("RPUSH", "l", "a", "b");
      c.call("EVAL", "redis.call('set','x','1'); redis.call('incr','x')", "0");
      assertThat(c.info("aof_enabled")).isEqualTo("1");
    }
    String incr =
        Files.readString(aofDir().resolve("appendonly.aof.1.incr.aof"), StandardCharsets.UTF_8);
    assertThat(incr)
        .startsWith(
            "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"
                + "*3\r\n$9\r\nPEXPIREAT\r\n$1\r\nk\r\n")
        .contains(
            "*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n*4\r\n$5\r\nRPUSH\r\n$1\r\nl\r\n$1\r\na\r\n$1\r\nb\r\n")
        .endsWith(
            "*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nset\r\n$1\r\nx\r\n$1\r\n1\r\n"
                + "*2\r\n$4\r\nincr\r\n$1\r\nx\r\n*1\r\n$4\r\nEXEC\r\n");
    // An RDB file is ignored when appendonly is yes, as in redis.
    try (ReferenceServer s = start("--appendonly", "yes");
        RespClient c = RespClient.connect(s.port())) {
      assertThat(c.str("GET", "k")).isEqualTo("v");
      assertThat(c.num("TTL", "k")).isBetween(900L, 1000L);
      c.call("SELECT", "2");
      assertThat(c.call("LRANGE", "l", "0", "-1")).isEqualTo(List.of("a", "b"));
      assertThat(c.str("GET", "x")).isEqualTo("2");
    }
  }

  @Test
  void bgrewriteaofMakesANewBaseAndIncrAndRemovesTheOldFiles() throws Exception {
    try (ReferenceServer s = start("--appendonly", "yes");
        RespClient c = RespClient.connect(s.port())) {
      for (int i = 0; i < 100; i++) {
        c.call("SET", "k" + i, "v" + i);
      }
      assertThat(c.str("BGREWRITEAOF")).isEqualTo("Background append only file rewriting started");
      awaitRewrite(c);
      c.call("SET", "after", "1");
      assertThat(manifest())
          .isEqualTo(
              "file appendonly.aof.2.base.rdb seq 2 type b\n"
                  + "file appendonly.aof.2.incr.aof seq 2 type i\n");
      assertThat(files())
          .containsExactly(
              "appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest");
      assertThat(c.info("aof_rewrites")).isEqualTo("1");
      assertThat(c.info("aof_last_bgrewrite_status")).isEqualTo("ok");
      // without the preamble the base is commands
      c.call("CONFIG", "SET", "aof-use-rdb-preamble", "no");
      c.call("HSET", "h", "f", "v");
      c.call("BGREWRITEAOF");
      awaitRewrite(c);
      assertThat(manifest()).startsWith("file appendonly.aof.3.base.aof seq 3 type b\n");
      assertThat(Files.readString(aofDir().resolve("appendonly.aof.3.base.aof")))
          .startsWith("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n")
          .contains("*4\r\n$5\r\nHMSET\r\n$1\r\nh\r\n$1\r\nf\r\n$1\r\nv\r\n");
    }
    try (ReferenceServer s = start("--appendonly", "yes");
        RespClient c = RespClient.connect(s.port())) {
      assertThat(c.num("DBSIZE")).isEqualTo(102);
      assertThat(c.str("HGET", "h", "f")).isEqualTo("v");
    }
  }

  @Test
  void configSetAppendonlyYesRewritesFirstThenAppends() throws Exception {
    try (ReferenceServer s = start();
        RespClient c = RespClient.connect(s.port())) {
      c.call("SET", "before", "1");
      assertThat(c.info("aof_enabled")).isEqualTo("0");
      assertThat(c.str("CONFIG", "SET", "appendonly", "yes")).isEqualTo("OK");
      awaitRewrite(c);
      c.call("SET", "after", "2");
      assertThat(c.info("aof_enabled")).isEqualTo("1");
      assertThat(manifest())
          .isEqualTo(
              "file appendonly.aof.1.base.rdb seq 1 type b\n"
                  + "file appendonly.aof.1.incr.aof seq 1 type i\n");
      assertThat(c.str("CONFIG", "SET", "appendonly", "no")).isEqualTo("OK");
      c.call("SET", "off", "3");
    }
    try (ReferenceServer s = start("--appendonly", "yes");
        RespClient c = RespClient.connect(s.port())) {
      assertThat(c.str("GET", "before")).isEqualTo("1");
      assertThat(c.str("GET", "after")).isEqualTo("2");
      assertThat(c.str("GET", "off")).isNull();
    }
  }

  @Test
  void aCorruptManifestOrAofStopsTheStartWithOneError() throws Exception {
    Files.createDirectories(aofDir());
    Files.writeString(aofDir().resolve("appendonly.aof.manifest"), "file x seq one type b\n");
    assertThatThrownBy(() -> start("--appendonly", "yes"))
        .isInstanceOf(ReferenceServer.StartupException.class);
    assertThat(Files.readString(dir.resolve("server.log")))
        .contains("Invalid AOF manifest file format");
    Files.writeString(
        aofDir().resolve("appendonly.aof.manifest"),
        "file appendonly.aof.1.incr.aof seq 1 type i\n");
    Files.writeString(aofDir().resolve("appendonly.aof.1.incr.aof"), "*1\r\n$3\r\nBAD\r\nxx");
    assertThatThrownBy(() -> start("--appendonly", "yes"))
        .isInstanceOf(ReferenceServer.StartupException.class);
    assertThat(Files.readString(dir.resolve("server.log")))
        .contains("Unknown command 'BAD' reading the append only file appendonly.aof.1.incr.aof");
  }

  @Test
  void aTruncatedTailIsCutWhenAofLoadTruncatedIsOn() throws Exception {
    Files.createDirectories(aofDir());
    Files.writeString(
        aofDir().resolve("appendonly.aof.manifest"),
        "file appendonly.aof.1.incr.aof seq 1 type i\n");
    String whole = "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n";
    Files.writeString(
        aofDir().resolve("appendonly.aof.1.incr.aof"), whole + "*3\r\n$3\r\nSET\r\n$1");
    assertThatThrownBy(() -> start("--appendonly", "yes", "--aof-load-truncated", "no"))
        .isInstanceOf(ReferenceServer.StartupException.class);
    assertThat(Files.readString(dir.resolve("server.log")))
        .contains("Unexpected end of file reading the append only file");
    try (ReferenceServer s = start("--appendonly", "yes");
        RespClient c = RespClient.connect(s.port())) {
      assertThat(c.str("GET", "a")).isEqualTo("1");
    }
    assertThat(Files.readString(aofDir().resolve("appendonly.aof.1.incr.aof"))).startsWith(whole);
  }

  @Test
  void aMasterRestartedFromItsAofKeepsItsDataButNotItsReplicationId() throws Exception {
    // redis 7.0.15 does the same: the AOF carries no replication info, even when SHUTDOWN also
    // saved an RDB file that has it (the RDB file is not read when appendonly is yes).
    String oldId;
    try (ReferenceServer s = start("--appendonly", "yes", "--save", "3600 1");
        RespClient c = RespClient.connect(s.port())) {
      c.call("SET", "k", "v");
      oldId = c.info("master_replid");
      try {
        c.reply("SHUTDOWN", "SAVE");
      } catch (java.io.IOException expected) {
        // the server closes the connection instead of replying
      }
      assertThat(s.awaitStop(10_000)).isTrue();
    }
    assertThat(dir.resolve("dump.rdb")).exists();
    try (ReferenceServer s = start("--appendonly", "yes");
        RespClient c = RespClient.connect(s.port())) {
      assertThat(c.str("GET", "k")).isEqualTo("v");
      assertThat(c.info("master_replid")).isNotEqualTo(oldId);
      assertThat(c.info("master_replid2")).isEqualTo("0".repeat(40));
    }
    // from the RDB file (appendonly no) the old id stays reachable as replid2
    try (ReferenceServer s = start();
        RespClient c = RespClient.connect(s.port())) {
      assertThat(c.info("master_replid2")).isEqualTo(oldId);
    }
  }

  @Test
  void aReplicasAofHoldsItsFullSyncAndItsMastersStream() throws Exception {
    Path masterDir = Files.createDirectories(dir.resolve("m"));
    try (ReferenceServer m = TestServers.start(masterDir, "m.log");
        RespClient mc = RespClient.connect(m.port())) {
      mc.call("SET", "synced", "1");
      try (ReferenceServer r =
              start("--appendonly", "yes", "--replicaof", "127.0.0.1", Integer.toString(m.port()));
          RespClient rc = RespClient.connect(r.port())) {
        mc.call("SELECT", "1");
        for (int i = 0; i < 500 && !"1".equals(rc.info("aof_rewrites")); i++) {
          Thread.sleep(20); // the full sync replaced the dataset: a rewrite follows
        }
        awaitRewrite(rc);
        mc.call("SET", "streamed", "2");
        mc.call("EXPIRE", "streamed", "1000");
        rc.call("SELECT", "1");
        // the master's stream goes out after its replies: wait for the EXPIRE too, not only the
        // SET, before the replica stops (a replica stopped between them had no TTL to keep)
        for (int i = 0; i < 500 && rc.num("TTL", "streamed") <= 0; i++) {
          Thread.sleep(20);
        }
        assertThat(rc.str("GET", "streamed")).isEqualTo("2");
        assertThat(rc.num("TTL", "streamed")).isPositive();
      }
    }
    try (ReferenceServer s = start("--appendonly", "yes");
        RespClient c = RespClient.connect(s.port())) {
      assertThat(c.str("GET", "synced")).isEqualTo("1");
      c.call("SELECT", "1");
      assertThat(c.str("GET", "streamed")).isEqualTo("2");
      assertThat(c.num("TTL", "streamed")).isPositive();
    }
  }
}
