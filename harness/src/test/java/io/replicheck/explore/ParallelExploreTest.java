package io.replicheck.explore;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.cluster.Ports;
import io.replicheck.explore.coverage.Corpus;
import io.replicheck.explore.coverage.CoverageLog;
import io.replicheck.explore.coverage.CoveragePolicy;
import io.replicheck.explore.scale.Executed;
import io.replicheck.explore.scale.MatrixExplorer;
import io.replicheck.explore.scale.ParallelExplorer;
import io.replicheck.explore.scale.Shard;
import io.replicheck.gen.Budget;
import io.replicheck.runner.RunFolders;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * explore --parallel and several --server with fake executors: each lane's runs are real run
 * folders (the runner's own naming) and real ports from {@link Ports}, two runs are in flight at
 * once, and nothing collides.
 */
class ParallelExploreTest {
  @TempDir Path store;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(out, true, StandardCharsets.UTF_8);
  private final Set<Integer> ports = ConcurrentHashMap.newKeySet();
  private final AtomicInteger portsTaken = new AtomicInteger();
  private final Set<String> threads = ConcurrentHashMap.newKeySet();
  private final CyclicBarrier bothInFlight = new CyclicBarrier(2);

  private static boolean twoKills(Schedule s) {
    return s.faults().stream().filter(f -> f.nemesis().equals("kill")).count() >= 2;
  }

  /**
   * A lane's fake runs: each makes its run folder as the runner does, takes a master's, two
   * replicas' and a proxy's ports, and the first run of each lane waits until the other lane's
   * first run is in flight too.
   */
  private ScheduleExecutor lane(Target target, Predicate<Schedule> bug) {
    boolean[] first = {true};
    return (s, seed) -> {
      Path dir = RunFolders.create(RunnerExecutor.spec(s, seed, target, store));
      for (int i = 0; i < 4; i++) {
        ports.add(Ports.freePort());
        portsTaken.incrementAndGet();
      }
      threads.add(Thread.currentThread().getName());
      if (first[0]) {
        first[0] = false;
        try {
          bothInFlight.await(60, TimeUnit.SECONDS); // a bound, not a timing assertion
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
          throw new IllegalStateException("the other lane never ran at the same time", e);
        }
      }
      return bug.test(s)
          ? new Outcome("invalid", Set.of("FS1"), dir, "fake: bug hit")
          : new Outcome("valid", Set.of(), dir, "fake: fine");
    };
  }

  private ParallelExplorer explorer(int lanes, Shard shard, Predicate<Schedule> bug) {
    ScheduleGen gen = new ScheduleGen(ScheduleGen.Options.defaults());
    Target target = Target.reference(null);
    List<ScheduleExecutor> execs = new ArrayList<>();
    for (int i = 0; i < lanes; i++) execs.add(lane(target, bug));
    ScheduleExecutor shrinking = FakeBugs.when(bug::test, "FS1");
    return new ParallelExplorer(
        lanes,
        shard,
        "reference",
        execs::get,
        (lane, exec, laneLog) ->
            new Explorer(
                gen,
                exec,
                new ScheduleShrinker(shrinking, 2, Budget.candidates(500), (n, s, o) -> {}),
                target,
                store,
                laneLog,
                System::nanoTime),
        new ScheduleShrinker(shrinking, 2, Budget.candidates(500), (n, s, o) -> {}),
        target,
        store,
        log,
        System::nanoTime);
  }

  @Test
  void twoLanesRunEverySeedOnceWithDistinctFoldersAndPorts() {
    ParallelExplorer.Result r =
        explorer(2, Shard.ALL, s -> false).explore(100, 10, Duration.ofMinutes(10), true);

    assertThat(r.executed())
        .extracting(Executed::seed)
        .containsExactly(LongStream.range(100, 110).boxed().toArray(Long[]::new));
    assertThat(r.result().schedules()).isEqualTo(10);
    assertThat(r.result().valid()).isEqualTo(10);
    Set<Path> dirs = new HashSet<>();
    for (Executed x : r.executed()) {
      assertThat(x.outcome().dir()).isDirectory().hasParent(store);
      dirs.add(x.outcome().dir());
    }
    assertThat(dirs).hasSize(10);
    assertThat(ports).hasSize(portsTaken.get()).hasSize(40);
    assertThat(threads).containsExactlyInAnyOrder("explore-lane-0", "explore-lane-1");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("[0] schedule", "[1] schedule");
  }

  @Test
  void aFailureStopsTheLanesAndIsShrunkAfterwards() {
    ParallelExplorer.Result r =
        explorer(2, Shard.ALL, ParallelExploreTest::twoKills)
            .explore(100, 200, Duration.ofMinutes(10), true);

    assertThat(r.result().failed()).isTrue();
    long seed = r.result().firstFailureSeed();
    assertThat(r.executed().stream().filter(x -> x.outcome().invalid()).findFirst())
        .get()
        .extracting(Executed::seed)
        .isEqualTo(seed);
    // lanes run at their own pace, so others may have run past the failing seed; none twice
    assertThat(r.executed()).extracting(Executed::seed).doesNotHaveDuplicates();
    assertThat(r.result().schedules()).isEqualTo(r.executed().size()).isLessThan(200);
    assertThat(r.result().replayFile()).exists();
    Replay replay = Replay.read(r.result().replayFile());
    assertThat(replay.seed()).isEqualTo(seed);
    assertThat(replay.schedule().steps()).hasSize(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("shrinking (the lanes have stopped)");
  }

  @Test
  void twoLanesDrawOneExplorePageForTheWholeExploration() throws java.io.IOException {
    ScheduleGen gen = new ScheduleGen(ScheduleGen.Options.defaults());
    Target target = Target.reference(null);
    Corpus corpus = Corpus.open(store, "test");
    CoverageLog shared = new CoverageLog();
    Path page = store.resolve("explore-x").resolve("explore.html");
    List<ScheduleExecutor> execs = List.of(lane(target, s -> false), lane(target, s -> false));
    ParallelExplorer.Result r =
        new ParallelExplorer(
                2,
                Shard.ALL,
                "reference",
                execs::get,
                (lane, exec, laneLog) ->
                    new Explorer(
                            gen,
                            exec,
                            new ScheduleShrinker(exec, 2, Budget.candidates(5), (n, s, o) -> {}),
                            target,
                            store,
                            laneLog,
                            System::nanoTime)
                        .guidedBy(
                            new Explorer.Guidance(
                                corpus,
                                CoveragePolicy.guided(100),
                                new ScheduleStepMutator(gen.options()),
                                // every run shows its own feature: every schedule adds one
                                (s, o) -> Set.of("run " + o.dir().getFileName()),
                                page,
                                "explore test"))
                        .sharingCoverage(shared, lane),
                new ScheduleShrinker(execs.get(0), 2, Budget.candidates(5), (n, s, o) -> {}),
                target,
                store,
                log,
                System::nanoTime)
            .explore(100, 8, Duration.ofMinutes(10), true);

    assertThat(shared.rows()).hasSize(8);
    assertThat(shared.rows())
        .extracting(CoverageLog.Row::schedule)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(shared.rows()).extracting(CoverageLog.Row::lane).containsOnly(0, 1).contains(0, 1);
    assertThat(shared.rows()).extracting(CoverageLog.Row::seen).isSorted().last().isEqualTo(8);
    assertThat(page.getParent()).isDirectoryNotContaining("glob:**explore-lane-*");
    String html = java.nio.file.Files.readString(page);
    assertThat(html).contains("<h2>Lanes</h2>", "8 schedules, 0 invalid; 8 distinct features");
    assertThat(r.result().coverage()).isNotNull();
    assertThat(r.result().coverage().features()).isEqualTo(8);
    assertThat(r.result().coverage().page()).isEqualTo(page);
  }

  @Test
  void aShardInTwoLanesRunsExactlyItsSeeds() {
    ParallelExplorer.Result r =
        explorer(2, new Shard(1, 3), s -> false).explore(100, 20, Duration.ofMinutes(10), true);
    assertThat(r.executed())
        .extracting(Executed::seed)
        .containsExactly(101L, 104L, 107L, 110L, 113L, 116L, 119L);
    assertThat(r.executed()).extracting(Executed::index).allMatch(k -> k % 3 == 1);
  }

  @Test
  void theSameSeedOnTwoServersAtOnceGetsTwoFolders() {
    ScheduleGen gen = new ScheduleGen(ScheduleGen.Options.defaults());
    Target a = Target.reference(null);
    Target b = new Target("/usr/bin/redis-server", null, "process", List.of(), 2000, true);
    List<ScheduleExecutor> lanes = List.of(lane(a, s -> false), lane(b, s -> false));
    List<Executed> done =
        new MatrixExplorer(
                gen,
                List.of("reference", "/usr/bin/redis-server"),
                2,
                Shard.ALL,
                (lane, server) -> lanes.get(lane),
                log,
                System::nanoTime)
            .explore(7, 3, Duration.ofMinutes(10));
    assertThat(done).hasSize(6);
    assertThat(done).extracting(Executed::seed).containsExactly(7L, 7L, 8L, 8L, 9L, 9L);
    assertThat(done.stream().map(x -> x.outcome().dir()).distinct()).hasSize(6);
    // the same schedule on both servers
    assertThat(done.get(0).schedule()).isEqualTo(done.get(1).schedule());
  }
}
