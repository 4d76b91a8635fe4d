package io.replicheck.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Crc64Test {
  @Test
  void redisTestVector() {
    // crc64.c's own test: crc64(0, "123456789", 9) == 0xe9c6d914c4b8d9ca
    assertThat(Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(0xe9c6d914c4b8d9caL);
  }

  @Test
  void emptyIsZero() {
    assertThat(Crc64.of(new byte[0])).isZero();
  }

  @Test
  void incrementalEqualsWhole() {
    byte[] data = new byte[10_000];
    new Random(1).nextBytes(data);
    long whole = Crc64.of(data);
    long pieces = 0;
    int at = 0;
    Random r = new Random(2);
    while (at < data.length) {
      int n = Math.min(data.length - at, r.nextInt(40));
      if (n == 1) {
        pieces = Crc64.update(pieces, data[at]);
      } else {
        pieces = Crc64.update(pieces, data, at, n);
      }
      at += n;
    }
    assertThat(pieces).isEqualTo(whole);
    long bytewise = 0;
    for (byte b : data) {
      bytewise = Crc64.update(bytewise, b);
    }
    assertThat(bytewise).isEqualTo(whole);
  }

  @Test
  void anySingleBitFlipChangesIt() {
    byte[] data = "the quick brown fox".getBytes(StandardCharsets.US_ASCII);
    long base = Crc64.of(data);
    for (int i = 0; i < data.length * 8; i++) {
      data[i / 8] ^= (byte) (1 << (i % 8));
      assertThat(Crc64.of(data)).isNotEqualTo(base);
      data[i / 8] ^= (byte) (1 << (i % 8));
    }
  }
}
