package io.replicheck.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * redis-server 7.0 builds a dataset with commands and SAVEs it; we read the file: same keys, values
 * and TTLs as redis-cli reads back, the encodings OBJECT ENCODING names, and our digest equals
 * DEBUG DIGEST. DEBUG DIGEST-VALUE equals our digestValue.
 */
@Tag("interop") // needs redis-server and redis-tools
class ReaderInteropIT {
  @TempDir Path dir;

  static void populate(RedisServer r) throws Exception {
    long future = 4_102_444_800_000L;
    r.ok("SET", "s:small", "hello");
    r.ok("SET", "s:int", "12345");
    r.ok("SET", "s:bigint", "-9000000000000000000");
    r.ok("SET", "s:lzf", "compress me ".repeat(200));
    r.ok("SET", "s:empty", "");
    byte[] binary = new byte[256];
    for (int i = 0; i < 256; i++) {
      binary[i] = (byte) i;
    }
    r.ok("SET", binary, binary);
    r.ok("SET", "s:ttl", "bye", "PXAT", future);
    r.ok("RPUSH", "l:small", "a", "1", "-70000", "x".repeat(80));
    for (int i = 0; i < 4000; i++) {
      r.ok("RPUSH", "l:big", "element-" + i);
    }
    r.ok("LPUSH", "l:big", "head");
    r.ok("RPUSH", "l:huge", "y".repeat(20000), "z");
    r.ok("HSET", "h:small", "f1", "v1", "f2", "2");
    for (int i = 0; i < 600; i++) {
      r.ok("HSET", "h:big", "field" + i, "value" + i);
    }
    r.ok("HSET", "h:longval", "f", "v".repeat(100));
    r.ok("PEXPIREAT", "h:longval", future + 5);
    r.ok("SADD", "set:int", "1", "2", "3", "-40000", "5000000000");
    for (int i = 0; i < 600; i++) {
      r.ok("SADD", "set:bigint", Integer.toString(i * 7));
    }
    r.ok("SADD", "set:str", "a", "b", "c");
    for (int i = 0; i < 300; i++) {
      r.ok("SADD", "set:bigstr", "member" + i);
    }
    r.ok(
        "ZADD", "z:small", "1", "a", "0.1", "b", "-inf", "c", "inf", "d", "12345678901234567", "e");
    r.ok("ZADD", "z:small", "1e300", "f", "-2.5", "-7");
    for (int i = 0; i < 200; i++) {
      r.ok("ZADD", "z:big", Double.toString(i / 3.0), "member" + i);
    }
    r.ok("ZADD", "z:longmember", "2", "m".repeat(80), "3", "short");
    r.ok("PEXPIREAT", "z:longmember", future + 7);
    r.ok("SELECT", 3);
    r.ok("SET", "db3:key", "value in db 3");
    r.ok("RPUSH", "db3:list", "1", "2", "3");
    r.ok("EXPIRE", "db3:list", 100000);
    r.ok("SELECT", 9);
    r.ok("HSET", "db9:hash", "k", "v");
    r.ok("SELECT", 0);
  }

  void saveAndCompare(String... serverArgs) throws Exception {
    try (RedisServer redis = RedisServer.start(dir, "theirs.rdb", serverArgs)) {
      populate(redis);
      redis.ok(
          "FUNCTION",
          "LOAD",
          "#!lua name=rdbtest\nredis.register_function('rdbtest_f', function() return 1 end)");
      assertThat(redis.ok("SAVE")).isEqualTo("OK");
      List<RdbEntry> fromRedis = redis.dataset(16);
      String redisDigest = redis.str("DEBUG", "DIGEST");

      Map<String, String> aux = new LinkedHashMap<>();
      List<RdbEntry> fromFile = new ArrayList<>();
      List<String> functions = new ArrayList<>();
      RdbReader.read(
          dir.resolve("theirs.rdb"),
          new RdbVisitor() {
            @Override
            public void aux(String k, String v) {
              aux.put(k, v);
            }

            @Override
            public void function(String code) {
              functions.add(code);
            }

            @Override
            public void entry(RdbEntry e) {
              fromFile.add(e);
            }
          });
      assertThat(aux.get("redis-ver")).startsWith("7.0."); // any redis-server 7.0.x
      // The same fields in the same order as our writer writes them.
      assertThat(aux.keySet())
          .containsExactly("redis-ver", "redis-bits", "ctime", "used-mem", "aof-base");
      assertThat(functions).singleElement().asString().contains("rdbtest_f");
      RdbRoundTripTest.assertSameDataset(fromFile, fromRedis);
      assertThat(DatasetDigest.of(fromFile)).isEqualTo(redisDigest);

      // The encodings the file carries are the ones redis had in memory.
      Map<Integer, Map<String, RdbEntry>> byDb = new HashMap<>();
      fromFile.forEach(
          e ->
              byDb.computeIfAbsent(e.db(), k -> new HashMap<>())
                  .put(new String(e.key(), StandardCharsets.ISO_8859_1), e));
      for (RdbEntry e : fromFile) {
        redis.ok("SELECT", e.db());
        String enc = redis.str("OBJECT", "ENCODING", e.key());
        assertThat(e.value().encoding().redisName())
            .as(new String(e.key(), StandardCharsets.ISO_8859_1))
            .isEqualTo(enc);
        // ... and the writer, given nothing but the content, chooses the same.
        assertThat(Encodings.choose(e.value(), RdbWriteOptions.defaults()).redisName())
            .isEqualTo(enc);
      }
      redis.ok("SELECT", 0);

      // DEBUG DIGEST-VALUE for each type, with and without TTL.
      for (RdbEntry e : fromFile) {
        redis.ok("SELECT", e.db());
        @SuppressWarnings("unchecked")
        List<Object> r = (List<Object>) redis.ok("DEBUG", "DIGEST-VALUE", e.key());
        assertThat(DatasetDigest.digestValue(e.value(), e.expireAtMs() != RdbEntry.NO_EXPIRE))
            .as("DIGEST-VALUE of %s", new String(e.key(), StandardCharsets.ISO_8859_1))
            .isEqualTo(r.get(0));
      }
    }
  }

