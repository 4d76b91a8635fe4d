package io.replicheck.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Candidate functions: what smaller values a list or a number may shrink to. */
public final class Shrink {
  private Shrink() {}

  /**
   * Lists with one chunk removed, delta-debugging style: chunks of n/2, then n/4, ... then single
   * elements, at every aligned position; never below {@code minSize}.
   */
  public static <T> Stream<List<T>> removals(List<T> list, int minSize) {
    int n = list.size();
    if (n <= minSize) return Stream.empty();
    List<Integer> chunks = new ArrayList<>();
    for (int k = n / 2; k >= 1; k /= 2) if (!chunks.contains(k)) chunks.add(k);
    if (n == 1) chunks.add(1);
    return chunks.stream()
        .filter(k -> n - k >= minSize)
        .flatMap(
            k ->
                IntStream.iterate(0, i -> i < n, i -> i + k)
                    .mapToObj(i -> without(list, i, Math.min(n, i + k))));
  }

  /** All list candidates: removals first, then each element replaced by one of its candidates. */
  public static <T> Stream<List<T>> list(
      List<T> list, int minSize, Function<T, Stream<T>> element) {
    return Stream.concat(
        removals(list, minSize),
        IntStream.range(0, list.size())
            .boxed()
            .flatMap(
                i ->
                    element
                        .apply(list.get(i))
                        .map(
                            e -> {
                              List<T> copy = new ArrayList<>(list);
                              copy.set(i, e);
                              return java.util.Collections.unmodifiableList(copy);
                            })));
  }

  /**
   * Numbers between {@code target} and {@code value}, nearest the target first: target, then value
   * minus half the distance, a quarter, ... down to value minus one step.
   */
  public static Stream<Long> towards(long value, long target) {
    if (value == target) return Stream.empty();
    List<Long> out = new ArrayList<>();
    out.add(target);
    // distance may overflow a long for extreme ranges; halve first
    long half = value / 2 - target / 2;
    for (long d = half; d != 0; d /= 2) {
      long c = value - d;
      if (c != target && !out.contains(c)) out.add(c);
    }
    long last = value > target ? value - 1 : value + 1;
    if (!out.contains(last)) out.add(last);
    return out.stream();
  }

  /** The value of [lo, hi] nearest zero, which integers shrink toward. */
  public static long origin(long lo, long hi) {
    return lo > 0 ? lo : hi < 0 ? hi : 0;
  }

  private static <T> List<T> without(List<T> list, int from, int to) {
    List<T> out = new ArrayList<>(list.size() - (to - from));
    out.addAll(list.subList(0, from));
    out.addAll(list.subList(to, list.size()));
    return java.util.Collections.unmodifiableList(out);
  }
}
