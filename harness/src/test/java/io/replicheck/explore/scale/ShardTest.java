package io.replicheck.explore.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ShardTest {

  @Test
  void shardsPartitionTheSchedules() {
    int n = 5;
    TreeSet<Long> all = new TreeSet<>();
    int total = 0;
    for (int i = 0; i < n; i++) {
      Shard s = new Shard(i, n);
      for (long k = 0; k < 103; k++) {
        if (s.selects(k)) {
          assertThat(k % n).isEqualTo(i);
          all.add(k);
          total++;
        }
      }
    }
    assertThat(total).isEqualTo(103);
    assertThat(all).hasSize(103);
  }

  @Test
  void lanesOfAShardPartitionTheShard() {
    Shard s = new Shard(2, 3);
    int lanes = 4;
    TreeSet<Long> got = new TreeSet<>();
    long runs = 50;
    long count = 0;
    for (int j = 0; j < lanes; j++) {
      Shard.Lane l = s.lane(j, lanes);
      long mine = 0;
      for (long k = l.offset(); k < runs; k += l.step()) {
        assertThat(got.add(k)).isTrue();
        mine++;
      }
      assertThat(l.runsOf(runs)).isEqualTo(mine);
      count += mine;
    }
    TreeSet<Long> expected = new TreeSet<>();
    for (long k = 0; k < runs; k++) if (s.selects(k)) expected.add(k);
    assertThat(got).isEqualTo(expected);
    assertThat(count).isEqualTo(expected.size());
    assertThat(new Shard(0, 1).lane(0, 1).runsOf(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    assertThat(new Shard(3, 4).lane(0, 1).runsOf(3)).isZero();
  }

  @Test
  void parsesAndResolvesFromOptionsAndEnvironment() {
    assertThat(Shard.parse(" 2/8 ")).isEqualTo(new Shard(2, 8));
    assertThat(Shard.resolve(null, null, Map.of())).isEqualTo(Shard.ALL);
    assertThat(Shard.resolve("1/2", null, Map.of("REPLICHECK_SHARD", "0/4")))
        .isEqualTo(new Shard(1, 2));
    assertThat(Shard.resolve(null, null, Map.of("REPLICHECK_SHARD", "3/4")))
        .isEqualTo(new Shard(3, 4));
    assertThat(Shard.resolve(null, 6, Map.of("JOB_COMPLETION_INDEX", "5")))
        .isEqualTo(new Shard(5, 6));
    // an index without a count is not a shard
    assertThat(Shard.resolve(null, null, Map.of("JOB_COMPLETION_INDEX", "5"))).isEqualTo(Shard.ALL);
    assertThatThrownBy(() -> Shard.parse("3")).hasMessageContaining("is not i/n");
    assertThatThrownBy(() -> Shard.parse("4/4")).hasMessageContaining("0 <= i < n");
    assertThatThrownBy(() -> Shard.parse("-1/4")).hasMessageContaining("0 <= i < n");
    assertThatThrownBy(() -> Shard.resolve(null, 6, Map.of()))
        .hasMessageContaining("JOB_COMPLETION_INDEX");
    assertThatThrownBy(() -> Shard.resolve(null, 6, Map.of("JOB_COMPLETION_INDEX", "6")))
        .hasMessageContaining("0 <= i < n");
    assertThatThrownBy(() -> Shard.resolve(null, 6, Map.of("JOB_COMPLETION_INDEX", "x")))
        .hasMessageContaining("not a number");
  }
}
