package io.replicheck.rdb;

import static io.replicheck.rdb.TestValues.b;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A small file, byte by byte as the RDB format description (rdb.h, rdb.c) says it must be. */
class GoldenFileTest {
  static final String EXPECTED_WITHOUT_CRC =
      ""
          + "524544495330303130" // REDIS0010
          + "fa"
          + "09"
          + "72656469732d766572"
          + "06"
          + "372e302e3135" // redis-ver 7.0.15
          + "fa"
          + "0a"
          + "72656469732d62697473"
          + "c040" // redis-bits 64 (int8)
          + "fa"
          + "05"
          + "6374696d65"
          + "c200f15365" // ctime 1700000000 (int32 LE)
          + "fa"
          + "08"
          + "757365642d6d656d"
          + "c1e803" // used-mem 1000 (int16 LE)
          + "fa"
          + "08"
          + "616f662d62617365"
          + "c000" // aof-base 0
          + "fe00"
          + "fb"
          + "02"
          + "01" // SELECTDB 0, RESIZEDB 2 keys, 1 with expire
          + "fc"
          + "0068e5cf8b010000" // EXPIRETIME_MS 1700000000000 LE
          + "00"
          + "016b"
          + "0176" // STRING "k" = "v"
          + "0b"
          + "0173"
          + "0c"
          + "0200000002000000"
          + "01000200" // SET_INTSET "s" {2, 1}: 2-byte, sorted
          + "fe02"
          + "fb"
          + "01"
          + "00" // SELECTDB 2, RESIZEDB 1 / 0
          + "10"
          + "0168"
          + "0c"
          + "0c000000"
          + "0200"
          + "8161"
          + "02"
          + "05"
          + "01"
          + "ff" // HASH_LISTPACK "h" {a: 5}
          + "ff"; // EOF

  @Test
  void smallFileIsByteExact() throws IOException {
    Map<String, String> aux = new LinkedHashMap<>();
    aux.put("ctime", "1700000000");
    aux.put("used-mem", "1000");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RdbWriter.writeAll(
        out,
        RdbWriteOptions.defaults(),
        aux,
        List.of(
            new RdbEntry(0, b("k"), TestValues.str("v"), 1_700_000_000_000L),
            new RdbEntry(0, b("s"), TestValues.set("2", "1"), RdbEntry.NO_EXPIRE),
            new RdbEntry(2, b("h"), TestValues.hash("a", "5"), RdbEntry.NO_EXPIRE)));
    byte[] body = TestValues.hex(EXPECTED_WITHOUT_CRC);
    long crc = Crc64.of(body);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(body);
    for (int i = 0; i < 8; i++) {
      expected.write((int) (crc >>> (8 * i)) & 0xff);
    }
    assertThat(TestValues.hex(out.toByteArray())).isEqualTo(TestValues.hex(expected.toByteArray()));
    assertThat(RdbReader.readAll(new ByteArrayInputStream(out.toByteArray()))).hasSize(3);
  }
}
