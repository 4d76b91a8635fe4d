package io.replicheck.runner;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Draws a finished run's report.html and the store's index off the run's path, for a runner that
 * runs schedule after schedule ({@code explore}): the run returns once its verdict and raw files
 * are written and its nodes are stopped, and the drawing starts when the next run's drive starts
 * (it would take CPU from the next run's node starts, which are the next schedule's overhead; the
 * drive's length is fixed). At most one drawing is pending: a run that finishes while the last
 * one's is still pending waits for it. Every wait is bounded; {@link #await} ends the last drawing
 * (or stops it) before the JVM exits.
 */
final class ReportDrawer {

  /** A drawing that did not end within this is stopped (drawing a 1M-op run takes seconds). */
  static final Duration DRAW_BOUND = Duration.ofSeconds(120);

  /** A drawing starts at the latest this long after its run, with or without a next drive. */
  static final Duration START_BOUND = Duration.ofSeconds(30);

  private FutureTask<Void> pending;
  private CountDownLatch go;

  /**
   * Queues a run's drawing ({@link RunStore#draw}), after the last one's ended (waited for within
   * {@link #DRAW_BOUND}); it starts at {@link #release} or after {@link #START_BOUND}.
   *
   * @param drawn told how long the drawing took, once it ended
   */
  synchronized void submit(Runnable draw, java.util.function.Consumer<Duration> drawn) {
    await();
    CountDownLatch start = new CountDownLatch(1);
    FutureTask<Void> task =
        new FutureTask<>(
            () -> {
              start.await(START_BOUND.toMillis(), TimeUnit.MILLISECONDS);
              long t0 = System.nanoTime();
              draw.run();
              drawn.accept(Duration.ofNanos(System.nanoTime() - t0));
              return null;
            });
    pending = task;
    go = start;
    Waits.daemon("replicheck-report-drawer", task).start();
  }

  /** Starts the pending drawing now (the next run's drive began, or nothing more will run). */
  synchronized void release() {
    if (go != null) go.countDown();
  }

  /**
   * Starts the pending drawing and waits for it within {@link #DRAW_BOUND}; one that does not end
   * in time is stopped (its report is then missing, never half written: reports are written to a
   * temporary file and moved).
   */
  synchronized void await() {
    FutureTask<Void> task = pending;
    if (task == null) return;
    release();
    pending = null;
    go = null;
    try {
      task.get(DRAW_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      System.err.println("replicheck: a run's report could not be drawn: " + e.getCause());
    } catch (TimeoutException e) {
      task.cancel(true);
      System.err.println(
          "replicheck: a run's report was not drawn within " + DRAW_BOUND.toSeconds() + " s");
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
    }
  }
}
