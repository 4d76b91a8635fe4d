package io.replicheck.runner;

import io.replicheck.invariant.InvariantResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The plan's checks that read only the recorded history ({@link Check#historyOnly}: P3, P2), run
 * one after another on their own thread from the moment the history file is closed, while quiesce,
 * the settle window and collect read the nodes. The check phase takes their results in registry
 * order, as if it had judged them itself; an exception of a check reaches it as it would have.
 */
final class HistoryChecks {

  /** How long the check phase waits for a history check (P3 has its own, shorter time limit). */
  static final Duration BOUND = Duration.ofMinutes(30);

  private final Map<Check, FutureTask<List<InvariantResult>>> tasks = new LinkedHashMap<>();
  private volatile Duration took;
  private final java.util.concurrent.CountDownLatch finished =
      new java.util.concurrent.CountDownLatch(1);

  private HistoryChecks(List<Check> checks, RunContext r) {
    for (Check c : checks) {
      if (c.historyOnly()) tasks.put(c, new FutureTask<>(() -> c.judge().judge(r)));
    }
  }

  /** Starts the plan's history-only checks; call once the history is closed. */
  static HistoryChecks start(RunContext r) {
    return start(r.plan.checks(), r);
  }

  /** Starts the history-only ones of {@code checks} over {@code r}. */
  static HistoryChecks start(List<Check> checks, RunContext r) {
    HistoryChecks h = new HistoryChecks(checks, r);
    if (!h.tasks.isEmpty()) {
      List<FutureTask<List<InvariantResult>>> all = new ArrayList<>(h.tasks.values());
      Waits.daemon(
              "replicheck-history-checks",
              () -> {
                long t0 = System.nanoTime();
                all.forEach(FutureTask::run);
                h.took = Duration.ofNanos(System.nanoTime() - t0);
                h.finished.countDown();
              })
          .start();
    }
    return h;
  }

  /** Whether {@code c} runs here. */
  boolean runs(Check c) {
    return tasks.containsKey(c);
  }

  /** {@code c}'s results, waiting for them (bounded). */
  List<InvariantResult> results(Check c) throws Exception {
    FutureTask<List<InvariantResult>> f = tasks.get(c);
    try {
      return f.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) throw cause;
      throw e;
    } catch (TimeoutException e) {
      f.cancel(true);
      return unknown(c, "not judged within " + BOUND.toMinutes() + " min");
    } catch (java.util.concurrent.CancellationException e) {
      return unknown(c, "not judged: " + (stoppedBy != null ? stoppedBy : "cancelled"));
    }
  }

  private static List<InvariantResult> unknown(Check c, String reason) {
    List<InvariantResult> out = new ArrayList<>();
    for (String id : c.ids()) out.add(InvariantResult.unknown(id, c.description(), reason));
    return out;
  }

  private volatile String stoppedBy;

  /**
   * Stops the checks at once for {@code reason} (a signal): a caller waiting in {@link #results}
   * gets {@code unknown} with the reason instead of waiting out a long P3.
   */
  void stop(String reason) {
    stoppedBy = reason;
    cancel();
  }

  /** How long the checks took on their thread, or null when none ran (or they still run). */
  Duration took() {
    if (tasks.isEmpty()) return null;
    try {
      finished.await(1, TimeUnit.SECONDS); // the last check's result may be out just before
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return took;
  }

  /** Stops what has not finished (an aborted run judges nothing). */
  void cancel() {
    tasks.values().forEach(f -> f.cancel(true));
  }
}
