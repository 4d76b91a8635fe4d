package io.replicheck.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GenTest {

  private static final Gen<List<Long>> LISTS = Gen.choose(-1000, 1000).list(0, 30);

  @Test
  void sameSeedGivesSameValues() {
    Gen<List<List<Long>>> nested =
        Gen.chooseInt(1, 5).flatMap(n -> Gen.choose(0, 9).list(n, n)).list(1, 10);
    for (long seed = 0; seed < 20; seed++) {
      assertThat(nested.sample(seed, 50)).isEqualTo(nested.sample(seed, 50));
      assertThat(LISTS.sample(seed, 50)).isEqualTo(LISTS.sample(seed, 50));
    }
    Set<List<Long>> distinct = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) distinct.add(LISTS.sample(seed, 50));
    assertThat(distinct).hasSizeGreaterThan(15);
  }

  @Test
  void chooseStaysInRangeAndCoversIt() {
    Set<Long> seen = new HashSet<>();
    Source s = new Source(7, 10);
    for (int i = 0; i < 500; i++) {
      long v = Gen.choose(-3, 3).generate(s).value();
      assertThat(v).isBetween(-3L, 3L);
      seen.add(v);
    }
    assertThat(seen).hasSize(7);
    // The full range of long: both halves are reached, so the span did not overflow into one sign.
    Source wide = new Source(1, 0);
    Set<Integer> signs = new HashSet<>();
    for (int i = 0; i < 200; i++)
      signs.add(Long.signum(wide.nextLong(Long.MIN_VALUE, Long.MAX_VALUE)));
    assertThat(signs).contains(-1, 1);
    assertThat(new Source(1, 0).nextLong(Long.MAX_VALUE - 1, Long.MAX_VALUE))
        .isGreaterThanOrEqualTo(Long.MAX_VALUE - 1);
  }

  @Test
  void frequencyFollowsWeightsAndNeverPicksZeroWeight() {
    Gen<String> g =
        Gen.frequency(
            List.of(
                Map.entry(0, Gen.constant("never")),
                Map.entry(1, Gen.constant("a")),
                Map.entry(9, Gen.constant("b"))));
    Source s = new Source(3, 10);
    int a = 0;
    int b = 0;
    for (int i = 0; i < 2000; i++) {
      String v = g.generate(s).value();
      assertThat(v).isNotEqualTo("never");
      if (v.equals("a")) a++;
      else b++;
    }
    assertThat(a).isBetween(120, 280); // expected 200 of 2000
    assertThat(b).isEqualTo(2000 - a);
    assertThatThrownBy(() -> Gen.frequency(List.of(Map.entry(0, Gen.constant(1)))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void frequencyShrinksTowardEarlierAlternatives() {
    Gen<String> g = Gen.oneOf(Gen.constant("small"), Gen.constant("big"));
    Shrinkable<String> big = null;
    for (long seed = 0; big == null; seed++) {
      Shrinkable<String> t = g.generate(new Source(seed, 10));
      if (t.value().equals("big")) big = t;
    }
    assertThat(big.shrinks().map(Shrinkable::value).toList()).containsExactly("small");
  }

  @Test
  void filterGivesUpAfterItsBound() {
    assertThatThrownBy(() -> Gen.choose(0, 10).filter(x -> x > 100, 25).sample(1, 10))
        .isInstanceOf(GenException.class)
        .hasMessageContaining("25 tries");
    Gen<Long> even = Gen.choose(0, 1000).filter(x -> x % 2 == 0, 100);
    Shrinkable<Long> t = even.generate(new Source(5, 10));
    assertThat(t.value() % 2).isZero();
    // shrink candidates keep the filter
    assertThat(t.shrinks().map(Shrinkable::value)).allMatch(x -> x % 2 == 0);
  }

  @Test
  void sequenceKeepsEveryPositionAndShrinksEach() {
    Gen<List<Long>> g =
        Gen.sequence(List.of(Gen.choose(10, 20), Gen.choose(-5, 5), Gen.constant(7L)));
    Shrinkable<List<Long>> t = g.generate(new Source(4, 10));
    assertThat(t.value()).hasSize(3);
    assertThat(t.value().get(0)).isBetween(10L, 20L);
    assertThat(t.shrinks().map(Shrinkable::value)).allMatch(l -> l.size() == 3 && l.get(2) == 7L);
    ShrinkResult<List<Long>> r = Shrinker.shrink(t, l -> true, Budget.candidates(1000));
    assertThat(r.shrunk()).containsExactly(10L, 0L, 7L);
  }

  @Test
  void sizedListsGrowWithSize() {
    Gen<List<Long>> g = Gen.listOf(Gen.choose(0, 1));
    for (long seed = 0; seed < 50; seed++) {
      assertThat(g.sample(seed, 0)).isEmpty();
      assertThat(g.sample(seed, 5)).hasSizeLessThanOrEqualTo(5);
    }
  }
}
