package io.replicheck.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RdbRoundTripTest {
  static byte[] write(List<RdbEntry> entries, RdbWriteOptions o) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RdbWriter.writeAll(out, o, Map.of(), entries);
    return out.toByteArray();
  }

  static void assertSameDataset(List<RdbEntry> actual, List<RdbEntry> expected) {
    assertThat(actual).hasSize(expected.size());
    Map<String, RdbEntry> byKey = new LinkedHashMap<>();
    for (RdbEntry e : actual) {
      byKey.put(e.db() + "/" + TestValues.hex(e.key()), e);
    }
    for (RdbEntry e : expected) {
      RdbEntry a = byKey.get(e.db() + "/" + TestValues.hex(e.key()));
      assertThat(a).as("key %s in db %d", new String(e.key()), e.db()).isNotNull();
      assertThat(a.expireAtMs()).isEqualTo(e.expireAtMs());
      assertThat(RdbValues.sameContent(a.value(), e.value()))
          .as(
              "%s: %s vs %s",
              new String(e.key()), RdbValues.describe(a.value()), RdbValues.describe(e.value()))
          .isTrue();
    }
  }

  @Test
  void everyTypeAndEncodingRoundTrips() throws IOException {
    for (RdbWriteOptions o :
        List.of(
            RdbWriteOptions.defaults(),
            new RdbWriteOptions(false, false, -2, 128, 64, 512),
            new RdbWriteOptions(true, true, 5, 4, 8, 3))) {
      List<RdbEntry> expected = Datasets.everything(1);
      byte[] file = write(expected, o);
      List<RdbEntry> read = RdbReader.readAll(new ByteArrayInputStream(file));
      assertSameDataset(read, expected);
      assertThat(DatasetDigest.of(read)).isEqualTo(DatasetDigest.of(expected));
    }
  }

  @Test
  void readerReportsTheEncodingsTheWriterChose() throws IOException {
    List<RdbEntry> read =
        RdbReader.readAll(
            new ByteArrayInputStream(write(Datasets.everything(1), RdbWriteOptions.defaults())));
    Map<String, Encoding> enc = new LinkedHashMap<>();
    read.forEach(e -> enc.put(new String(e.key()), e.value().encoding()));
    assertThat(enc)
        .containsEntry("str:int32", Encoding.INT)
        .containsEntry("str:small", Encoding.EMBSTR)
        .containsEntry("str:lzf", Encoding.RAW)
        .containsEntry("list:big", Encoding.QUICKLIST)
        .containsEntry("hash:small", Encoding.LISTPACK)
        .containsEntry("hash:many", Encoding.HASHTABLE)
        .containsEntry("hash:longvalue", Encoding.HASHTABLE)
        .containsEntry("hash:sticky", Encoding.HASHTABLE)
        .containsEntry("set:int", Encoding.INTSET)
        .containsEntry("set:int64", Encoding.INTSET)
        .containsEntry("set:manyints", Encoding.HASHTABLE)
        .containsEntry("set:str", Encoding.HASHTABLE)
        .containsEntry("set:sticky", Encoding.HASHTABLE);
  }

  @Test
  void auxFieldsAndDbsReachTheVisitor() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Map<String, String> aux = new LinkedHashMap<>();
    aux.put("repl-id", "0123456789abcdef0123456789abcdef01234567");
    aux.put("repl-offset", "12345");
    aux.put("repl-stream-db", "0");
    aux.put("ctime", "1700000000");
    RdbWriter.writeAll(out, RdbWriteOptions.defaults(), aux, Datasets.everything(2));
    Map<String, String> seen = new LinkedHashMap<>();
    List<Integer> dbs = new ArrayList<>();
    List<long[]> sizes = new ArrayList<>();
    boolean[] ended = {false};
    RdbReader.read(
        new ByteArrayInputStream(out.toByteArray()),
        new RdbVisitor() {
          @Override
          public void aux(String k, String v) {
            seen.put(k, v);
          }

          @Override
          public void selectDb(int db) {
            dbs.add(db);
          }

          @Override
          public void resizeDb(long size, long expires) {
            sizes.add(new long[] {size, expires});
          }

          @Override
          public void entry(RdbEntry e) {}

          @Override
          public void end() {
            ended[0] = true;
          }
        });
    assertThat(seen.keySet())
        .containsExactly(
            "redis-ver",
            "redis-bits",
            "ctime",
            "used-mem",
            "repl-stream-db",
            "repl-id",
            "repl-offset",
            "aof-base");
    assertThat(seen)
        .containsEntry("redis-ver", "7.0.15")
        .containsEntry("redis-bits", "64")
        .containsEntry("repl-offset", "12345")
        .containsEntry("ctime", "1700000000");
    assertThat(dbs).containsExactly(0, 1, 2, 15);
    assertThat(sizes.get(1)).containsExactly(2, 2);
    assertThat(ended[0]).isTrue();
  }

  @Test
  void readerStopsRightAfterTheChecksum() throws IOException {
    byte[] file = write(Datasets.everything(3), RdbWriteOptions.defaults());
    byte[] withTail = new byte[file.length + 14];
    System.arraycopy(file, 0, withTail, 0, file.length);
    byte[] tail = "*1\r\n$4\r\nPING\r\n".getBytes();
    System.arraycopy(tail, 0, withTail, file.length, tail.length);
    ByteArrayInputStream in = new ByteArrayInputStream(withTail);
    RdbReader.read(in, e -> {});
    assertThat(in.readAllBytes()).isEqualTo(tail);
  }

  @Test
  void checksumIsVerifiedOrZero() throws IOException {
    byte[] file = write(Datasets.everything(4), RdbWriteOptions.defaults());
    long stored = 0;
    for (int i = 0; i < 8; i++) {
      stored |= (file[file.length - 8 + i] & 0xffL) << (8 * i);
    }
    assertThat(stored).isEqualTo(Crc64.update(0, file, 0, file.length - 8));
    file[file.length - 1] ^= 0x10;
    byte[] corrupt = file;
    assertThatThrownBy(() -> RdbReader.readAll(new ByteArrayInputStream(corrupt)))
        .isInstanceOf(RdbFormatException.class)
        .hasMessageContaining("checksum mismatch");
    byte[] off = write(Datasets.everything(4), new RdbWriteOptions(true, false, -2, 128, 64, 512));
    for (int i = 1; i <= 8; i++) {
      assertThat(off[off.length - i]).isZero();
    }
    assertThat(RdbReader.readAll(new ByteArrayInputStream(off)))
        .hasSize(Datasets.everything(4).size());
  }

  @Test
  void emptyAggregatesAreRefusedByTheWriter() {
    assertThatThrownBy(
            () ->
                write(
                    List.of(
                        new RdbEntry(
                            0,
                            TestValues.b("k"),
                            new RdbValue.ListValue(List.of(), null),
                            RdbEntry.NO_EXPIRE)),
                    RdbWriteOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty list");
  }

  @Test
  void sortedSetsRoundTripInBothEncodings() throws IOException {
    List<byte[]> members = new java.util.ArrayList<>();
    List<Double> scores = new java.util.ArrayList<>();
    double[] sc = {Double.NEGATIVE_INFINITY, -2.5, 0, 0.1, 1, 12345678901234568.0, 1e300};
    for (int i = 0; i < sc.length; i++) {
      members.add(("m" + i).getBytes());
      scores.add(sc[i]);
    }
    for (Encoding enc : new Encoding[] {Encoding.LISTPACK, Encoding.SKIPLIST}) {
      RdbValue.ZSetValue z = new RdbValue.ZSetValue(members, scores, enc);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      RdbWriter.writeAll(
          out,
          RdbWriteOptions.defaults(),
          java.util.Map.of(),
          List.of(new RdbEntry(0, "z".getBytes(), z, RdbEntry.NO_EXPIRE)));
      List<RdbEntry> back = RdbReader.readAll(new ByteArrayInputStream(out.toByteArray()));
      RdbValue.ZSetValue read = (RdbValue.ZSetValue) back.get(0).value();
      assertThat(read.encoding()).isEqualTo(enc);
      assertThat(read.scores()).isEqualTo(scores);
      assertThat(RdbValues.sameContent(read, z)).isTrue();
      assertThat(DatasetDigest.digestValue(read)).isEqualTo(DatasetDigest.digestValue(z));
    }
  }

  @Test
  void unsupportedTypesAreNamed() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write("REDIS0010".getBytes());
    out.write(new byte[] {(byte) 0xfe, 0, 7, 1, 'z', 0});
    assertThatThrownBy(() -> RdbReader.readAll(new ByteArrayInputStream(out.toByteArray())))
        .isInstanceOf(RdbFormatException.class)
        .hasMessage("unsupported type 7 (module) at offset 11");
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    s.write("REDIS0010".getBytes());
    // Streams are read now: one cut short after its node count is a format error, not a type one.
    s.write(new byte[] {15, 1, 'z', 0});
    assertThatThrownBy(() -> RdbReader.readAll(new ByteArrayInputStream(s.toByteArray())))
        .isInstanceOf(RdbFormatException.class)
        .hasMessageContaining("unexpected end of stream");
  }

  @Test
  void rejectsNonRdbAndFutureVersions() {
    assertThatThrownBy(() -> RdbReader.readAll(new ByteArrayInputStream("HELLO0010".getBytes())))
        .isInstanceOf(RdbFormatException.class)
        .hasMessageContaining("not an RDB file");
    assertThatThrownBy(
            () -> RdbReader.readAll(new ByteArrayInputStream("REDIS0099\u00ff".getBytes())))
        .isInstanceOf(RdbFormatException.class)
        .hasMessageContaining("unsupported RDB version 99");
    assertThatThrownBy(() -> RdbReader.readAll(new ByteArrayInputStream("RED".getBytes())))
        .isInstanceOf(RdbFormatException.class)
        .hasMessageContaining("unexpected end");
  }
}
