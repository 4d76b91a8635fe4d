package io.replicheck.runner;

import io.replicheck.cluster.Node;
import io.replicheck.nemesis.ActiveFault;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Drive: workload clients on the master, a reader per replica, the nemesis, for the run's time (or
 * until aborted), reporting progress every second; then stops them all within a bound.
 */
final class DrivePhase implements Phase {

  @Override
  public void run(RunContext r) throws Exception {
    RunSpec spec = r.plan.spec();
    RunSchedule schedule = r.plan.schedule();
    r.progress.phase(
        "run",
        spec.time().toSeconds()
            + " s of "
            + r.plan.workload().name()
            + " with "
            + spec.clients()
            + " clients, nemesis "
            + (schedule != null
                ? "scheduled (" + schedule.faults().size() + " faults)"
                : r.plan.nemeses().isEmpty() ? "none" : spec.nemeses()));
    r.readers = r.plan.replicaReads() ? r.deployment.replicas().size() : 0;
    int processes = spec.clients() + r.readers;
    ExecutorService pool =
        Executors.newFixedThreadPool(processes + 1, t -> Waits.daemon("replicheck-client", t));
    long start = System.nanoTime();
    for (int i = 0; i < spec.clients(); i++) {
      pool.submit(new ClientLoop(r, i, processes, null, start));
    }
    for (int i = 0; i < r.readers; i++) {
      Node replica = r.deployment.replicas().get(i);
      pool.submit(new ClientLoop(r, spec.clients() + i, processes, replica, start));
    }
    pool.submit(new FaultDriver(r, start));
    long end = start + spec.time().toNanos();
    long lastOps = 0;
    while (System.nanoTime() < end && !r.stop.get()) {
      Waits.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      long now = System.nanoTime();
      long total = r.ops.get();
      String f =
          r.active.isEmpty()
              ? null
              : String.join(" + ", r.active.stream().map(ActiveFault::description).toList());
      r.progress.tick(
          (now - start) / 1_000_000,
          Math.max(0, (end - now) / 1_000_000),
          total,
          total - lastOps,
          r.faults.get(),
          f);
      lastOps = total;
    }
    r.stop.set(true);
    long faultBound =
        schedule == null ? spec.faultDuration().toMillis() : schedule.longestFault().toMillis();
    awaitStop(r, pool, spec.opTimeout().toMillis() + faultBound + NEMESIS_STEP_MILLIS);
  }

  /**
   * What a nemesis step may take beyond its fault's duration: the WAIT probe, starting the fault
   * and healing it, which may restart a node (ProcessCluster waits up to 30 s for one to answer, a
   * container up to 60 s), on a machine that may be loaded. A kill drawn in the drive's last second
   * restarts its node after the drive ended: a one-hour run once failed here with a 15 s slack.
   */
  static final long NEMESIS_STEP_MILLIS = 90_000;

  /**
   * Waits up to {@code boundMillis} for the clients and the nemesis to stop. Past the bound the run
   * is aborted, not failed: the heal phase still heals and stops everything, and the results say
   * unknown with the reason, keeping what the drive recorded.
   */
  static void awaitStop(RunContext r, ExecutorService pool, long boundMillis)
      throws InterruptedException {
    pool.shutdown();
    if (!pool.awaitTermination(boundMillis, TimeUnit.MILLISECONDS)) {
      String stacks = writeStacks(r.dir.resolve(STUCK_THREADS));
      pool.shutdownNow();
      r.abortKeepingHistory(
          "clients or nemesis did not stop within "
              + boundMillis
              + " ms of the drive's end"
              + (stacks == null ? "" : " (where each thread was: " + stacks + ")"));
    }
  }

  /** The file a drive that did not stop leaves: every thread's stack at that moment. */
  static final String STUCK_THREADS = "stuck-threads.txt";

  /**
   * Writes every live thread's stack to {@code file} (what a client or the nemesis was blocked in);
   * its name, or null when it could not be written.
   */
  static String writeStacks(java.nio.file.Path file) {
    StringBuilder b = new StringBuilder();
    Thread.getAllStackTraces()
        .forEach(
            (t, frames) -> {
              b.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
              for (StackTraceElement f : frames) b.append("    at ").append(f).append('\n');
              b.append('\n');
            });
    try {
      java.nio.file.Files.writeString(file, b);
      return file.getFileName().toString();
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
