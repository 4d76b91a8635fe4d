package io.replicheck.gen;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How much shrinking may cost: at most {@code maxCandidates} candidates tried and at most {@code
 * maxTime} spent, on an injectable nanosecond clock (so tests need not sleep).
 */
public record Budget(int maxCandidates, Duration maxTime, LongSupplier clock) {

  public Budget {
    if (maxCandidates < 0) throw new IllegalArgumentException("maxCandidates must be >= 0");
    Objects.requireNonNull(maxTime);
    Objects.requireNonNull(clock);
  }

  /** At most {@code n} candidates, with no time bound. */
  public static Budget candidates(int n) {
    return new Budget(n, Duration.ofDays(365), System::nanoTime);
  }

  /** At most {@code n} candidates and {@code time}. */
  public static Budget of(int n, Duration time) {
    return new Budget(n, time, System::nanoTime);
  }

  public Budget withClock(LongSupplier nanoClock) {
    return new Budget(maxCandidates, maxTime, nanoClock);
  }

  /** Starts the time bound now. */
  Meter start() {
    return new Meter(clock.getAsLong());
  }

  /** A running budget. */
  final class Meter {
    private final long startNanos;
    private int spent;

    private Meter(long startNanos) {
      this.startNanos = startNanos;
    }

    boolean exhausted() {
      return spent >= maxCandidates || clock.getAsLong() - startNanos >= maxTime.toNanos();
    }

    void spend() {
      spent++;
    }

    int spent() {
      return spent;
    }
  }
}
