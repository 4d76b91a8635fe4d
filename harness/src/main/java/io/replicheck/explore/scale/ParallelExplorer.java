package io.replicheck.explore.scale;

import io.replicheck.explore.Explorer;
import io.replicheck.explore.Outcome;
import io.replicheck.explore.Replay;
import io.replicheck.explore.ScheduleExecutor;
import io.replicheck.explore.ScheduleShrinker;
import io.replicheck.explore.Target;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Runs one exploration (or its {@link Shard}) as {@code lanes} {@link Explorer}s at once on one
 * machine: lane {@code j} runs the shard's schedules {@code k} with {@code k mod (n*lanes) == i +
 * n*j}, so the same seeds run as with one lane. Each lane has its own executor (its own runner,
 * proxies, ports and run folders). When a schedule fails, no lane starts another; the failure of
 * the lowest seed is then shrunk here, sequentially, as {@link Explorer} would. With one lane the
 * explorer runs as it is, shrinking included.
 */
public final class ParallelExplorer {

  /** Lane {@code lane}'s explorer around {@code executor}, logging to {@code log}. */
  @FunctionalInterface
  public interface LaneFactory {
    Explorer explorer(int lane, ScheduleExecutor executor, PrintStream log);
  }

  /**
   * @param result as {@link Explorer#explore} says (schedules, verdicts, the shrunk failure)
   * @param executed every schedule that ran, by seed
   */
  public record Result(Explorer.Result result, List<Executed> executed) {}

  private final int lanes;
  private final Shard shard;
  private final String server;
  private final IntFunction<ScheduleExecutor> executors;
  private final LaneFactory factory;
  private final ScheduleShrinker shrinker;
  private final Target target;
  private final Path store;
  private final PrintStream log;
  private final LongSupplier nanoClock;
  private int verify;
  private BooleanSupplier stopped = () -> false;

  /**
   * @param server the server's name in {@link Executed} ("reference" or its path)
   * @param executors lane {@code j}'s executor (its own runner: runs of lanes share nothing)
   * @param factory lane {@code j}'s explorer around its (recording) executor
   * @param shrinker shrinks the failure after the lanes finished (with more than one lane)
   */
  public ParallelExplorer(
      int lanes,
      Shard shard,
      String server,
      IntFunction<ScheduleExecutor> executors,
      LaneFactory factory,
      ScheduleShrinker shrinker,
      Target target,
      Path store,
      PrintStream log,
      LongSupplier nanoClock) {
    if (lanes < 1) throw new IllegalArgumentException("--parallel must be at least 1");
    this.lanes = lanes;
    this.shard = shard;
    this.server = server;
    this.executors = executors;
    this.factory = factory;
    this.shrinker = shrinker;
    this.target = target;
    this.store = store;
    this.log = log;
    this.nanoClock = nanoClock;
  }

  /** Replays the shrunk schedule {@code replays} times before writing it (see Explorer). */
  public ParallelExplorer verifying(int replays) {
    this.verify = replays;
    return this;
  }

  /** Starts no further schedule once {@code stop} says so. */
  public ParallelExplorer stoppingWhen(BooleanSupplier stop) {
    this.stopped = stop;
    return this;
  }

  /** Explores schedules {@code 0 .. runs-1} of this shard within {@code budget}. */
  public Result explore(long seed, int runs, Duration budget, boolean shrink) {
    long start = nanoClock.getAsLong();
    List<Executed> executed = new ArrayList<>();
    AtomicBoolean failed = new AtomicBoolean();
    if (lanes == 1) {
      Shard.Lane l = shard.lane(0, 1);
      Explorer.Result r =
          factory
              .explorer(0, recorder(0, seed, start, executed, failed), log)
              .lane(l.offset(), l.step())
              .stoppingWhen(stopped)
              .explore(seed, runs, budget, shrink);
      return new Result(r, sorted(executed));
    }
    AtomicReference<RuntimeException> error = new AtomicReference<>();
    List<Explorer.CoverageSummary> coverage =
        java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int j = 0; j < lanes; j++) {
      Shard.Lane l = shard.lane(j, lanes);
      if (l.runsOf(runs) == 0) continue;
      int lane = j;
      Explorer e =
          factory
              .explorer(
                  lane,
                  recorder(lane, seed, start, executed, failed),
                  PrefixedStream.of(log, "[" + lane + "] "))
              .lane(l.offset(), l.step())
              .stoppingWhen(() -> stopped.getAsBoolean() || failed.get() || error.get() != null);
      Thread t =
          new Thread(
              () -> {
                try {
                  Explorer.CoverageSummary c = e.explore(seed, runs, budget, false).coverage();
                  if (c != null) coverage.add(c);
                } catch (RuntimeException x) {
                  error.compareAndSet(null, x);
                }
              },
              "explore-lane-" + lane);
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
    List<Executed> done = sorted(executed);
    return new Result(merged(done, seed, shrink, whole(coverage)), done);
  }

