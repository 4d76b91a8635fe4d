package io.replicheck.gen;

import java.util.Iterator;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Greedy shrinking: from a failing value, test its candidates in order and move to the first that
 * still fails; repeat until no candidate fails (a local minimum) or the budget runs out. With
 * candidates that remove chunks of a list before single elements this is delta debugging's "reduce
 * to complement" loop, and it ends 1-minimal: removing any single element passes. Deterministic:
 * the same tree and predicate give the same result.
 */
public final class Shrinker {
  private Shrinker() {}

  /** Called for each candidate tested, so a long shrink can report progress. */
  @FunctionalInterface
  public interface Listener<T> {
    void tried(T candidate, boolean failed, int candidatesTried);
  }

  /** Shrinks a generated value; {@code fails} must hold for {@code root.value()}. */
  public static <T> ShrinkResult<T> shrink(
      Shrinkable<T> root, Predicate<? super T> fails, Budget budget) {
    return shrink(root, fails, budget, (c, f, n) -> {});
  }

  /** Shrinks any value given a candidate function, e.g. a schedule and its smaller variants. */
  public static <T> ShrinkResult<T> shrink(
      T value,
      Function<T, Stream<T>> candidates,
      Predicate<? super T> fails,
      Budget budget,
      Listener<? super T> listener) {
    return shrink(Shrinkable.unfold(value, candidates), fails, budget, listener);
  }

  public static <T> ShrinkResult<T> shrink(
      Shrinkable<T> root, Predicate<? super T> fails, Budget budget, Listener<? super T> listener) {
    Budget.Meter meter = budget.start();
    Shrinkable<T> current = root;
    int steps = 0;
    boolean exhausted = false;
    search:
    while (true) {
      Iterator<Shrinkable<T>> it = current.shrinks().iterator();
      while (it.hasNext()) {
        if (meter.exhausted()) {
          exhausted = true;
          break search;
        }
        Shrinkable<T> candidate = it.next();
        meter.spend();
        boolean failed = fails.test(candidate.value());
        listener.tried(candidate.value(), failed, meter.spent());
        if (failed) {
          current = candidate;
          steps++;
          continue search;
        }
      }
      break;
    }
    return new ShrinkResult<>(root.value(), current.value(), meter.spent(), steps, exhausted);
  }
}
