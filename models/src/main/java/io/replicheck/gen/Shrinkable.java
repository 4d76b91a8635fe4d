package io.replicheck.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A generated value with its shrink candidates, each a smaller value with candidates of its own (a
 * lazy rose tree). Candidates are listed most aggressive first, so a greedy search takes big steps
 * before small ones.
 */
public final class Shrinkable<T> {
  private final T value;
  private final Supplier<Stream<Shrinkable<T>>> shrinks;

  public Shrinkable(T value, Supplier<Stream<Shrinkable<T>>> shrinks) {
    this.value = value;
    this.shrinks = Objects.requireNonNull(shrinks);
  }

  /** A value that does not shrink. */
  public static <T> Shrinkable<T> leaf(T value) {
    return new Shrinkable<>(value, Stream::empty);
  }

  /** A tree from a value and a function giving the candidates of any value. */
  public static <T> Shrinkable<T> unfold(T value, Function<T, Stream<T>> candidates) {
    return new Shrinkable<>(value, () -> candidates.apply(value).map(v -> unfold(v, candidates)));
  }

  public T value() {
    return value;
  }

  /** The direct shrink candidates, computed afresh on every call. */
  public Stream<Shrinkable<T>> shrinks() {
    return shrinks.get();
  }

  public <R> Shrinkable<R> map(Function<? super T, ? extends R> f) {
    return new Shrinkable<>(f.apply(value), () -> shrinks().map(s -> s.map(f)));
  }

  /** Keeps only candidates (at every depth) whose value satisfies {@code p}. */
  public Shrinkable<T> filter(Predicate<? super T> p) {
    return new Shrinkable<>(
        value, () -> shrinks().filter(s -> p.test(s.value())).map(s -> s.filter(p)));
  }

  /**
   * Monadic bind: the candidates are first those of this value (each re-bound), then those of the
   * bound value.
   */
  public <R> Shrinkable<R> flatMap(Function<? super T, Shrinkable<R>> f) {
    Shrinkable<R> bound = f.apply(value);
    return new Shrinkable<>(
        bound.value(), () -> Stream.concat(shrinks().map(s -> s.flatMap(f)), bound.shrinks()));
  }

  /**
   * A list of trees as a tree of lists: candidates first remove chunks (half the list, then a
   * quarter, ... down to single elements, as delta debugging does), then shrink one element at a
   * time. Lists never get shorter than {@code minSize}.
   */
  public static <T> Shrinkable<List<T>> list(List<Shrinkable<T>> elements, int minSize) {
    List<T> values = elements.stream().map(Shrinkable::value).toList();
    return new Shrinkable<>(
        values,
        () ->
            Stream.concat(
                Shrink.removals(elements, minSize).map(l -> list(l, minSize)),
                IntStream.range(0, elements.size())
                    .boxed()
                    .flatMap(
                        i ->
                            elements
                                .get(i)
                                .shrinks()
                                .map(
                                    s -> {
                                      List<Shrinkable<T>> copy = new ArrayList<>(elements);
                                      copy.set(i, s);
                                      return list(copy, minSize);
                                    }))));
  }
}
