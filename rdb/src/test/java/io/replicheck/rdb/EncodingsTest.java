package io.replicheck.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EncodingsTest {
  final RdbWriteOptions d = RdbWriteOptions.defaults();

  @Test
  void strings() {
    assertThat(Encodings.choose(TestValues.str("12345"), d)).isEqualTo(Encoding.INT);
    assertThat(Encodings.choose(TestValues.str("-9223372036854775808"), d)).isEqualTo(Encoding.INT);
    assertThat(Encodings.choose(TestValues.str("012"), d)).isEqualTo(Encoding.EMBSTR);
    assertThat(Encodings.choose(TestValues.str("x".repeat(44)), d)).isEqualTo(Encoding.EMBSTR);
    assertThat(Encodings.choose(TestValues.str("x".repeat(45)), d)).isEqualTo(Encoding.RAW);
  }

  @Test
  void hashesAtTheThresholds() {
    assertThat(Encodings.choose(TestValues.hash("f", "v".repeat(64)), d))
        .isEqualTo(Encoding.LISTPACK);
    assertThat(Encodings.choose(TestValues.hash("f", "v".repeat(65)), d))
        .isEqualTo(Encoding.HASHTABLE);
    assertThat(Encodings.choose(TestValues.hash("f".repeat(65), "v"), d))
        .isEqualTo(Encoding.HASHTABLE);
    RdbValue.HashValue h512 =
        new RdbValue.HashValue(Datasets.strings("f", 512), Datasets.strings("v", 512), null);
    RdbValue.HashValue h513 =
        new RdbValue.HashValue(Datasets.strings("f", 513), Datasets.strings("v", 513), null);
    assertThat(Encodings.choose(h512, d)).isEqualTo(Encoding.LISTPACK);
    assertThat(Encodings.choose(h513, d)).isEqualTo(Encoding.HASHTABLE);
    assertThat(Encodings.choose(h513, new RdbWriteOptions(true, true, -2, 600, 64, 512)))
        .isEqualTo(Encoding.LISTPACK);
  }

  @Test
  void setsAtTheThresholds() {
    assertThat(Encodings.choose(new RdbValue.SetValue(Datasets.ints(0, 512, 1), null), d))
        .isEqualTo(Encoding.INTSET);
    assertThat(Encodings.choose(new RdbValue.SetValue(Datasets.ints(0, 513, 1), null), d))
        .isEqualTo(Encoding.HASHTABLE);
    assertThat(Encodings.choose(TestValues.set("1", "a"), d)).isEqualTo(Encoding.HASHTABLE);
    assertThat(Encodings.choose(TestValues.set("1", "01"), d)).isEqualTo(Encoding.HASHTABLE);
  }

  @Test
  void listsAreQuicklists() {
    assertThat(Encodings.choose(TestValues.list("a"), d)).isEqualTo(Encoding.QUICKLIST);
  }
}
