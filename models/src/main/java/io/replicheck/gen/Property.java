package io.replicheck.gen;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A property over generated values, run from a JUnit 5 test: {@code
 * Property.forAll(gen).tries(200).seed(42).check(x -> ...)}. Try {@code i} draws from its own seed
 * and a size growing from 0 to {@link #maxSize}; on the first failure the value is shrunk and an
 * {@link PropertyFailure} names the seed, the original and the shrunk value. With no {@code
 * seed(...)} a seed is drawn from the clock (and printed in the failure, to re-run it).
 */
public final class Property<T> {
  private final Gen<T> gen;
  private int tries = 100;
  private long seed = System.nanoTime();
  private int maxSize = 100;
  private Budget budget = Budget.of(10_000, Duration.ofSeconds(30));

  private Property(Gen<T> gen) {
    this.gen = Objects.requireNonNull(gen);
  }

  public static <T> Property<T> forAll(Gen<T> gen) {
    return new Property<>(gen);
  }

  public Property<T> tries(int n) {
    if (n < 1) throw new IllegalArgumentException("tries must be >= 1");
    this.tries = n;
    return this;
  }

  public Property<T> seed(long s) {
    this.seed = s;
    return this;
  }

  public Property<T> maxSize(int size) {
    if (size < 0) throw new IllegalArgumentException("maxSize must be >= 0");
    this.maxSize = size;
    return this;
  }

  public Property<T> shrinkBudget(Budget b) {
    this.budget = Objects.requireNonNull(b);
    return this;
  }

  /** Checks that {@code holds} is true for every generated value (an exception counts as false). */
  public void check(Predicate<? super T> holds) {
    checkThat(
        v -> {
          if (!holds.test(v)) throw new AssertionError("property is false");
        });
  }

  /** Checks that {@code assertion} throws for no generated value (AssertJ style). */
  public void checkThat(Consumer<? super T> assertion) {
    SplittableRandom seeds = new SplittableRandom(seed);
    for (int i = 0; i < tries; i++) {
      int size = tries == 1 ? maxSize : (int) ((long) maxSize * i / (tries - 1));
      Shrinkable<T> value = gen.generate(new Source(seeds.nextLong(), size));
      Throwable error = failure(assertion, value.value());
      if (error != null) {
        ShrinkResult<T> r = Shrinker.shrink(value, v -> failure(assertion, v) != null, budget);
        Throwable shrunkError = failure(assertion, r.shrunk());
        throw new PropertyFailure(seed, i + 1, r, shrunkError == null ? error : shrunkError);
      }
    }
  }

  private static <T> Throwable failure(Consumer<? super T> assertion, T value) {
    try {
      assertion.accept(value);
      return null;
    } catch (AssertionError | RuntimeException e) {
      return e;
    }
  }
}
