package io.replicheck.server.replication;

import java.util.function.LongSupplier;

/** A clock tests move by hand (milliseconds). */
final class ManualClock implements LongSupplier {
  private long now;

  ManualClock(long start) {
    now = start;
  }

  @Override
  public long getAsLong() {
    return now;
  }

  void advance(long millis) {
    now += millis;
  }
}
