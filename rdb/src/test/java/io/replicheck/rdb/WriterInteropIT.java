package io.replicheck.rdb;

import static io.replicheck.rdb.TestValues.b;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files we write pass redis-check-rdb and load in redis-server 7.0 with the same keys, types,
 * values and TTLs, and redis's DEBUG DIGEST equals our DatasetDigest.
 */
@Tag("interop") // needs redis-server and redis-tools
class WriterInteropIT {
  @TempDir Path dir;

  static void write(Path file, RdbWriteOptions o, List<RdbEntry> entries) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      RdbWriter.writeAll(
          out,
          o,
          Map.of(
              "repl-stream-db",
              "0",
              "repl-id",
              "0123456789abcdef0123456789abcdef01234567",
              "repl-offset",
              "0"),
          entries);
    }
  }

  void assertRedisAcceptsAndAgrees(RdbWriteOptions o, List<RdbEntry> entries) throws Exception {
    Path file = dir.resolve("ours.rdb");
    write(file, o, entries);
    String[] check = RedisServer.checkRdb(file);
    assertThat(check[0]).as("redis-check-rdb exit code; output:%n%s", check[1]).isEqualTo("0");
    assertThat(check[1]).contains("RDB looks OK");
    try (RedisServer redis = RedisServer.start(dir, "ours.rdb")) {
      assertThat(redis.log()).contains("DB loaded from disk");
      List<RdbEntry> inRedis = redis.dataset(16);
      RdbRoundTripTest.assertSameDataset(inRedis, entries);
      assertThat(redis.str("DEBUG", "DIGEST")).isEqualTo(DatasetDigest.of(entries));
      for (RdbEntry e : entries) {
        redis.ok("SELECT", e.db());
        RdbValue v = e.value();
        String expectedType =
            v instanceof RdbValue.Str
                ? "string"
                : v instanceof RdbValue.ListValue
                    ? "list"
                    : v instanceof RdbValue.SetValue ? "set" : "hash";
        assertThat(redis.ok("TYPE", e.key())).isEqualTo(expectedType);
      }
    }
  }

  @Test
  void everyTypeAndEncodingLoadsInRedis() throws Exception {
    assertRedisAcceptsAndAgrees(RdbWriteOptions.defaults(), Datasets.everything(11));
  }

  @Test
  void withoutCompressionAndChecksum() throws Exception {
    assertRedisAcceptsAndAgrees(
        new RdbWriteOptions(false, false, -2, 128, 64, 512), Datasets.everything(12));
  }

  @Test
  void withOtherThresholds() throws Exception {
    assertRedisAcceptsAndAgrees(
        new RdbWriteOptions(true, true, 7, 4, 16, 8), Datasets.everything(13));
  }

  @Test
  void encodingsInRedisAfterLoadMatchWhatWeWrote() throws Exception {
    List<RdbEntry> entries = new ArrayList<>();
    entries.add(
        new RdbEntry(
            0,
            b("intset"),
            new RdbValue.SetValue(Datasets.ints(0, 100, 1), null),
            RdbEntry.NO_EXPIRE));
    entries.add(
        new RdbEntry(
            0,
            b("bigset"),
            new RdbValue.SetValue(Datasets.ints(0, 600, 1), null),
            RdbEntry.NO_EXPIRE));
    entries.add(
        new RdbEntry(0, b("lphash"), TestValues.hash("a", "1", "b", "2"), RdbEntry.NO_EXPIRE));
    entries.add(
        new RdbEntry(
            0,
            b("bighash"),
            new RdbValue.HashValue(Datasets.strings("f", 600), Datasets.strings("v", 600), null),
            RdbEntry.NO_EXPIRE));
    entries.add(new RdbEntry(0, b("list"), TestValues.list("a", "b"), RdbEntry.NO_EXPIRE));
    entries.add(new RdbEntry(0, b("int"), TestValues.str("12345"), RdbEntry.NO_EXPIRE));
    entries.add(new RdbEntry(0, b("raw"), TestValues.str("r".repeat(100)), RdbEntry.NO_EXPIRE));
    Path file = dir.resolve("enc.rdb");
    write(file, RdbWriteOptions.defaults(), entries);
    try (RedisServer redis = RedisServer.start(dir, "enc.rdb")) {
      for (RdbEntry e : entries) {
        String expected = Encodings.choose(e.value(), RdbWriteOptions.defaults()).redisName();
        assertThat(redis.str("OBJECT", "ENCODING", e.key()))
            .as(new String(e.key()))
            .isEqualTo(expected);
      }
    }
  }
}
