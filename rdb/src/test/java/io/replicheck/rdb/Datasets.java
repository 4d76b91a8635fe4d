package io.replicheck.rdb;

import static io.replicheck.rdb.TestValues.b;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded datasets covering every type in its small and large encodings. */
final class Datasets {
  private Datasets() {}

  static byte[] randomBytes(Random r, int len) {
    byte[] s = new byte[len];
    r.nextBytes(s);
    return s;
  }

  static List<byte[]> strings(String prefix, int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(b(prefix + i));
    }
    return out;
  }

  static List<byte[]> ints(long start, int n, long step) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Ints.toBytes(start + i * step));
    }
    return out;
  }

  /** Every type and encoding, integers and LZF strings, expiries, binary keys, three dbs. */
  static List<RdbEntry> everything(long seed) {
    Random r = new Random(seed);
    List<RdbEntry> e = new ArrayList<>();
    long future = 4_102_444_800_000L; // 2100-01-01, so redis does not drop them on load
    // strings
    e.add(new RdbEntry(0, b("str:small"), TestValues.str("hello"), RdbEntry.NO_EXPIRE));
    e.add(new RdbEntry(0, b("str:int8"), TestValues.str("-7"), RdbEntry.NO_EXPIRE));
    e.add(new RdbEntry(0, b("str:int16"), TestValues.str("12345"), RdbEntry.NO_EXPIRE));
    e.add(new RdbEntry(0, b("str:int32"), TestValues.str("-2000000000"), RdbEntry.NO_EXPIRE));
    e.add(
        new RdbEntry(
            0, b("str:int64"), TestValues.str("-9223372036854775808"), RdbEntry.NO_EXPIRE));
    e.add(new RdbEntry(0, b("str:notint"), TestValues.str("007"), RdbEntry.NO_EXPIRE));
    e.add(new RdbEntry(0, b("str:lzf"), TestValues.str("abcd".repeat(500)), RdbEntry.NO_EXPIRE));
    e.add(new RdbEntry(0, b("str:empty"), TestValues.str(""), RdbEntry.NO_EXPIRE));
    e.add(
        new RdbEntry(
            0, b("str:random"), new RdbValue.Str(randomBytes(r, 3000), null), RdbEntry.NO_EXPIRE));
    e.add(
        new RdbEntry(
            0, b("str:big"), new RdbValue.Str(b("x".repeat(200_000)), null), RdbEntry.NO_EXPIRE));
    e.add(
        new RdbEntry(
            0,
            new byte[] {0, (byte) 0xff, '\r', '\n', 1},
            TestValues.str("binary key"),
            RdbEntry.NO_EXPIRE));
    e.add(new RdbEntry(0, b("str:ttl"), TestValues.str("expiring"), future));
    // lists
    e.add(
        new RdbEntry(
            0,
            b("list:small"),
            TestValues.list("a", "1", "-1", "b", "300000", "x".repeat(100)),
            RdbEntry.NO_EXPIRE));
    List<byte[]> bigList = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      bigList.add(
          i % 3 == 0 ? Ints.toBytes(i * 1000L) : b("element-" + i + "-" + "z".repeat(i % 50)));
    }
    e.add(
        new RdbEntry(0, b("list:big"), new RdbValue.ListValue(bigList, null), RdbEntry.NO_EXPIRE));
    List<byte[]> hugeElems = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      hugeElems.add(randomBytes(r, 9000 + i));
    }
    e.add(
        new RdbEntry(1, b("list:hugeelems"), new RdbValue.ListValue(hugeElems, null), future + 1));
    // hashes
    e.add(
        new RdbEntry(
            0,
            b("hash:small"),
            TestValues.hash("f1", "v1", "n", "42", "neg", "-1"),
            RdbEntry.NO_EXPIRE));
    List<byte[]> hf = strings("field:", 600);
    List<byte[]> hv = strings("value:", 600);
    e.add(
        new RdbEntry(0, b("hash:many"), new RdbValue.HashValue(hf, hv, null), RdbEntry.NO_EXPIRE));
    e.add(
        new RdbEntry(
            1, b("hash:longvalue"), TestValues.hash("f", "v".repeat(65), "g", "1"), future + 2));
    // sets
    e.add(
        new RdbEntry(
            0, b("set:int"), new RdbValue.SetValue(ints(-100, 50, 7), null), RdbEntry.NO_EXPIRE));
    e.add(
        new RdbEntry(0, b("set:int64"), TestValues.set("1", "9000000000000"), RdbEntry.NO_EXPIRE));
    e.add(
        new RdbEntry(
            0,
            b("set:manyints"),
            new RdbValue.SetValue(ints(0, 600, 3), null),
            RdbEntry.NO_EXPIRE));
    e.add(new RdbEntry(0, b("set:str"), TestValues.set("a", "b", "c", "1"), RdbEntry.NO_EXPIRE));
    e.add(
        new RdbEntry(
            2,
            b("set:bigstr"),
            new RdbValue.SetValue(strings("member-", 700), null),
            RdbEntry.NO_EXPIRE));
    e.add(new RdbEntry(2, b("str:db2"), TestValues.str("in db 2"), future + 3));
    // sticky encodings: a small hash kept as hashtable, a small set as hashtable
    e.add(
        new RdbEntry(
            0,
            b("hash:sticky"),
            new RdbValue.HashValue(TestValues.bs("a"), TestValues.bs("b"), Encoding.HASHTABLE),
            RdbEntry.NO_EXPIRE));
    e.add(
        new RdbEntry(
            0,
            b("set:sticky"),
            new RdbValue.SetValue(TestValues.bs("1", "2"), Encoding.HASHTABLE),
            RdbEntry.NO_EXPIRE));
    e.add(new RdbEntry(15, b("db15"), TestValues.str("last db"), RdbEntry.NO_EXPIRE));
    return e;
  }
}
