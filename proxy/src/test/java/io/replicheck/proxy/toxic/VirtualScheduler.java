package io.replicheck.proxy.toxic;

import java.util.PriorityQueue;

/** A clock that moves only when the test says so; runs due tasks in time order. */
final class VirtualScheduler implements Scheduler {
  private long now = 1_000_000_000L;
  private long sequence;
  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(
          (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));

  private static final class Task implements Cancellable {
    final long at;
    final long seq;
    final Runnable run;
    boolean cancelled;

    Task(long at, long seq, Runnable run) {
      this.at = at;
      this.seq = seq;
      this.run = run;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public Cancellable schedule(Runnable task, long delayNanos) {
    Task t = new Task(now + Math.max(0, delayNanos), sequence++, task);
    tasks.add(t);
    return t;
  }

  void advanceMillis(long ms) {
    advanceTo(now + ms * 1_000_000L);
  }

  void advanceMicros(long us) {
    advanceTo(now + us * 1_000L);
  }

  void advanceTo(long target) {
    while (!tasks.isEmpty() && tasks.peek().at <= target) {
      Task t = tasks.poll();
      if (t.cancelled) continue;
      now = Math.max(now, t.at);
      t.run.run();
    }
    now = target;
  }

  long millis() {
    return now / 1_000_000L;
  }
}