  @Test
  void readsWhatRedisSaves() throws Exception {
    saveAndCompare();
  }

  @Test
  void readsUncompressedFilesWithLruAndLfuOpcodes() throws Exception {
    saveAndCompare("--rdbcompression", "no", "--maxmemory-policy", "allkeys-lfu");
  }

  @Test
  void readsFilesWithIdleTimes() throws Exception {
    saveAndCompare("--rdbchecksum", "no", "--maxmemory-policy", "allkeys-lru");
  }

  /**
   * Reading a file redis saved and writing it back with the same aux fields, db sizes and key order
   * gives the very same bytes, checksum included: our encodings, LZF and listpacks are redis's.
   * (Lists are built with RPUSH only, since quicklist node boundaries depend on history.)
   */
  @Test
  void rewritingARedisFileGivesTheSameBytes() throws Exception {
    rewriteAndCompare(RdbWriteOptions.defaults());
  }

  @Test
  void rewritingGivesTheSameBytesUnderOtherThresholds() throws Exception {
    rewriteAndCompare(new RdbWriteOptions(false, true, 7, 16, 8, 16));
    rewriteAndCompare(new RdbWriteOptions(true, false, -1, 1000, 100, 1000));
    rewriteAndCompare(new RdbWriteOptions(true, true, -4, 512, 64, 512));
  }

  void rewriteAndCompare(RdbWriteOptions o) throws Exception {
    java.nio.file.Files.deleteIfExists(dir.resolve("orig.rdb"));
    try (RedisServer redis =
        RedisServer.start(
            dir,
            "orig.rdb",
            "--rdbcompression",
            o.compression() ? "yes" : "no",
            "--rdbchecksum",
            o.checksum() ? "yes" : "no",
            "--list-max-listpack-size",
            Integer.toString(o.listMaxListpackSize()),
            "--hash-max-listpack-entries",
            Integer.toString(o.hashMaxListpackEntries()),
            "--hash-max-listpack-value",
            Integer.toString(o.hashMaxListpackValue()),
            "--set-max-intset-entries",
            Integer.toString(o.setMaxIntsetEntries()))) {
      redis.ok("SET", "s", "hello");
      redis.ok("SET", "n", "-123456");
      redis.ok("SET", "big", "9123456789012");
      redis.ok("SET", "z", "squeeze ".repeat(300));
      redis.ok("SET", "t", "ttl", "PXAT", 4_102_444_800_123L);
      for (int i = 0; i < 3000; i++) {
        redis.ok("RPUSH", "l", i % 2 == 0 ? Integer.toString(i * 37) : "item-" + i);
      }
      redis.ok("RPUSH", "lhuge", "q".repeat(9000), "after");
      redis.ok("HSET", "h", "a", "1", "b", "two", "c", "x".repeat(40));
      for (int i = 0; i < 700; i++) {
        redis.ok("HSET", "hbig", "f" + i, i % 3 == 0 ? Integer.toString(i) : "v" + i);
      }
      redis.ok("SADD", "si", "5", "-2", "100000");
      redis.ok("SADD", "sw", "1", "99999999999");
      for (int i = 0; i < 50; i++) {
        redis.ok("SADD", "ss", "m" + i);
      }
      redis.ok("ZADD", "zl", "1", "a", "0.1", "b", "-inf", "c", "12345678901234567", "d");
      for (int i = 0; i < 300; i++) {
        redis.ok("ZADD", "zs", Double.toString(i * 1.1), "zm" + i);
      }
      redis.ok("SELECT", 5);
      redis.ok("SET", "db5", "five");
      redis.ok("SELECT", 0);
      redis.ok("SAVE");
    }
    Map<String, String> aux = new LinkedHashMap<>();
    List<long[]> dbs = new ArrayList<>();
    List<List<RdbEntry>> entriesPerDb = new ArrayList<>();
    RdbReader.read(
        dir.resolve("orig.rdb"),
        new RdbVisitor() {
          @Override
          public void aux(String k, String v) {
            aux.put(k, v);
          }

          @Override
          public void selectDb(int db) {
            dbs.add(new long[] {db, 0, 0});
            entriesPerDb.add(new ArrayList<>());
          }

          @Override
          public void resizeDb(long size, long expires) {
            dbs.get(dbs.size() - 1)[1] = size;
            dbs.get(dbs.size() - 1)[2] = expires;
          }

          @Override
          public void entry(RdbEntry e) {
            entriesPerDb.get(entriesPerDb.size() - 1).add(e);
          }
        });
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    RdbWriter w = new RdbWriter(out, o);
    w.writeHeader(aux);
    for (int i = 0; i < dbs.size(); i++) {
      w.selectDb((int) dbs.get(i)[0], dbs.get(i)[1], dbs.get(i)[2]);
      for (RdbEntry e : entriesPerDb.get(i)) {
        w.write(e);
      }
    }
    w.finish();
    byte[] theirs = java.nio.file.Files.readAllBytes(dir.resolve("orig.rdb"));
    assertThat(TestValues.hex(out.toByteArray()))
        .as("rewrite under %s", o)
        .isEqualTo(TestValues.hex(theirs));
  }
}
