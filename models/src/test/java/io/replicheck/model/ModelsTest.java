package io.replicheck.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import io.replicheck.history.HistoryFormat;
import io.replicheck.history.Op;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelsTest {

  private static Op ok(String f, Object in, Object out) {
    return new Op(
        0, Event.of(0, 0, EventType.INVOKE, f, in), Event.of(1, 0, EventType.OK, f, out), 0, 1);
  }

  private static Op failed(String f, Object v, Object error) {
    return new Op(
        0,
        Event.of(0, 0, EventType.INVOKE, f, v),
        new Event(1, 0L, EventType.FAIL, f, null, v, null, null, error, 0),
        0,
        1);
  }

  private static Op info(String f, Object v) {
    return new Op(
        0, Event.of(0, 0, EventType.INVOKE, f, v), Event.of(1, 0, EventType.INFO, f, null), 0, 1);
  }

  @Test
  void knossosCasRegister() {
    Model m = Models.byName("cas-register");
    assertThat(m.init()).isEqualTo(0L);
    assertThat(m.step(0L, ok("write", 3L, 3L))).isEqualTo(3L);
    assertThat(m.step(3L, ok("read", null, 3L))).isEqualTo(3L);
    assertThat(m.step(3L, ok("read", null, 2L))).isSameAs(Model.INCONSISTENT);
    assertThat(m.step(3L, ok("cas", List.of(3L, 4L), List.of(3L, 4L)))).isEqualTo(4L);
    assertThat(m.step(2L, ok("cas", List.of(3L, 4L), List.of(3L, 4L))))
        .isSameAs(Model.INCONSISTENT);
    // a nil read matches anything and so needs no checking; failed ops had no effect
    assertThat(m.mustCheck(ok("read", null, null))).isFalse();
    assertThat(m.mustCheck(failed("cas", List.of(1L, 2L), null))).isFalse();
    assertThat(m.mustCheck(info("read", null))).isFalse();
    assertThat(m.mustCheck(info("write", 1L))).isTrue();
    assertThat(m.explain(3L, ok("read", null, 2L))).isEqualTo("read 2 but the register held 3");
  }

  @Test
  void etcdRegisterSeesFailedCompares() {
    Model m = Models.byName("register");
    assertThat(m.init()).isNull();
    assertThat(m.step(null, ok("read", null, null))).isNull();
    assertThat(m.step(1L, ok("read", null, null))).isSameAs(Model.INCONSISTENT);
    Op compareFailed = failed("cas", List.of(1L, 2L), null);
    assertThat(m.mustCheck(compareFailed)).isTrue();
    assertThat(m.step(3L, compareFailed)).isEqualTo(3L);
    assertThat(m.step(1L, compareFailed)).isSameAs(Model.INCONSISTENT);
    assertThat(m.mustCheck(failed("cas", List.of(1L, 2L), "unavailable")))
        .as("an error means it never ran")
        .isFalse();
    assertThat(m.step(1L, ok("cas", List.of(1L, 2L), false)))
        .as("ok cas returning false")
        .isSameAs(Model.INCONSISTENT);
    assertThat(m.step(null, info("cas", List.of(1L, 2L)))).isSameAs(Model.INCONSISTENT);
  }

  @Test
  void multiRegisterAppliesTxnsAtomically() {
    Model m = Models.byName("multi-register");
    assertThat(m.partitionsByKey()).isFalse();
    Object s =
        m.step(
            m.init(),
            ok("txn", null, List.of(List.of("write", "x", 1L), List.of("read", "x", 1L))));
    assertThat(s).isEqualTo(Map.of("x", 1L));
    assertThat(m.step(s, ok("txn", null, List.of(List.of("r", "y", 0L), List.of("r", "x", 1L)))))
        .isEqualTo(s);
    assertThat(m.step(s, ok("txn", null, List.of(List.of("read", "x", 0L)))))
        .isSameAs(Model.INCONSISTENT);
    assertThat(m.step(s, ok("txn", null, List.of(Arrays.asList("read", "x", null))))).isEqualTo(s);
    assertThat(m.isReadOnly(info("txn", List.of(Arrays.asList("read", "x", null))))).isTrue();
  }

  @Test
  void keyValueCounterListSetMutex() {
    Model kv = Models.byName("key-value");
    Object s = kv.step(kv.init(), ok("append", "ab", "ab"));
    s = kv.step(s, ok("append", "c", "c"));
    assertThat(kv.step(s, ok("get", null, "abc"))).isEqualTo("abc");
    assertThat(kv.step(s, ok("get", null, ""))).isSameAs(Model.INCONSISTENT);
    assertThat(kv.step(s, ok("put", "z", "z"))).isEqualTo("z");

    Model c = Models.byName("counter");
    assertThat(c.step(c.step(0L, ok("incr", null, null)), ok("add", 5L, 5L))).isEqualTo(6L);
    assertThat(c.step(6L, ok("read", null, 6L))).isEqualTo(6L);
    assertThat(c.step(6L, ok("read", null, 5L))).isSameAs(Model.INCONSISTENT);
    assertThat(c.step(0L, ok("read", null, null)))
        .as("GET of a key never incremented")
        .isEqualTo(0L);
    assertThat(c.step(1L, ok("read", null, null))).isSameAs(Model.INCONSISTENT);

    Model l = Models.byName("list-append");
    Object list = l.step(l.step(l.init(), ok("append", 1L, 1L)), ok("append", 2L, 2L));
    assertThat(l.step(list, ok("read", null, List.of(1L, 2L)))).isEqualTo(List.of(1L, 2L));
    assertThat(l.step(list, ok("read", null, List.of(2L, 1L)))).isSameAs(Model.INCONSISTENT);
    assertThat(l.step(l.init(), ok("read", null, null)))
        .as("nil reads as the empty list")
        .isEqualTo(List.of());

    Model set = Models.byName("set");
    Object st = set.step(set.step(set.init(), ok("add", 1L, 1L)), ok("add", 2L, 2L));
    assertThat(set.step(st, ok("read", null, List.of(2L, 1L)))).isEqualTo(Set.of(1L, 2L));
    assertThat(set.step(st, ok("read", null, Set.of(1L)))).isSameAs(Model.INCONSISTENT);

    Model mu = Models.byName("mutex");
    assertThat(mu.step(false, ok("acquire", null, null))).isEqualTo(true);
    assertThat(mu.step(true, ok("acquire", null, null))).isSameAs(Model.INCONSISTENT);
    assertThat(mu.step(false, ok("release", null, null))).isSameAs(Model.INCONSISTENT);
    assertThat(mu.describe(true)).isEqualTo("held");
  }

  @Test
  void statesAreValuesSoEqualStatesAreCachedOnce() {
    Model l = Models.byName("list-append");
    Object a = l.step(l.init(), ok("append", 1L, 1L));
    Object b = l.step(l.init(), ok("append", 1L, 1L));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotSameAs(b);
    assertThat(Models.byName("cas-register")).isEqualTo(CasRegister.knossos(0L));
  }

  @Test
  void namesAndGuesses() {
    for (String n : Models.NAMES) {
      assertThat(Models.byName(n).name()).isEqualTo(n);
    }
    assertThatThrownBy(() -> Models.byName("queue")).hasMessageContaining("unknown model 'queue'");
    assertThat(Models.guess(List.of(ok("txn", null, List.of())), HistoryFormat.EDN).name())
        .isEqualTo("multi-register");
    assertThat(Models.guess(List.of(ok("read", null, 1L)), HistoryFormat.EDN).name())
        .isEqualTo("cas-register");
    assertThat(Models.guess(List.of(ok("read", null, 1L)), HistoryFormat.PORCUPINE_ETCD).name())
        .isEqualTo("register");
    assertThat(Models.guess(List.of(ok("get", null, "")), HistoryFormat.PORCUPINE_KV).name())
        .isEqualTo("key-value");
    assertThat(Models.guess(List.of(ok("append", 1L, 1L)), HistoryFormat.JSONL).name())
        .isEqualTo("list-append");
  }
}
