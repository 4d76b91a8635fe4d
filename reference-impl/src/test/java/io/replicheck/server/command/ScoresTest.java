package io.replicheck.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Score parsing: the plain-decimal fast path gives exactly what the general strtod path gives. */
class ScoresTest {
  private static Double parse(String s) {
    return Scores.parse(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void plainDecimalsParseAsStrtodDoes() {
    assertThat(parse("12")).isEqualTo(12.0);
    assertThat(parse("+7")).isEqualTo(7.0);
    assertThat(parse("-3.25")).isEqualTo(-3.25);
    assertThat(parse("1.")).isEqualTo(1.0);
    assertThat(parse(".5")).isEqualTo(0.5);
    assertThat(parse("0.1")).isEqualTo(0.1);
    assertThat(parse("000000000000000000001")).isEqualTo(1.0); // past the fast path's 15 digits
    // -0 keeps its sign, as strtod's result does.
    assertThat(Double.doubleToRawLongBits(parse("-0"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(Double.doubleToRawLongBits(parse("-0.000")))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void whatTheFastPathLeavesStillParsesOrFails() {
    assertThat(parse("1e3")).isEqualTo(1000.0);
    assertThat(parse("0x10")).isEqualTo(16.0);
    assertThat(parse("inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(parse("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(parse("nan")).isNull();
    assertThat(parse("")).isNull();
    assertThat(parse(".")).isNull();
    assertThat(parse("-")).isNull();
    assertThat(parse("1.2.3")).isNull();
    assertThat(parse(" 1")).isNull();
    assertThat(parse("1 ")).isNull();
    assertThat(parse("abc")).isNull();
    assertThat(parse("1e400")).isNull(); // overflow
    assertThat(parse("1e-400")).isNull(); // underflow
  }

  @Test
  void randomDecimalsEqualJavasCorrectlyRoundedParse() {
    SplittableRandom r = new SplittableRandom(19);
    for (int i = 0; i < 200_000; i++) {
      StringBuilder s = new StringBuilder();
      if (r.nextInt(4) == 0) {
        s.append(r.nextBoolean() ? '-' : '+');
      }
      int digits = 1 + r.nextInt(17);
      int dot = r.nextInt(digits + 2) - 1; // -1: no dot
      for (int d = 0; d < digits; d++) {
        if (d == dot) {
          s.append('.');
        }
        s.append((char) ('0' + r.nextInt(10)));
      }
      String text = s.toString();
      assertThat(parse(text)).as(text).isEqualTo(Double.parseDouble(text));
    }
  }
}
