package io.replicheck.explore.scale;

import io.replicheck.explore.Outcome;
import io.replicheck.explore.Schedule;
import io.replicheck.explore.ScheduleExecutor;
import io.replicheck.explore.ScheduleGen;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Runs the same schedules on several servers: schedule {@code k} of the shard (seed {@code seed+k},
 * a fresh draw, so every server gets exactly the same schedule) on each server in turn, in {@code
 * lanes} lanes. It does not stop at a failure and does not shrink: the point is the whole table
 * ({@link ServerMatrix}); a failing run's folder says how to re-run it.
 */
public final class MatrixExplorer {

  /** Lane {@code lane}'s executor for {@code server} (runs of lanes share nothing). */
  @FunctionalInterface
  public interface Executors {
    ScheduleExecutor executor(int lane, String server);
  }

  private final ScheduleGen gen;
  private final List<String> servers;
  private final int lanes;
  private final Shard shard;
  private final Executors executors;
  private final PrintStream log;
  private final LongSupplier nanoClock;
  private BooleanSupplier stopped = () -> false;

  public MatrixExplorer(
      ScheduleGen gen,
      List<String> servers,
      int lanes,
      Shard shard,
      Executors executors,
      PrintStream log,
      LongSupplier nanoClock) {
    if (lanes < 1) throw new IllegalArgumentException("--parallel must be at least 1");
    if (servers.isEmpty()) throw new IllegalArgumentException("no server");
    this.gen = gen;
    this.servers = List.copyOf(servers);
    this.lanes = lanes;
    this.shard = shard;
    this.executors = executors;
    this.log = log;
    this.nanoClock = nanoClock;
  }

  public MatrixExplorer stoppingWhen(BooleanSupplier stop) {
    this.stopped = stop;
    return this;
  }

  /**
   * Runs schedules {@code 0 .. runs-1} of the shard on every server within {@code budget} (checked
   * before each run; each lane runs at least one).
   *
   * @return every run, by seed and then server in the order given
   */
  public List<Executed> explore(long seed, long runs, Duration budget) {
    long start = nanoClock.getAsLong();
    Shard.Lane mine = shard.lane(0, 1);
    long schedules = mine.runsOf(runs);
    long tasks = schedules * servers.size();
    List<Executed> done = new ArrayList<>();
    AtomicReference<RuntimeException> error = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int j = 0; j < lanes && j < tasks; j++) {
      int lane = j;
      PrintStream out = lanes == 1 ? log : PrefixedStream.of(log, "[" + lane + "] ");
      Thread t =
          new Thread(
              () -> {
                try {
                  for (long task = lane; task < tasks; task += lanes) {
                    if (stopped.getAsBoolean() || error.get() != null) return;
                    if (task >= lanes && nanoClock.getAsLong() - start >= budget.toNanos()) {
                      out.printf("time budget spent%n");
                      return;
                    }
                    long k = mine.offset() + (task / servers.size()) * mine.step();
                    String server = servers.get((int) (task % servers.size()));
                    long s = seed + k;
                    Schedule schedule;
                    synchronized (gen) {
                      schedule = gen.generate(s);
                    }
                    out.printf("seed %d on %s: %s%n", s, server, schedule.describe());
                    Outcome o = executors.executor(lane, server).execute(schedule, s);
                    out.printf(
                        "  -> %s %s%s%n",
                        o.verdict(), o.failed().isEmpty() ? "" : o.failed() + " ", o.summary());
                    long ms = (nanoClock.getAsLong() - start) / 1_000_000;
                    synchronized (done) {
                      done.add(new Executed(k, s, server, schedule, o, ms));
                    }
                  }
                } catch (RuntimeException x) {
                  error.compareAndSet(null, x);
                }
              },
              "matrix-lane-" + lane);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for the lanes", x);
      }
    }
    if (error.get() != null) throw error.get();
    List<Executed> out = new ArrayList<>(done);
    out.sort(
        Comparator.comparingLong(Executed::seed)
            .thenComparingInt(x -> servers.indexOf(x.server())));
    return out;
  }
}
