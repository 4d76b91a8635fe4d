package io.replicheck.rdb;

import static io.replicheck.rdb.TestValues.b;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Files in the layouts older redis versions wrote (ziplist, zipmap, quicklist of ziplists, linked
 * lists, EXPIRETIME in seconds, RDB versions without checksum), built byte by byte from the format
 * descriptions in ziplist.c, zipmap.c and rdb.h.
 */
class LegacyFormatsTest {
  /** Builds a ziplist: zlbytes, zltail, zllen, entries (prevlen, encoding, data), 0xFF. */
  static final class ZiplistBuilder {
    private final ByteArrayOutputStream entries = new ByteArrayOutputStream();
    private int count;
    private int prevLen;
    private int lastOffset = 10;

    ZiplistBuilder entry(byte[] encodingAndData) {
      ByteArrayOutputStream e = new ByteArrayOutputStream();
      if (prevLen < 254) {
        e.write(prevLen);
      } else {
        e.write(0xfe);
        le(e, prevLen, 4);
      }
      e.writeBytes(encodingAndData);
      lastOffset = 10 + entries.size();
      entries.writeBytes(e.toByteArray());
      prevLen = e.size();
      count++;
      return this;
    }

    ZiplistBuilder str(String s) {
      byte[] d = b(s);
      ByteArrayOutputStream e = new ByteArrayOutputStream();
      if (d.length <= 63) {
        e.write(d.length);
      } else if (d.length <= 16383) {
        e.write(0x40 | (d.length >> 8));
        e.write(d.length & 0xff);
      } else {
        e.write(0x80);
        e.write(d.length >>> 24);
        e.write(d.length >>> 16);
        e.write(d.length >>> 8);
        e.write(d.length);
      }
      e.writeBytes(d);
      return entry(e.toByteArray());
    }

    ZiplistBuilder integer(int encoding, long v, int bytes) {
      ByteArrayOutputStream e = new ByteArrayOutputStream();
      e.write(encoding);
      le(e, v, bytes);
      return entry(e.toByteArray());
    }

    byte[] build() {
      ByteArrayOutputStream z = new ByteArrayOutputStream();
      int total = 10 + entries.size() + 1;
      le(z, total, 4);
      le(z, lastOffset, 4);
      le(z, count, 2);
      z.writeBytes(entries.toByteArray());
      z.write(0xff);
      return z.toByteArray();
    }
  }

  static void le(ByteArrayOutputStream o, long v, int bytes) {
    for (int i = 0; i < bytes; i++) {
      o.write((int) (v >>> (8 * i)) & 0xff);
    }
  }

  static void rdbString(ByteArrayOutputStream o, byte[] s) {
    if (s.length < 64) {
      o.write(s.length);
    } else {
      o.write(0x80);
      o.write(s.length >>> 24);
      o.write(s.length >>> 16);
      o.write(s.length >>> 8);
      o.write(s.length);
    }
    o.writeBytes(s);
  }

  static ZiplistBuilder everyZiplistEncoding() {
    return new ZiplistBuilder()
        .str("short")
        .str("m".repeat(300))
        .str("L".repeat(17000))
        .integer(0xfe, -100, 1)
        .integer(0xc0, 30000, 2)
        .integer(0xf0, -8000000, 3)
        .integer(0xd0, 2000000000, 4)
        .integer(0xe0, Long.MIN_VALUE, 8)
        .entry(new byte[] {(byte) 0xf1})
        .entry(new byte[] {(byte) 0xfd});
  }

