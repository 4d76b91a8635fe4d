package io.replicheck.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShrinkerTest {

  /**
   * Twenty steps; the "bug" needs steps 3, 11 and 17 together (like a write, a fault and a read).
   */
  private static final List<Integer> STEPS = IntStream.range(0, 20).boxed().toList();

  private static final Predicate<List<Integer>> NEEDS_3_11_17 =
      l -> l.contains(3) && l.contains(11) && l.contains(17);

  @Test
  void deltaDebuggingFindsTheMinimalFailingSubset() {
    ShrinkResult<List<Integer>> r =
        Shrinker.shrink(
            STEPS,
            l -> Shrink.removals(l, 0),
            NEEDS_3_11_17,
            Budget.candidates(10_000),
            (c, f, n) -> {});
    assertThat(r.shrunk()).containsExactly(3, 11, 17);
    assertThat(r.budgetExhausted()).isFalse();
    assertThat(r.candidatesTried()).isPositive().isLessThan(200);
    // 1-minimal: removing any single step makes it pass
    for (int i = 0; i < r.shrunk().size(); i++) {
      List<Integer> less = new ArrayList<>(r.shrunk());
      less.remove(i);
      assertThat(NEEDS_3_11_17.test(less)).isFalse();
    }
  }

  @Test
  void chunksAreRemovedBeforeSingleElements() {
    List<List<Integer>> first =
        Shrink.removals(List.of(1, 2, 3, 4, 5, 6, 7, 8), 0).limit(2).toList();
    assertThat(first).containsExactly(List.of(5, 6, 7, 8), List.of(1, 2, 3, 4));
    assertThat(Shrink.removals(List.of(1, 2), 2)).isEmpty();
    assertThat(Shrink.removals(List.of(1), 0)).containsExactly(List.of());
  }

  @Test
  void integersShrinkTowardZeroOrTheNearestBound() {
    assertThat(Shrink.towards(100, 0).toList()).startsWith(0L, 50L).endsWith(99L);
    assertThat(Shrink.towards(-8, 0).toList()).startsWith(0L).endsWith(-7L);
    assertThat(Shrink.towards(0, 0)).isEmpty();
    assertThat(Shrink.origin(5, 10)).isEqualTo(5);
    assertThat(Shrink.origin(-10, -5)).isEqualTo(-5);
    ShrinkResult<Long> r =
        Shrinker.shrink(
            Gen.choose(0, 1_000_000).generate(new Source(11, 10)).value() >= 777
                ? Shrinkable.unfold(987_654L, v -> Shrink.towards(v, 0))
                : null,
            v -> v >= 777,
            Budget.candidates(10_000));
    assertThat(r.shrunk()).isEqualTo(777L);
  }

  @Test
  void elementWiseShrinkingAfterRemovals() {
    // fails when some element is at least 50: the minimum is the one-element list [50]
    Gen<List<Long>> g = Gen.choose(0, 1000).list(0, 20);
    Shrinkable<List<Long>> failing = null;
    for (long seed = 0; failing == null; seed++) {
      Shrinkable<List<Long>> t = g.generate(new Source(seed, 20));
      if (t.value().size() > 5 && t.value().stream().anyMatch(x -> x >= 50)) failing = t;
    }
    ShrinkResult<List<Long>> r =
        Shrinker.shrink(failing, l -> l.stream().anyMatch(x -> x >= 50), Budget.candidates(10_000));
    assertThat(r.shrunk()).containsExactly(50L);
    assertThat(r.steps()).isPositive();
  }

  @Test
  void flatMapShrinksBothTheOuterAndTheInnerValue() {
    Gen<List<Long>> g = Gen.chooseInt(1, 10).flatMap(n -> Gen.choose(0, 100).list(n, n));
    Shrinkable<List<Long>> failing = null;
    for (long seed = 0; failing == null; seed++) {
      Shrinkable<List<Long>> t = g.generate(new Source(seed, 20));
      if (t.value().size() >= 4 && t.value().stream().mapToLong(x -> x).sum() > 60) failing = t;
    }
    ShrinkResult<List<Long>> r =
        Shrinker.shrink(
            failing, l -> l.stream().mapToLong(x -> x).sum() > 60, Budget.candidates(10_000));
    assertThat(r.shrunk().stream().mapToLong(x -> x).sum()).isEqualTo(61);
    // the outer length shrank (the inner list is regenerated from its own seed when it does), and
    // the inner elements shrank toward zero; integrated shrinking through flatMap is not always
    // globally minimal, which is why the length is not asserted to be exactly 1
    assertThat(r.shrunk().size()).isLessThan(failing.value().size()).isLessThanOrEqualTo(2);
  }

  @Test
  void budgetOfCandidatesIsRespected() {
    AtomicInteger calls = new AtomicInteger();
    ShrinkResult<List<Integer>> r =
        Shrinker.shrink(
            STEPS,
            l -> Shrink.removals(l, 0),
            l -> {
              calls.incrementAndGet();
              return NEEDS_3_11_17.test(l);
            },
            Budget.candidates(5),
            (c, f, n) -> {});
    assertThat(r.candidatesTried()).isEqualTo(5);
    assertThat(calls).hasValue(5);
    assertThat(r.budgetExhausted()).isTrue();
    assertThat(r.shrunk()).contains(3, 11, 17); // still failing, just not minimal
  }

  @Test
  void budgetOfTimeIsRespectedOnAnInjectedClock() {
    AtomicLong now = new AtomicLong();
    // every predicate call "takes" one second; three seconds allow three candidates
    Budget budget = Budget.of(1000, Duration.ofSeconds(3)).withClock(now::get);
    ShrinkResult<List<Integer>> r =
        Shrinker.shrink(
            STEPS,
            l -> Shrink.removals(l, 0),
            l -> {
              now.addAndGet(1_000_000_000L);
              return NEEDS_3_11_17.test(l);
            },
            budget,
            (c, f, n) -> {});
    assertThat(r.candidatesTried()).isEqualTo(3);
    assertThat(r.budgetExhausted()).isTrue();
  }

  @Test
  void shrinkingIsDeterministic() {
    Gen<List<Long>> g = Gen.choose(-1000, 1000).list(0, 30);
    Shrinkable<List<Long>> t = g.generate(new Source(99, 30));
    Predicate<List<Long>> fails = l -> l.stream().filter(x -> x < -100).count() >= 2;
    if (!fails.test(t.value()))
      t =
          Shrinkable.unfold(
              List.of(-500L, 3L, -700L, 9L), x -> Shrink.list(x, 0, v -> Shrink.towards(v, 0)));
    ShrinkResult<List<Long>> a = Shrinker.shrink(t, fails, Budget.candidates(10_000));
    ShrinkResult<List<Long>> b = Shrinker.shrink(t, fails, Budget.candidates(10_000));
    assertThat(a).isEqualTo(b);
    assertThat(a.shrunk()).containsExactly(-101L, -101L);
  }
}
