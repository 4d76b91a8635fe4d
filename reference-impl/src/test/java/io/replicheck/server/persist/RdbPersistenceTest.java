package io.replicheck.server.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicheck.rdb.RdbEntry;
import io.replicheck.rdb.RdbFormatException;
import io.replicheck.rdb.RdbReader;
import io.replicheck.rdb.RdbValue;
import io.replicheck.server.ReferenceServer;
import io.replicheck.server.ServerLog;
import io.replicheck.server.command.TestCoreAccess;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RdbPersistenceTest {
  @TempDir Path dir;

  private static Map<String, RdbEntry> read(Path file) throws Exception {
    Map<String, RdbEntry> out = new HashMap<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (RdbEntry e : RdbReader.readAll(in)) {
        out.put(e.db() + "/" + new String(e.key(), StandardCharsets.UTF_8), e);
      }
    }
    return out;
  }

  private static List<String> listOf(RdbEntry e) {
    return ((RdbValue.ListValue) e.value())
        .elements().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void rdbKeySaveDelayPausesAfterEveryKeyOfTheSnapshotItWasStartedWith() throws Exception {
    TestCoreAccess t = new TestCoreAccess();
    t.config().dir = dir;
    Queue<Runnable> bg = new ArrayDeque<>();
    RdbPersistence p = new RdbPersistence(t.core(), new ServerLog(), bg::add);
    List<Long> pauses = new java.util.ArrayList<>();
    p.sleepWith(pauses::add);
    t.core().setPersistence(p);
    for (int i = 0; i < 5; i++) {
      t.call("SET", "k" + i, "v");
    }
    assertThat(t.call("CONFIG", "SET", "rdb-key-save-delay", "40000")).hasToString("OK");
    assertThat(t.call("CONFIG", "GET", "rdb-key-save-delay"))
        .isEqualTo(List.of("rdb-key-save-delay", "40000"));
    t.call("BGSAVE");
    // as redis's forked child, the snapshot keeps the delay it started with
    t.call("CONFIG", "SET", "rdb-key-save-delay", "0");
    bg.remove().run();
    assertThat(pauses)
        .as("40 ms after each of the 5 keys")
        .containsExactly(40_000L, 40_000L, 40_000L, 40_000L, 40_000L);
    assertThat(read(dir.resolve("dump.rdb"))).hasSize(5);
    assertThat(t.call("CONFIG", "SET", "rdb-key-save-delay", "-10")).hasToString("OK");
  }

  @Test
  void aBgsaveThatFinishesAfterALaterSaveDoesNotReplaceIt() throws Exception {
    // Found by explore (seed 2006): SHUTDOWN SAVE while a BGSAVE was still writing; the BGSAVE's
    // older snapshot then replaced the final one, and the restarted master lost acknowledged
    // writes.
    TestCoreAccess t = new TestCoreAccess();
    t.config().dir = dir;
    Queue<Runnable> bg = new ArrayDeque<>();
    RdbPersistence p = new RdbPersistence(t.core(), new ServerLog(), bg::add);
    t.core().setPersistence(p);
    t.call("SET", "k", "old");
    assertThat(t.call("BGSAVE")).hasToString("Background saving started");
    t.call("SET", "k", "new");
    t.call("SET", "later", "x");
    assertThat(t.call("SAVE")).hasToString("-ERR Background save already in progress");
    p.save(); // SHUTDOWN SAVE's final save, which runs whatever is in progress
    bg.remove().run(); // the older snapshot finishes last

    Map<String, RdbEntry> file = read(dir.resolve("dump.rdb"));
    assertThat(file).containsKeys("0/k", "0/later");
    assertThat(new String(((RdbValue.Str) file.get("0/k").value()).value(), StandardCharsets.UTF_8))
        .isEqualTo("new");
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("the discarded snapshot's temp file is removed")
          .containsExactly("dump.rdb");
    }
  }

  @Test
  void bgsaveIsPointInTimeWhileWritesGoOn() throws Exception {
    TestCoreAccess t = new TestCoreAccess();
    t.config().dir = dir;
    Queue<Runnable> bg = new ArrayDeque<>();
    RdbPersistence p = new RdbPersistence(t.core(), new ServerLog(), bg::add);
    t.core().setPersistence(p);
    t.call("RPUSH", "list", "a", "b");
    t.call("SET", "str", "old");
    t.call("HSET", "hash", "f", "1");
    t.call("SADD", "set", "1", "2");
    t.call("SET", "gone", "x");
    t.call("SELECT", "3");
    t.call("SET", "db3", "y", "PX", "100000");
    t.call("SELECT", "0");

    assertThat(t.call("BGSAVE")).hasToString("Background saving started");
    assertThat(p.bgsaveInProgress()).isTrue();
    // Writes made while the snapshot is being written: in place and replacing.
    t.call("RPUSH", "list", "c");
    t.call("LSET", "list", "0", "A");
    t.call("SET", "str", "new");
    t.call("HSET", "hash", "f", "2", "g", "3");
    t.call("SREM", "set", "1");
    t.call("DEL", "gone");
    t.call("SET", "later", "z");
    bg.remove().run();

    Map<String, RdbEntry> file = read(dir.resolve("dump.rdb"));
    assertThat(file.keySet())
        .containsExactlyInAnyOrder("0/list", "0/str", "0/hash", "0/set", "0/gone", "3/db3");
    assertThat(listOf(file.get("0/list"))).containsExactly("a", "b");
    assertThat(
            new String(((RdbValue.Str) file.get("0/str").value()).value(), StandardCharsets.UTF_8))
        .isEqualTo("old");
    assertThat(((RdbValue.HashValue) file.get("0/hash").value()).fields()).hasSize(1);
    assertThat(((RdbValue.SetValue) file.get("0/set").value()).members()).hasSize(2);
    assertThat(file.get("3/db3").expireAtMs()).isEqualTo(t.clock().currentTimeMillis() + 100000);
    // The live dataset has the new writes.
    assertThat(t.call("LRANGE", "list", "0", "-1")).isEqualTo(List.of("A", "b", "c"));
    assertThat(p.bgsaveInProgress()).isFalse();
  }

  @Test
  void saveThenReloadKeepsDataAndDigest() {
    TestCoreAccess t = new TestCoreAccess();
    t.config().dir = dir;
    RdbPersistence p = new RdbPersistence(t.core(), new ServerLog(), Runnable::run);
    t.core().setPersistence(p);
    t.call("RPUSH", "l", "1", "2", "3");
    t.call("HSET", "h", "a", "b");
    t.call("SADD", "s", "x", "y");
    t.call("SET", "n", "12345", "EX", "1000");
    Object digest = t.call("DEBUG", "DIGEST");
    assertThat(t.call("SAVE")).hasToString("OK");
    assertThat(t.call("DEBUG", "RELOAD")).hasToString("OK");
    assertThat(t.call("DEBUG", "DIGEST")).isEqualTo(digest);
    assertThat(t.call("OBJECT", "ENCODING", "n")).isEqualTo("int");
    assertThat(t.call("TTL", "n")).isEqualTo(1000L);
  }

  @Test
  void corruptDumpStopsStartupWithOneLineNamingFileAndOffset() throws Exception {
    TestCoreAccess t = new TestCoreAccess();
    t.config().dir = dir;
    RdbPersistence p = new RdbPersistence(t.core(), new ServerLog(), Runnable::run);
    t.core().setPersistence(p);
    for (int i = 0; i < 50; i++) {
      t.call("SET", "key" + i, "value" + i);
    }
    t.call("SAVE");
    Path dump = dir.resolve("dump.rdb");
    byte[] b = Files.readAllBytes(dump);
    Files.write(dump, java.util.Arrays.copyOf(b, b.length / 2));
    assertThatThrownBy(() -> p.load(dump)).isInstanceOf(RdbFormatException.class);

    Path log = dir.resolve("server.log");
    assertThatThrownBy(
            () ->
                ReferenceServer.start(
                    false, "--port", "0", "--dir", dir.toString(), "--logfile", log.toString()))
        .isInstanceOfSatisfying(
            ReferenceServer.StartupException.class, e -> assertThat(e.exitCode()).isEqualTo(1));
    List<String> fatal =
        Files.readAllLines(log).stream().filter(l -> l.contains("Fatal error loading")).toList();
    assertThat(fatal).hasSize(1);
    assertThat(fatal.get(0)).contains(dump.toString()).contains("offset");
  }

  @Test
  void serverLoadsItsDumpAtStartup() throws Exception {
    ReferenceServer s =
        ReferenceServer.start(
            false,
            "--port",
            "0",
            "--dir",
            dir.toString(),
            "--save",
            "",
            "--logfile",
            dir.resolve("a.log").toString());
    try {
      s.core().executor().execute(() -> {});
    } finally {
      s.close();
    }
    TestCoreAccess t = new TestCoreAccess();
    t.config().dir = dir;
    RdbPersistence p = new RdbPersistence(t.core(), new ServerLog(), Runnable::run);
    t.core().setPersistence(p);
    t.call("SET", "persisted", "yes");
    t.call("SAVE");
    ReferenceServer s2 =
        ReferenceServer.start(
            false,
            "--port",
            "0",
            "--dir",
            dir.toString(),
            "--save",
            "",
            "--logfile",
            dir.resolve("b.log").toString());
    try {
      assertThat(s2.core().keyspace().db(0).size()).isEqualTo(1);
    } finally {
      s2.close();
    }
  }
}
