package io.replicheck.rdb;

import static io.replicheck.rdb.TestValues.b;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetDiffTest {
  @Test
  void equalDatasetsHaveNoDifferencesWhateverTheOrder() {
    List<RdbEntry> a = Datasets.everything(8);
    List<RdbEntry> shuffled = new ArrayList<>();
    java.util.Random r = new java.util.Random(8);
    for (RdbEntry e : a) {
      shuffled.add(
          new RdbEntry(
              e.db(), e.key(), DatasetDigestTest.shuffleUnordered(e.value(), r), e.expireAtMs()));
    }
    java.util.Collections.shuffle(shuffled, r);
    assertThat(DatasetDiff.between(a, shuffled, 0)).isEmpty();
  }

  @Test
  void namesEachKindOfDifference() {
    List<RdbEntry> expected =
        List.of(
            new RdbEntry(0, b("missing"), TestValues.str("m"), RdbEntry.NO_EXPIRE),
            new RdbEntry(0, b("type"), TestValues.str("s"), RdbEntry.NO_EXPIRE),
            new RdbEntry(0, b("value"), TestValues.list("a", "b"), RdbEntry.NO_EXPIRE),
            new RdbEntry(1, b("ttl"), TestValues.set("x"), 1000),
            new RdbEntry(1, b("near"), TestValues.set("x"), 1000));
    List<RdbEntry> actual =
        List.of(
            new RdbEntry(0, b("type"), TestValues.list("s"), RdbEntry.NO_EXPIRE),
            new RdbEntry(0, b("value"), TestValues.list("b", "a"), RdbEntry.NO_EXPIRE),
            new RdbEntry(1, b("ttl"), TestValues.set("x"), RdbEntry.NO_EXPIRE),
            new RdbEntry(1, b("near"), TestValues.set("x"), 1003),
            new RdbEntry(2, new byte[] {'e', 0}, TestValues.hash("f", "v"), RdbEntry.NO_EXPIRE));
    List<DatasetDiff.Difference> d = DatasetDiff.between(expected, actual, 5);
    assertThat(d)
        .extracting(DatasetDiff.Difference::toString)
        .containsExactly(
            "db0 missing: MISSING (expected string(m))",
            "db0 type: TYPE (expected a string, found a list)",
            "db0 value: VALUE (expected list[a, b], found list[b, a])",
            "db1 ttl: TTL (expected expiry at 1000 ms, found no TTL)",
            "db2 e\\x00: EXTRA (found hash{f=v})");
    assertThat(DatasetDiff.between(expected, actual, 0)).hasSize(6);
  }
}
