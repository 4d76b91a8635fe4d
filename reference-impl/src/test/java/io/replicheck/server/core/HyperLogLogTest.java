package io.replicheck.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The HyperLogLog bytes against values read from redis-server 7.0.15 (GET after the same PFADDs):
 * the sparse edits, the promotion to dense, the cached cardinality and the estimate.
 */
class HyperLogLogTest {
  private static final long SPARSE_MAX = 3000;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] v) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(v));
  }

  private static HyperLogLog added(String prefix, int from, int to) {
    HyperLogLog h = HyperLogLog.createSparse();
    for (int i = from; i < to; i++) {
      h.add(b(prefix + i), SPARSE_MAX);
    }
    h.invalidateCache();
    return h;
  }

  @Test
  void emptyIsOneXzeroOpcode() {
    assertThat(HexFormat.of().formatHex(HyperLogLog.createSparse().bytes()))
        .isEqualTo("48594c4c010000000000000000000000" + "7fff");
    assertThat(HyperLogLog.createSparse().decode()).isEqualTo("Z:16384");
  }

  @Test
  void threeElementsAsRedisWritesThem() {
    HyperLogLog h = HyperLogLog.createSparse();
    for (String e : new String[] {"a", "b", "c"}) {
      assertThat(h.add(b(e), SPARSE_MAX)).isEqualTo(1);
    }
    assertThat(h.add(b("a"), SPARSE_MAX)).isZero();
    h.invalidateCache();
    // redis-cli: PFADD h a b c; GET h
    assertThat(HexFormat.of().formatHex(h.bytes()))
        .isEqualTo("48594c4c01000000000000000000008060f38050b1844bfb80425a");
    assertThat(h.decode()).isEqualTo("Z:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603");
    assertThat(h.cacheValid()).isFalse();
    long card = h.count();
    assertThat(card).isEqualTo(3);
    h.setCachedCardinality(card);
    // PFCOUNT h; GET h
    assertThat(HexFormat.of().formatHex(h.bytes()))
        .isEqualTo("48594c4c01000000030000000000000060f38050b1844bfb80425a");
  }

  @Test
  void sparseAndDenseMatchRedisServer() throws Exception {
    // 200 elements stay sparse (513 bytes); 2000 pass hll-sparse-max-bytes and become dense.
    HyperLogLog s = added("e", 0, 200);
    assertThat(s.encoding()).isEqualTo(HyperLogLog.SPARSE);
    assertThat(s.bytes()).hasSize(513);
    assertThat(sha256(s.bytes()))
        .isEqualTo("48e2bfbe29cb081e284a0f7f41ab64b276f3e06f682a30ea27ea8666fd92730c");
    assertThat(s.count()).isEqualTo(200);
    HyperLogLog d = added("e", 0, 2000);
    assertThat(d.encoding()).isEqualTo(HyperLogLog.DENSE);
    assertThat(d.bytes()).hasSize(HyperLogLog.DENSE_SIZE);
    assertThat(sha256(d.bytes()))
        .isEqualTo("2a070facb0df784f674c087a1d2148b97839b9438bfa5d08d0d4a858a0af5e4f");
    assertThat(d.count()).isEqualTo(2000);
  }

  @Test
  void mergeOfSparseAndDenseCountsTheUnion() {
    byte[] max = new byte[HyperLogLog.REGISTERS];
    assertThat(added("e", 0, 200).mergeInto(max)).isTrue();
    assertThat(added("e", 0, 2000).mergeInto(max)).isTrue();
    HyperLogLog abc = HyperLogLog.createSparse();
    for (String e : new String[] {"a", "b", "c"}) {
      abc.add(b(e), SPARSE_MAX);
    }
    assertThat(abc.mergeInto(max)).isTrue();
    // redis-cli: PFCOUNT s d h
    assertThat(HyperLogLog.countRaw(max)).isEqualTo(2003);
  }

  @Test
  void denseConversionKeepsEveryRegister() {
    HyperLogLog s = added("x", 0, 300);
    int[] before = new int[HyperLogLog.REGISTERS];
    for (int i = 0; i < before.length; i++) {
      before[i] = s.register(i);
    }
    long count = s.count();
    assertThat(s.toDense()).isTrue();
    for (int i = 0; i < before.length; i++) {
      assertThat(s.register(i)).isEqualTo(before[i]);
    }
    assertThat(s.count()).isEqualTo(count);
  }

  @Test
  void corruptSparseIsReported() {
    byte[] v = HyperLogLog.createSparse().bytes();
    v[HyperLogLog.HDR_SIZE + 1] = 0; // XZERO:16384 becomes XZERO:16129
    assertThat(HyperLogLog.isValid(v)).isTrue();
    HyperLogLog h = HyperLogLog.of(v);
    assertThat(h.count()).isEqualTo(-1);
    assertThat(h.toDense()).isFalse();
    assertThat(h.mergeInto(new byte[HyperLogLog.REGISTERS])).isFalse();
    assertThat(HyperLogLog.isValid(b("HYLL"))).isFalse();
    assertThat(HyperLogLog.isValid(b("HYLX\u0001aaaaaaaaaaaaaa"))).isFalse();
  }

  @Test
  void murmurHashIsRedisMurmurHash64A() {
    // "a" lands in register 8436 with a run of 1 (the first VAL opcode of the GET above)
    long pl = HyperLogLog.patLen(b("a"));
    assertThat(List.of((int) pl, (int) (pl >>> 32)))
        .isIn(List.of(8436, 1), List.of(12711, 2), List.of(15780, 1));
    assertThat(HyperLogLog.murmurHash64A(new byte[0], 0, 0, 0)).isZero();
  }

  @Test
  void selfTestPasses() {
    assertThat(HyperLogLog.selfTest(new Random(1), SPARSE_MAX)).isNull();
  }
}
