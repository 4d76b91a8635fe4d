package io.replicheck.proxy.toxic;

/**
 * Time for the toxics: a clock and delayed tasks, all run on one thread (a connection's event loop
 * in the proxy, a virtual clock in tests).
 */
public interface Scheduler {
  /** Monotonic nanoseconds. */
  long nanoTime();

  /** Runs the task after the delay, on the scheduler's thread. */
  Cancellable schedule(Runnable task, long delayNanos);

  /** A scheduled task that can be called off. */
  interface Cancellable {
    void cancel();
  }
}
