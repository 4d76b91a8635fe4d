package io.replicheck.rdb;

import static io.replicheck.rdb.TestValues.hash;
import static io.replicheck.rdb.TestValues.hex;
import static io.replicheck.rdb.TestValues.list;
import static io.replicheck.rdb.TestValues.set;
import static io.replicheck.rdb.TestValues.str;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Vectors captured from redis-server 7.0.15 (DUMP, DEBUG DIGEST-VALUE and DEBUG DIGEST on the
 * values below): our encoder must produce the very bytes redis produced (including its LZF output),
 * our decoder must read them back, and our digests must equal redis's.
 */
class RedisGoldenTest {
  static final String LZF_SOURCE =
      "a".repeat(100) + "b".repeat(50) + "abcabcabcabcabcabcabcabc" + "hello redis".repeat(10);

  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of(
            "s:int8",
            str("100"),
            "00c0640a0087299531600e8db3",
            "3d41d4c94e50ef4c4d595fea543c6a374ebed1e9"),
        Arguments.of(
            "s:int16",
            str("-30000"),
            "00c1d08a0a00d57cb019a3f85d10",
            "8f17670a06eb9fb1dae16a0fa52d6f0d48e5de31"),
        Arguments.of(
            "s:int32",
            str("2000000000"),
            "00c2009435770a00421228d8e073c087",
            "c3246827501873ce2752cec27aef938d3e7e2dcd"),
        Arguments.of(
            "s:int64",
            str("9000000000000"),
            "000d393030303030303030303030300a0031b5574618c4c92c",
            "765ae409ee9bfd9e67084af9b8f2f39880ef7b7c"),
        Arguments.of(
            "s:raw",
            str("hello world"),
            "000b68656c6c6f20776f726c640a000bfc49b9a6c7a034",
            "19bfad8f2007c7c5d8559839d8798339f62ccc52"),
        Arguments.of(
            "s:lzf",
            str(LZF_SOURCE),
            "00c324411c016161e059000062e0280002616263e00c020a68656c6c6f207265646973e0580a0169730a"
                + "0000899ea0e7540040",
            "106f036cd3246881f18c9ec0e8b4828df4cc07ea"),
        Arguments.of(
            "l:small",
            list("a", "1", "-5000", "hello", "300000", "9999999999", "x".repeat(70)),
            "120102c330406f1f6f00000007008161020101f178ec038568656c6c6f06f2e0930404f4ffe30b5400"
                + "02201f0309e04678e03c000148ff0a004324794e78893ef3",
            "12eb23fa31a17e0c60e1456920c1b2eb843f7aa6"),
        Arguments.of(
            "h:small",
            hash("f1", "v1", "n", "12", "big", "y".repeat(30)),
            "10c32139193900000006008266310382763103816e020c0183626967049e79e01400011fff0a003b415e"
                + "cc4fd202f0",
            "b964f1d8e82dd2e31de283551c38774dc2929595"),
        Arguments.of(
            "set:int",
            set("5", "-3", "70000", "1"),
            "0b180400000004000000fdffffff0100000005000000701101000a00cc8a5d00cebbe257",
            "01081623436bc5315b533de8e998c6ec9a092b6a"),
        Arguments.of(
            "set:wide",
            set("1", "5000000000"),
            "0b180800000002000000010000000000000000f2052a010000000a0054f5a26ae707b5fc",
            "24a9eec5e2a7d0bf3b396cd17cb72039281ed3ba"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void dumpPayloadIsByteForByteRedis(String key, RdbValue value, String dump, String digest) {
    assertThat(hex(RdbDump.serialize(value, RdbWriteOptions.defaults()))).isEqualTo(dump);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void readsRedisDumpPayload(String key, RdbValue value, String dump, String digest)
      throws Exception {
    RdbValue read = RdbDump.deserialize(hex(dump));
    assertThat(RdbValues.sameContent(read, value)).as("%s read back", key).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void digestValueIsRedis(String key, RdbValue value, String dump, String digest) {
    assertThat(DatasetDigest.digestValue(value)).isEqualTo(digest);
  }

  @Test
  void datasetDigestIsRedis() {
    // The same keys, plus set:str {a, b}, all in db 0: DEBUG DIGEST said cf3838....
    List<RdbEntry> entries = new ArrayList<>();
    vectors()
        .forEach(
            a ->
                entries.add(
                    new RdbEntry(
                        0,
                        TestValues.b((String) a.get()[0]),
                        (RdbValue) a.get()[1],
                        RdbEntry.NO_EXPIRE)));
    entries.add(new RdbEntry(0, TestValues.b("set:str"), set("a", "b"), RdbEntry.NO_EXPIRE));
    assertThat(DatasetDigest.of(entries)).isEqualTo("cf38383644bb00a0d48b2568159d166470f94bb8");
  }

  @Test
  void badChecksumIsRejectedAsRedisSays() {
    byte[] p = hex("00c0640a0087299531600e8db3");
    p[p.length - 1] ^= 1;
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RdbDump.deserialize(p))
        .isInstanceOf(RdbFormatException.class)
        .hasMessageContaining("DUMP payload version or checksum are wrong");
  }
}
