package io.replicheck.rdb;

import static io.replicheck.rdb.TestValues.b;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DatasetDigestTest {
  @Test
  void emptyDatasetIsFortyZeros() {
    assertThat(DatasetDigest.of(List.of())).isEqualTo("0".repeat(40));
    assertThat(new DatasetDigest().hex()).isEqualTo("0".repeat(40));
  }

  @Test
  void orderOfKeysSetMembersAndHashFieldsDoesNotMatter() {
    List<RdbEntry> entries = new ArrayList<>(Datasets.everything(5));
    String base = DatasetDigest.of(entries);
    Random r = new Random(5);
    for (int round = 0; round < 5; round++) {
      List<RdbEntry> shuffled = new ArrayList<>();
      for (RdbEntry e : entries) {
        shuffled.add(new RdbEntry(e.db(), e.key(), shuffleUnordered(e.value(), r), e.expireAtMs()));
      }
      Collections.shuffle(shuffled, r);
      assertThat(DatasetDigest.of(shuffled)).isEqualTo(base);
    }
  }

  static RdbValue shuffleUnordered(RdbValue v, Random r) {
    if (v instanceof RdbValue.SetValue s) {
      List<byte[]> m = new ArrayList<>(s.members());
      Collections.shuffle(m, r);
      return new RdbValue.SetValue(m, s.encoding());
    }
    if (v instanceof RdbValue.HashValue h) {
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < h.fields().size(); i++) {
        idx.add(i);
      }
      Collections.shuffle(idx, r);
      List<byte[]> f = new ArrayList<>();
      List<byte[]> vals = new ArrayList<>();
      for (int i : idx) {
        f.add(h.fields().get(i));
        vals.add(h.values().get(i));
      }
      return new RdbValue.HashValue(f, vals, h.encoding());
    }
    return v;
  }

  @Test
  void anyChangeChangesIt() {
    List<RdbEntry> entries = Datasets.everything(6);
    String base = DatasetDigest.of(entries);
    for (int i = 0; i < entries.size(); i++) {
      RdbEntry e = entries.get(i);
      // value changed
      assertThat(
              DatasetDigest.of(
                  replace(
                      entries,
                      i,
                      new RdbEntry(e.db(), e.key(), changed(e.value()), e.expireAtMs()))))
          .as("value of %s changed", new String(e.key()))
          .isNotEqualTo(base);
      // key renamed
      assertThat(
              DatasetDigest.of(
                  replace(
                      entries, i, new RdbEntry(e.db(), b("renamed"), e.value(), e.expireAtMs()))))
          .isNotEqualTo(base);
      // moved to another db
      assertThat(
              DatasetDigest.of(
                  replace(
                      entries, i, new RdbEntry(e.db() + 3, e.key(), e.value(), e.expireAtMs()))))
          .isNotEqualTo(base);
      // TTL added or removed
      long ttl = e.expireAtMs() == RdbEntry.NO_EXPIRE ? 1 : RdbEntry.NO_EXPIRE;
      assertThat(
              DatasetDigest.of(replace(entries, i, new RdbEntry(e.db(), e.key(), e.value(), ttl))))
          .isNotEqualTo(base);
      // key removed
      List<RdbEntry> fewer = new ArrayList<>(entries);
      fewer.remove(i);
      assertThat(DatasetDigest.of(fewer)).isNotEqualTo(base);
    }
  }

  @Test
  void ttlPresenceCountsButNotItsValue() {
    // As redis: only "!!expire!!" is hashed, so two TTLs on the same data digest equal.
    RdbEntry a = new RdbEntry(0, b("k"), TestValues.str("v"), 1000);
    RdbEntry c = new RdbEntry(0, b("k"), TestValues.str("v"), 2000);
    assertThat(DatasetDigest.of(List.of(a))).isEqualTo(DatasetDigest.of(List.of(c)));
    assertThat(DatasetDigest.digestValue(TestValues.str("v"), true))
        .isNotEqualTo(DatasetDigest.digestValue(TestValues.str("v")));
  }

  @Test
  void listOrderMattersAndTypesAreDistinguished() {
    assertThat(DatasetDigest.digestValue(TestValues.list("a", "b")))
        .isNotEqualTo(DatasetDigest.digestValue(TestValues.list("b", "a")));
    assertThat(DatasetDigest.digestValue(TestValues.list("a")))
        .isNotEqualTo(DatasetDigest.digestValue(TestValues.set("a")));
    assertThat(DatasetDigest.digestValue(TestValues.list("ab")))
        .isNotEqualTo(DatasetDigest.digestValue(TestValues.list("a", "b")));
    // hash pairs are bound together: swapping values between fields changes it
    assertThat(DatasetDigest.digestValue(TestValues.hash("f", "1", "g", "2")))
        .isNotEqualTo(DatasetDigest.digestValue(TestValues.hash("f", "2", "g", "1")));
  }

  @Test
  void encodingDoesNotMatter() {
    assertThat(
            DatasetDigest.digestValue(
                new RdbValue.SetValue(TestValues.bs("1", "2"), Encoding.INTSET)))
        .isEqualTo(
            DatasetDigest.digestValue(
                new RdbValue.SetValue(TestValues.bs("2", "1"), Encoding.HASHTABLE)));
  }

  static List<RdbEntry> replace(List<RdbEntry> entries, int i, RdbEntry e) {
    List<RdbEntry> copy = new ArrayList<>(entries);
    copy.set(i, e);
    return copy;
  }

  static RdbValue changed(RdbValue v) {
    if (v instanceof RdbValue.Str s) {
      byte[] c = s.value().length == 0 ? new byte[] {'x'} : s.value().clone();
      c[c.length - 1] ^= 1;
      return new RdbValue.Str(c, null);
    } else if (v instanceof RdbValue.ListValue l) {
      List<byte[]> c = new ArrayList<>(l.elements());
      c.add(b("extra"));
      return new RdbValue.ListValue(c, null);
    } else if (v instanceof RdbValue.SetValue s) {
      List<byte[]> c = new ArrayList<>(s.members());
      c.remove(0);
      c.add(b("other"));
      return new RdbValue.SetValue(c, null);
    } else {
      RdbValue.HashValue h = (RdbValue.HashValue) v;
      List<byte[]> vals = new ArrayList<>(h.values());
      vals.set(0, b("changed"));
      return new RdbValue.HashValue(h.fields(), vals, null);
    }
  }
}
