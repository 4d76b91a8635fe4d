package io.replicheck.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LzfTest {
  @Test
  void knownVectorFromRedis() {
    // redis 7.0.15 stored this string (RedisGoldenTest's s:lzf) as these 36 LZF bytes.
    byte[] in = RedisGoldenTest.LZF_SOURCE.getBytes(StandardCharsets.US_ASCII);
    byte[] expected =
        TestValues.hex("016161e059000062e0280002616263e00c020a68656c6c6f207265646973e0580a016973");
    byte[] out = new byte[in.length];
    int n = Lzf.compress(in, in.length, out, in.length - 4);
    assertThat(Arrays.copyOf(out, n)).isEqualTo(expected);
    assertThat(Lzf.decompress(expected, 0, expected.length, in.length)).isEqualTo(in);
  }

  @Test
  void literalOnlyFormat() {
    // 000LLLLL: a run of L+1 literals.
    byte[] c = {2, 'a', 'b', 'c'};
    assertThat(new String(Lzf.decompress(c, 0, c.length, 3), StandardCharsets.US_ASCII))
        .isEqualTo("abc");
  }

  @Test
  void backReferenceFormat() {
    // "a" literal, then LLLooooo oooooooo with L=1 (3 bytes), offset 0 (distance 1): "aaaa".
    byte[] c = {0, 'a', (byte) (1 << 5), 0};
    assertThat(new String(Lzf.decompress(c, 0, c.length, 4), StandardCharsets.US_ASCII))
        .isEqualTo("aaaa");
  }

  @Test
  void roundTripsRandomAndRepetitiveData() {
    Random r = new Random(42);
    for (int i = 0; i < 300; i++) {
      int len = 1 + r.nextInt(i < 200 ? 300 : 70_000);
      byte[] in = new byte[len];
      int alphabet = 1 + r.nextInt(i % 3 == 0 ? 256 : 4);
      for (int k = 0; k < len; k++) {
        in[k] = (byte) r.nextInt(alphabet);
      }
      byte[] out = new byte[len + len / 16 + 64];
      int n = Lzf.compress(in, len, out, out.length);
      assertThat(n).as("compressed length").isPositive();
      assertThat(Lzf.decompress(out, 0, n, len)).isEqualTo(in);
    }
  }

  @Test
  void refusesWhenItDoesNotFit() {
    byte[] in = new byte[100];
    new Random(7).nextBytes(in);
    byte[] out = new byte[96];
    assertThat(Lzf.compress(in, in.length, out, 96)).isZero();
  }

  @Test
  void corruptInputIsAnIllegalArgumentNotACrash() {
    byte[] badRef = {(byte) (1 << 5), 5};
    assertThatThrownBy(() -> Lzf.decompress(badRef, 0, badRef.length, 3))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] shortLit = {10, 'a'};
    assertThatThrownBy(() -> Lzf.decompress(shortLit, 0, shortLit.length, 11))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] good = {2, 'a', 'b', 'c'};
    assertThatThrownBy(() -> Lzf.decompress(good, 0, good.length, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Lzf.decompress(good, 0, good.length, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
