package io.replicheck.runner;

import java.util.concurrent.atomic.AtomicBoolean;

/** The bounded sleeps of a run's threads. */
final class Waits {
  private Waits() {}

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sleeps up to {@code ms}, waking early when stopped; false when stopped. */
  static boolean sleepUnless(AtomicBoolean stop, long ms) {
    long deadline = System.currentTimeMillis() + ms;
    while (!stop.get() && System.currentTimeMillis() < deadline) {
      sleep(Math.min(50, Math.max(1, deadline - System.currentTimeMillis())));
    }
    return !stop.get();
  }

  static Thread daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