  @Test
  void ziplistListQuicklistAndZiplistHashInAVersion9File() throws IOException {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.writeBytes(b("REDIS0009"));
    f.write(0xfe);
    f.write(0);
    // EXPIRETIME in seconds (old opcode 253), then a LIST_ZIPLIST
    f.write(0xfd);
    le(f, 2_000_000_000L, 4);
    f.write(RdbFormat.TYPE_LIST_ZIPLIST);
    rdbString(f, b("zl"));
    rdbString(f, everyZiplistEncoding().build());
    // LIST_QUICKLIST: 2 ziplist nodes
    f.write(RdbFormat.TYPE_LIST_QUICKLIST);
    rdbString(f, b("ql"));
    f.write(2);
    rdbString(f, new ZiplistBuilder().str("a").str("b").build());
    rdbString(f, new ZiplistBuilder().str("c").integer(0xfe, 5, 1).build());
    // HASH_ZIPLIST
    f.write(RdbFormat.TYPE_HASH_ZIPLIST);
    rdbString(f, b("hz"));
    rdbString(f, new ZiplistBuilder().str("f1").str("v1").str("f2").integer(0xc0, 1000, 2).build());
    // plain LIST (type 1), IDLE and FREQ before it
    f.write(0xf8);
    f.write(5);
    f.write(0xf9);
    f.write(3);
    f.write(RdbFormat.TYPE_LIST);
    rdbString(f, b("ll"));
    f.write(2);
    rdbString(f, b("x"));
    rdbString(f, b("y"));
    f.write(0xff);
    long crc = Crc64.of(f.toByteArray());
    le(f, crc, 8);

    List<RdbEntry> read = RdbReader.readAll(new ByteArrayInputStream(f.toByteArray()));
    assertThat(read).hasSize(4);
    assertThat(read.get(0).expireAtMs()).isEqualTo(2_000_000_000_000L);
    assertThat(((RdbValue.ListValue) read.get(0).value()).elements())
        .extracting(String::new)
        .containsExactly(
            "short",
            "m".repeat(300),
            "L".repeat(17000),
            "-100",
            "30000",
            "-8000000",
            "2000000000",
            Long.toString(Long.MIN_VALUE),
            "0",
            "12");
    assertThat(RdbValues.sameContent(read.get(1).value(), TestValues.list("a", "b", "c", "5")))
        .isTrue();
    assertThat(
            RdbValues.sameContent(read.get(2).value(), TestValues.hash("f1", "v1", "f2", "1000")))
        .isTrue();
    assertThat(read.get(2).value().encoding()).isEqualTo(Encoding.LISTPACK);
    assertThat(RdbValues.sameContent(read.get(3).value(), TestValues.list("x", "y"))).isTrue();
    assertThat(read.get(3).expireAtMs()).isEqualTo(RdbEntry.NO_EXPIRE);
  }

  @Test
  void zipmapHashInAVersion3FileWithoutChecksum() throws IOException {
    ByteArrayOutputStream zm = new ByteArrayOutputStream();
    zm.write(2); // zmlen
    zm.write(3);
    zm.writeBytes(b("foo"));
    zm.write(3);
    zm.write(2); // free bytes after the value
    zm.writeBytes(b("bar"));
    zm.write(0);
    zm.write(0);
    byte[] longValue = b("v".repeat(300));
    zm.write(1);
    zm.writeBytes(b("k"));
    zm.write(254);
    le(zm, longValue.length, 4);
    zm.write(0);
    zm.writeBytes(longValue);
    zm.write(0xff);

    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.writeBytes(b("REDIS0003"));
    f.write(0xfe);
    f.write(3);
    f.write(RdbFormat.TYPE_HASH_ZIPMAP);
    rdbString(f, b("zm"));
    rdbString(f, zm.toByteArray());
    f.write(0xff); // versions before 5 have no checksum
    f.writeBytes(b("trailing data that is not ours"));

    ByteArrayInputStream in = new ByteArrayInputStream(f.toByteArray());
    List<RdbEntry> read = RdbReader.readAll(in);
    assertThat(read).hasSize(1);
    assertThat(read.get(0).db()).isEqualTo(3);
    assertThat(
            RdbValues.sameContent(
                read.get(0).value(), TestValues.hash("foo", "bar", "k", "v".repeat(300))))
        .isTrue();
    assertThat(new String(in.readAllBytes())).isEqualTo("trailing data that is not ours");
  }

  @Test
  void setListpackOfRedis72AndModuleAuxAndFunctions() throws IOException {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.writeBytes(b("REDIS0011"));
    // FUNCTION2 with a library's source
    f.write(0xf5);
    rdbString(f, b("#!lua name=mylib\nredis.register_function('f', function() return 1 end)"));
    // MODULE_AUX: module id, when-opcode UINT, when, then a UINT and a STRING, then EOF
    f.write(0xf7);
    f.write(0x81);
    for (int i = 0; i < 8; i++) {
      f.write(i == 7 ? 9 : 0);
    }
    f.write(RdbFormat.MODULE_OPCODE_UINT);
    f.write(2);
    f.write(RdbFormat.MODULE_OPCODE_UINT);
    f.write(42);
    f.write(RdbFormat.MODULE_OPCODE_STRING);
    rdbString(f, b("module data"));
    f.write(RdbFormat.MODULE_OPCODE_EOF);
    f.write(0xfe);
    f.write(0);
    f.write(RdbFormat.TYPE_SET_LISTPACK);
    rdbString(f, b("sl"));
    rdbString(f, Listpack.encode(TestValues.bs("a", "7", "b")));
    f.write(0xff);
    le(f, 0, 8); // checksum disabled
    String[] function = {null};
    List<RdbEntry> entries = new java.util.ArrayList<>();
    RdbReader.read(
        new ByteArrayInputStream(f.toByteArray()),
        new RdbVisitor() {
          @Override
          public void function(String code) {
            function[0] = code;
          }

          @Override
          public void entry(RdbEntry e) {
            entries.add(e);
          }
        });
    assertThat(function[0]).startsWith("#!lua name=mylib");
    assertThat(entries).hasSize(1);
    assertThat(RdbValues.sameContent(entries.get(0).value(), TestValues.set("a", "b", "7")))
        .isTrue();
  }
}
