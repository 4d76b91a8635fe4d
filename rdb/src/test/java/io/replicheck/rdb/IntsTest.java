package io.replicheck.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"0", "1", "-1", "42", "9223372036854775807", "-9223372036854775808", "100"})
  void canonical(String s) {
    long[] out = new long[1];
    assertThat(Ints.parse(TestValues.b(s), 0, s.length(), out)).isTrue();
    assertThat(out[0]).isEqualTo(Long.parseLong(s));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-",
        "-0",
        "01",
        "+1",
        " 1",
        "1 ",
        "1.0",
        "9223372036854775808",
        "-9223372036854775809",
        "99999999999999999999",
        "abc",
        "1e3",
        "0x10"
      })
  void notCanonical(String s) {
    assertThat(Ints.isCanonical(TestValues.b(s))).isFalse();
  }
}