  /**
   * The coverage of the whole exploration from its lanes' (they share one corpus and one page): the
   * lane that finished last saw the corpus's final count, and each lane's "new" counts from the
   * corpus as it was when the exploration started.
   */
  private static Explorer.CoverageSummary whole(List<Explorer.CoverageSummary> lanes) {
    synchronized (lanes) {
      return lanes.stream()
          .max(
              Comparator.comparingInt(Explorer.CoverageSummary::features)
                  .thenComparingInt(Explorer.CoverageSummary::newFeatures))
          .orElse(null);
    }
  }

  /** Lane {@code lane}'s executor, noting every schedule it ran and whether one failed. */
  private ScheduleExecutor recorder(
      int lane, long seed, long start, List<Executed> executed, AtomicBoolean failed) {
    ScheduleExecutor inner = executors.apply(lane);
    return (schedule, s) -> {
      Outcome o = inner.execute(schedule, s);
      long ms = (nanoClock.getAsLong() - start) / 1_000_000;
      synchronized (executed) {
        executed.add(new Executed(s - seed, s, server, schedule, o, ms));
      }
      if (o.invalid()) failed.set(true);
      return o;
    };
  }

  private Explorer.Result merged(
      List<Executed> done, long seed, boolean shrink, Explorer.CoverageSummary coverage) {
    int valid = (int) done.stream().filter(x -> x.outcome().verdict().equals("valid")).count();
    int invalid = (int) done.stream().filter(x -> x.outcome().invalid()).count();
    int unknown = done.size() - valid - invalid;
    Executed first = done.stream().filter(x -> x.outcome().invalid()).findFirst().orElse(null);
    if (first == null) {
      log.printf("%d schedules ran in %d lanes%n", done.size(), lanes);
      return new Explorer.Result(
          done.size(), valid, unknown, null, -1, null, null, null, null, null, coverage);
    }
    Outcome o = first.outcome();
    double seconds = first.elapsedMs() / 1000.0;
    log.printf(
        "schedule of seed %d failed %s after %.1f s (%d steps)%n",
        first.seed(), o.failed(), seconds, first.schedule().steps().size());
    if (!shrink)
      return new Explorer.Result(
          done.size(),
          valid,
          unknown,
          first.seed(),
          seconds,
          first.schedule(),
          o,
          null,
          null,
          null,
          coverage);
    log.printf("shrinking (the lanes have stopped) ...%n");
    ScheduleShrinker.Result shrunk =
        shrinker.shrink(first.schedule(), first.seed(), ScheduleShrinker.idsOf(o), o);
    shrunk =
        Explorer.verified(shrinker, shrunk, first.seed(), ScheduleShrinker.idsOf(o), verify, log);
    Path file = shrunk.replayFile(store.resolve("explore-" + first.seed()));
    Replay replay = Explorer.replayOf(shrunk, first.seed(), target, file);
    replay.write(file);
    log.printf(
        "shrunk to %d steps in %d candidates (%d runs)%s%nreplay: %s%n",
        shrunk.shrunk().steps().size(),
        shrunk.candidatesTried(),
        shrunk.runs(),
        shrunk.budgetExhausted() ? ", budget exhausted" : "",
        file);
    return new Explorer.Result(
        done.size(),
        valid,
        unknown,
        first.seed(),
        seconds,
        first.schedule(),
        o,
        shrunk,
        replay,
        file,
        coverage);
  }

  private static List<Executed> sorted(List<Executed> executed) {
    synchronized (executed) {
      List<Executed> out = new ArrayList<>(executed);
      out.sort(Comparator.comparingLong(Executed::seed));
      return out;
    }
  }
}
