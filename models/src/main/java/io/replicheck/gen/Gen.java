package io.replicheck.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator: draws a value, with its shrink candidates, from a {@link Source}. The same seed and
 * size give the same value.
 */
@FunctionalInterface
public interface Gen<T> {

  Shrinkable<T> generate(Source source);

  /** The value this generator gives for a seed and a size, without its shrinks. */
  default T sample(long seed, int size) {
    return generate(new Source(seed, size)).value();
  }

  default <R> Gen<R> map(Function<? super T, ? extends R> f) {
    return s -> generate(s).map(f);
  }

  /**
   * A generator that depends on a value of this one. The dependent generator gets its own seed, so
   * when the first value shrinks the second is regenerated from the same randomness.
   */
  default <R> Gen<R> flatMap(Function<? super T, Gen<R>> f) {
    return s -> {
      Shrinkable<T> first = generate(s);
      long seed = s.nextSeed();
      int size = s.size();
      return first.flatMap(t -> f.apply(t).generate(new Source(seed, size)));
    };
  }

  /**
   * Values satisfying {@code p}; gives up with a {@link GenException} after {@code maxTries} draws
   * in a row that do not, so a predicate that rarely holds fails loudly instead of looping.
   */
  default Gen<T> filter(Predicate<? super T> p, int maxTries) {
    if (maxTries < 1) throw new IllegalArgumentException("maxTries must be >= 1");
    return s -> {
      for (int i = 0; i < maxTries; i++) {
        Shrinkable<T> t = generate(s);
        if (p.test(t.value())) return t.filter(p);
      }
      throw new GenException("filter: no value satisfied the predicate in " + maxTries + " tries");
    };
  }

  /** Lists of this generator's values, of a length in [min, max]. */
  default Gen<List<T>> list(int min, int max) {
    return listOf(this, min, max);
  }

  /** Always {@code value}; does not shrink. */
  static <T> Gen<T> constant(T value) {
    return s -> Shrinkable.leaf(value);
  }

  /** Uniform in [lo, hi]; shrinks toward the value nearest zero. */
  static Gen<Long> choose(long lo, long hi) {
    if (lo > hi) throw new IllegalArgumentException("empty range [" + lo + ", " + hi + "]");
    long origin = Shrink.origin(lo, hi);
    return s -> Shrinkable.unfold(s.nextLong(lo, hi), v -> Shrink.towards(v, origin));
  }

  /** Uniform in [lo, hi]; shrinks toward the value nearest zero. */
  static Gen<Integer> chooseInt(int lo, int hi) {
    return choose(lo, hi).map(Long::intValue);
  }

  /** Uniform in [0, size]: grows as the property runner raises the size. */
  static Gen<Integer> sizedInt() {
    return s -> chooseInt(0, s.size()).generate(s);
  }

  /** One of the generators, chosen uniformly; shrinks toward the earlier ones. */
  @SafeVarargs
  static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
    List<Map.Entry<Integer, Gen<? extends T>>> weighted = new ArrayList<>();
    for (Gen<? extends T> g : gens) weighted.add(Map.entry(1, g));
    return frequency(weighted);
  }

  /** One of the values, chosen uniformly; shrinks toward the earlier ones. */
  @SafeVarargs
  static <T> Gen<T> elements(T... values) {
    if (values.length == 0) throw new IllegalArgumentException("elements: no values");
    List<T> copy = List.of(values);
    return chooseInt(0, values.length - 1).map(copy::get);
  }

  /**
   * One of the generators, chosen with probability proportional to its weight (entries with weight
   * 0 are never chosen); shrinks toward the earlier entries with a positive weight.
   */
  static <T> Gen<T> frequency(
      List<? extends Map.Entry<Integer, ? extends Gen<? extends T>>> weighted) {
    long total = 0;
    for (Map.Entry<Integer, ? extends Gen<? extends T>> e : weighted) {
      if (e.getKey() < 0)
        throw new IllegalArgumentException("frequency: negative weight " + e.getKey());
      total += e.getKey();
    }
    if (total == 0) throw new IllegalArgumentException("frequency: all weights are zero");
    long sum = total;
    List<Map.Entry<Integer, ? extends Gen<? extends T>>> entries = List.copyOf(weighted);
    return s -> {
      long pick = s.nextLong(0, sum - 1);
      int index = 0;
      for (long acc = entries.get(0).getKey(); pick >= acc; acc += entries.get(++index).getKey()) {}
      long seed = s.nextSeed();
      int size = s.size();
      return indexTree(entries, index)
          .flatMap(
              i -> {
                @SuppressWarnings("unchecked")
                Gen<T> g = (Gen<T>) entries.get(i).getValue();
                return g.generate(new Source(seed, size));
              });
    };
  }

  /** Lists of length in [min, max] (max capped by nothing: the caller bounds it). */
  static <T> Gen<List<T>> listOf(Gen<T> element, int min, int max) {
    if (min < 0 || min > max)
      throw new IllegalArgumentException("list length range [" + min + ", " + max + "] is invalid");
    Objects.requireNonNull(element);
    return s -> {
      int n = (int) s.nextLong(min, max);
      List<Shrinkable<T>> elements = new ArrayList<>(n);
      for (int i = 0; i < n; i++) elements.add(element.generate(s));
      return Shrinkable.list(elements, min);
    };
  }

  /** One value from each generator, in order; shrinks element by element, never drops one. */
  static <T> Gen<List<T>> sequence(List<Gen<T>> gens) {
    List<Gen<T>> copy = List.copyOf(gens);
    return s -> {
      List<Shrinkable<T>> elements = new ArrayList<>(copy.size());
      for (Gen<T> g : copy) elements.add(g.generate(s));
      return Shrinkable.list(elements, elements.size());
    };
  }

  /** Lists whose length is at most the current size. */
  static <T> Gen<List<T>> listOf(Gen<T> element) {
    return s -> listOf(element, 0, s.size()).generate(s);
  }

  private static <E extends Map.Entry<Integer, ?>> Shrinkable<Integer> indexTree(
      List<E> entries, int index) {
    return new Shrinkable<>(
        index,
        () ->
            java.util.stream.IntStream.range(0, index)
                .filter(i -> entries.get(i).getKey() > 0)
                .mapToObj(i -> indexTree(entries, i)));
  }
}
