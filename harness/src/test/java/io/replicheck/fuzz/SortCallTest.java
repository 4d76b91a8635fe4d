package io.replicheck.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the fuzzer reads from a SORT, and how it compares replies redis leaves in set order. */
class SortCallTest {
  private static List<byte[]> cmd(String... parts) {
    List<byte[]> out = new ArrayList<>();
    for (String p : parts) {
      out.add(p.getBytes(StandardCharsets.ISO_8859_1));
    }
    return out;
  }

  @Test
  void setOrderRepliesCompareAsSetsOfGetTuples() {
    SortCall s = SortCall.of(cmd("SORT", "k", "BY", "nosort", "GET", "#", "GET", "x*"));
    assertThat(s.dontSort()).isTrue();
    List<byte[]> a = cmd("1", "x", "2", "y");
    List<byte[]> sameTuples = cmd("2", "y", "1", "x");
    List<byte[]> otherTuples = cmd("2", "x", "1", "y");
    assertThat(s.renderUnordered(a)).isEqualTo(s.renderUnordered(sameTuples));
    assertThat(s.renderUnordered(a)).isNotEqualTo(s.renderUnordered(otherTuples));
    SortCall limited = SortCall.of(cmd("SORT", "k", "BY", "nosort", "LIMIT", "0", "2"));
    assertThat(limited.renderUnordered(cmd("a", "b")))
        .isEqualTo(limited.renderUnordered(cmd("c", "d")))
        .isNotEqualTo(limited.renderUnordered(cmd("c")));
  }

  @Test
  void readsTheOptionsThatDecideTheOrder() {
    assertThat(SortCall.of(cmd("SORT", "k", "BY", "w*", "ALPHA")).tiesInSetOrder()).isTrue();
    assertThat(SortCall.of(cmd("SORT", "k", "BY", "w*")).tiesInSetOrder()).isFalse();
    assertThat(SortCall.of(cmd("SORT_RO", "k", "BY", "w")).dontSort()).isTrue();
    assertThat(SortCall.of(cmd("SORT", "k", "STORE", "d")).store()).isTrue();
    assertThat(SortCall.of(cmd("GET", "k"))).isNull();
  }
}
