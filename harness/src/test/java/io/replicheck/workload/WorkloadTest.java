package io.replicheck.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {
  @Test
  void sameSeedSameOps() {
    Workload a = Workload.named("cas-register", 3, 10);
    Workload b = Workload.named("cas-register", 3, 10);
    Random ra = new Random(42), rb = new Random(42);
    for (int i = 0; i < 100; i++) assertThat(a.next(ra, 1)).isEqualTo(b.next(rb, 1));
  }

  @Test
  void listAppendValuesAreUnique() {
    Workload w = Workload.named("list-append", 2, 10);
    Random r = new Random(1);
    Set<Object> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      OpSpec op = w.next(r, 0);
      if (op.f().equals("append")) assertThat(seen.add(op.value())).isTrue();
      assertThat(w.keys()).contains(op.key());
    }
    assertThat(w.model()).isEqualTo("list-append");
  }

  @Test
  void listAppendWaitIsListAppendWhoseWritesWaitForOneReplica() {
    Workload w = Workload.named("list-append-wait", 2, 10);
    assertThat(w.name()).isEqualTo("list-append-wait");
    assertThat(w.model()).isEqualTo("list-append");
    assertThat(w.waitReplicas()).isEqualTo(1);
    assertThat(Workload.named("list-append", 2, 10).waitReplicas()).isZero();
  }

  @Test
  void listAppendKeysRotateSoEachKeyStaysShort() {
    Workload w = Workload.named("list-append", 5, 10);
    Random r = new Random(3);
    java.util.Map<Object, Integer> appends = new java.util.HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      OpSpec op = w.next(r, 0);
      if (op.f().equals("append")) appends.merge(op.key(), 1, Integer::sum);
    }
    assertThat(w.keys().size()).isGreaterThan(100);
    assertThat(w.activeKeys()).hasSize(5).allSatisfy(k -> assertThat(w.keys()).contains(k));
    assertThat(appends.values())
        .allSatisfy(n -> assertThat(n).isLessThan(4 * ListAppendWorkload.APPENDS_PER_KEY));
  }

  @Test
  void bulkDeletesAndPersistsKeysWhoseTtlHasNotEnded() {
    Workload w = Workload.named("bulk", 2, 10);
    Random r = new Random(5);
    Set<String> withTtl = new HashSet<>();
    java.util.Map<String, Integer> counts = new java.util.HashMap<>();
    int persistsOfTtlKeys = 0;
    for (int i = 0; i < 2000; i++) {
      OpSpec op = w.next(r, 0);
      counts.merge(op.f(), 1, Integer::sum);
      assertThat(w.keys()).contains(op.key());
      if (op.f().equals("put-ttl")) {
        withTtl.add(op.key());
        assertThat(BulkWorkload.ttlMillis((Long) op.value())).isBetween(500L, 2000L);
      }
      if (op.f().equals("persist") && withTtl.contains(op.key())) persistsOfTtlKeys++;
    }
    assertThat(counts).containsOnlyKeys("put", "del", "put-ttl", "persist");
    assertThat(counts.get("del")).isGreaterThan(100);
    // a PERSIST only matters on a key whose TTL is still running: (nearly) all of them are
    assertThat(persistsOfTtlKeys).isGreaterThan(counts.get("persist") * 9 / 10);
    assertThat(w.model()).isEqualTo("none");
  }

  @Test
  void casCarriesExpectedAndNew() {
    Workload w = Workload.named("cas-register", 1, 10);
    Random r = new Random(7);
    boolean sawCas = false;
    for (int i = 0; i < 100; i++) {
      OpSpec op = w.next(r, 0);
      if (op.f().equals("cas")) {
        sawCas = true;
        assertThat((List<?>) op.value()).hasSize(2);
      }
    }
    assertThat(sawCas).isTrue();
  }

  @Test
  void unknownWorkloadNamesTheChoices() {
    assertThatThrownBy(() -> Workload.named("bank", 1, 1))
        .hasMessageContaining("unknown workload 'bank'")
        .hasMessageContaining("list-append");
  }
}
