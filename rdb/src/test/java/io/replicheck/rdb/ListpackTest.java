package io.replicheck.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ListpackTest {
  @Test
  void encodesEveryEntryEncodingAsRedis() {
    // The listpack inside RedisGoldenTest's l:small quicklist node, as redis 7.0.15 built it.
    List<byte[]> elements =
        TestValues.bs("a", "1", "-5000", "hello", "300000", "9999999999", "x".repeat(70));
    byte[] lp = Listpack.encode(elements);
    assertThat(Listpack.u32(lp, 0)).isEqualTo(lp.length);
    assertThat(lp[4]).isEqualTo((byte) 7);
    assertThat(lp[lp.length - 1]).isEqualTo((byte) 0xff);
    assertThat(
            RdbValues.sameContent(
                new RdbValue.ListValue(Listpack.decode(lp), null),
                new RdbValue.ListValue(elements, null)))
        .isTrue();
  }

  @Test
  void roundTripsAllSizes() {
    Random r = new Random(3);
    List<byte[]> elements = new ArrayList<>();
    long[] ints = {
      0,
      127,
      128,
      -1,
      -4096,
      4095,
      4096,
      -4097,
      32767,
      -32768,
      32768,
      8388607,
      -8388608,
      8388608,
      Integer.MAX_VALUE,
      Integer.MIN_VALUE,
      1L + Integer.MAX_VALUE,
      Long.MAX_VALUE,
      Long.MIN_VALUE
    };
    for (long v : ints) {
      elements.add(Ints.toBytes(v));
    }
    for (int len : new int[] {0, 1, 63, 64, 4095, 4096, 70_000}) {
      byte[] s = new byte[len];
      r.nextBytes(s);
      elements.add(s);
    }
    elements.add(TestValues.b("007"));
    elements.add(TestValues.b("-0"));
    List<byte[]> back = Listpack.decode(Listpack.encode(elements));
    assertThat(back).hasSize(elements.size());
    for (int i = 0; i < back.size(); i++) {
      assertThat(back.get(i)).as("element %d", i).isEqualTo(elements.get(i));
    }
  }

  @Test
  void integersTakeTheSmallestEncoding() {
    assertThat(Listpack.encode(TestValues.bs("5"))).hasSize(6 + 2 + 1);
    assertThat(Listpack.encode(TestValues.bs("-5"))).hasSize(6 + 3 + 1);
    assertThat(Listpack.encode(TestValues.bs("30000"))).hasSize(6 + 4 + 1);
    assertThat(Listpack.encode(TestValues.bs("9999999999"))).hasSize(6 + 10 + 1);
  }

  @Test
  void rejectsMalformed() {
    byte[] lp = Listpack.encode(TestValues.bs("abc", "12"));
    byte[] badTotal = lp.clone();
    badTotal[0]++;
    assertThatThrownBy(() -> Listpack.decode(badTotal))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] badCount = lp.clone();
    badCount[4] = 5;
    assertThatThrownBy(() -> Listpack.decode(badCount))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] badEnc = lp.clone();
    badEnc[6] = (byte) 0xf7;
    assertThatThrownBy(() -> Listpack.decode(badEnc)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void intsetRoundTripAndWidth() {
    byte[] is = Intset.encode(TestValues.bs("3", "-2", "1"));
    assertThat(Listpack.u32(is, 0)).isEqualTo(2);
    assertThat(Intset.decode(is)).extracting(String::new).containsExactly("-2", "1", "3");
    assertThat(Listpack.u32(Intset.encode(TestValues.bs("1", "40000")), 0)).isEqualTo(4);
    assertThat(Listpack.u32(Intset.encode(TestValues.bs("1", "-4000000000")), 0)).isEqualTo(8);
    byte[] unsorted = is.clone();
    unsorted[8] = 5;
    unsorted[9] = 0;
    assertThatThrownBy(() -> Intset.decode(unsorted)).isInstanceOf(IllegalArgumentException.class);
  }
}
