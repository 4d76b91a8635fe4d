package io.replicheck.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplicationBacklogTest {
  private static final int MIN = (int) ReplicationBacklog.MIN_SIZE;

  @Test
  void newBacklogStartsEmptyAfterTheCurrentOffset() {
    ReplicationBacklog b = new ReplicationBacklog(1024 * 1024, 500);
    assertThat(b.size()).isEqualTo(1024 * 1024);
    assertThat(b.histlen()).isZero();
    assertThat(b.masterReplOffset()).isEqualTo(500);
    assertThat(b.firstByteOffset()).isEqualTo(501);
    assertThat(b.canServeFrom(501)).isTrue();
    assertThat(b.canServeFrom(500)).isFalse();
    assertThat(b.canServeFrom(502)).isFalse();
    assertThat(b.copyFrom(501)).isEmpty();
  }

  @Test
  void sizeIsClampedToRedisMinimum() {
    assertThat(new ReplicationBacklog(1, 0).size()).isEqualTo(MIN);
    assertThatThrownBy(() -> new ReplicationBacklog(ReplicationBacklog.MAX_SIZE + 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("repl-backlog-size");
  }

  @Test
  void wrapKeepsTheNewestBytes() {
    ReplicationBacklog b = new ReplicationBacklog(MIN, 0);
    byte[] data = pattern(MIN + 100, 7);
    b.append(data, 0, 60);
    b.append(data, 60, data.length - 60);
    assertThat(b.histlen()).isEqualTo(MIN);
    assertThat(b.masterReplOffset()).isEqualTo(MIN + 100);
    assertThat(b.firstByteOffset()).isEqualTo(101);
    assertThat(b.copyFrom(101)).isEqualTo(Arrays.copyOfRange(data, 100, data.length));
    assertThat(b.copyFrom(MIN + 100)).containsExactly(data[data.length - 1]);
    assertThatThrownBy(() -> b.copyFrom(100)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.copyFrom(MIN + 102)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void appendLargerThanRingKeepsItsTail() {
    ReplicationBacklog b = new ReplicationBacklog(MIN, 10);
    byte[] data = pattern(3 * MIN + 5, 3);
    b.append(data);
    assertThat(b.histlen()).isEqualTo(MIN);
    assertThat(b.copyFrom(b.firstByteOffset()))
        .isEqualTo(Arrays.copyOfRange(data, data.length - MIN, data.length));
    b.append(new byte[] {1, 2, 3});
    byte[] tail = b.copyFrom(b.masterReplOffset() - 2);
    assertThat(tail).containsExactly(1, 2, 3);
  }

  @Test
  void shrinkKeepsNewestAndGrowKeepsAll() {
    ReplicationBacklog b = new ReplicationBacklog(4 * MIN, 0);
    byte[] data = pattern(3 * MIN, 11);
    b.append(data);
    b.resize(MIN);
    assertThat(b.size()).isEqualTo(MIN);
    assertThat(b.histlen()).isEqualTo(MIN);
    assertThat(b.masterReplOffset()).isEqualTo(3 * MIN);
    assertThat(b.copyFrom(b.firstByteOffset()))
        .isEqualTo(Arrays.copyOfRange(data, 2 * MIN, 3 * MIN));
    b.resize(8 * MIN);
    assertThat(b.histlen()).isEqualTo(MIN);
    b.append(data);
    assertThat(b.histlen()).isEqualTo(4 * MIN);
    assertThat(b.copyFrom(b.firstByteOffset()))
        .isEqualTo(concat(Arrays.copyOfRange(data, 2 * MIN, 3 * MIN), data));
  }

  /** Random appends and resizes against a model that keeps the whole stream. */
  @Test
  void randomOperationsAgreeWithWholeStreamModel() {
    Random rnd = new Random(42);
    for (int run = 0; run < 20; run++) {
      long start = rnd.nextInt(1000);
      ReplicationBacklog b = new ReplicationBacklog(MIN + rnd.nextInt(MIN), start);
      ByteArrayOutputStream model = new ByteArrayOutputStream();
      long histlen = 0;
      for (int step = 0; step < 60; step++) {
        if (rnd.nextInt(6) == 0) {
          long size = MIN + rnd.nextInt(3 * MIN);
          b.resize(size);
          histlen = Math.min(histlen, b.size());
        } else {
          int len = rnd.nextInt(rnd.nextBoolean() ? 200 : 2 * MIN);
          byte[] chunk = new byte[len];
          rnd.nextBytes(chunk);
          int off = len == 0 ? 0 : rnd.nextInt(len + 1);
          b.append(chunk, off, len - off);
          model.write(chunk, off, len - off);
          histlen = Math.min(histlen + len - off, b.size());
        }
        byte[] all = model.toByteArray();
        assertThat(b.masterReplOffset()).isEqualTo(start + all.length);
        assertThat(b.histlen()).isEqualTo(histlen);
        assertThat(b.firstByteOffset()).isEqualTo(start + all.length - histlen + 1);
        for (int probe = 0; probe < 5; probe++) {
          long o = b.firstByteOffset() + (histlen == 0 ? 0 : (long) rnd.nextInt((int) histlen + 1));
          byte[] expected = Arrays.copyOfRange(all, (int) (o - start - 1), all.length);
          assertThat(b.copyFrom(o)).isEqualTo(expected);
        }
        assertThat(b.canServeFrom(b.firstByteOffset() - 1)).isFalse();
        assertThat(b.canServeFrom(b.masterReplOffset() + 2)).isFalse();
        assertThat(b.canServeFrom(b.masterReplOffset() + 1)).isTrue();
      }
    }
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> new ReplicationBacklog(MIN, -1))
        .isInstanceOf(IllegalArgumentException.class);
    ReplicationBacklog b = new ReplicationBacklog(MIN, 0);
    assertThatThrownBy(() -> b.append(new byte[3], 2, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  static byte[] pattern(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed + (i >> 8));
    }
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
