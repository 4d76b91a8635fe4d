package io.replicheck.server.core;

/** A clock tests move by hand. */
public final class ManualClock implements Clock {
  private long now;

  public ManualClock(long start) {
    this.now = start;
  }

  @Override
  public long currentTimeMillis() {
    return now;
  }

  public void advance(long ms) {
    now += ms;
  }
}
