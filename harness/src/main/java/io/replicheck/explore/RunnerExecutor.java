package io.replicheck.explore;

import io.replicheck.runner.RunResult;
import io.replicheck.runner.RunSpec;
import io.replicheck.runner.Runner;
import io.replicheck.runner.ScheduledFault;
import io.replicheck.runner.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

/** Executes schedules as real runs of {@link Runner}, each stored under {@code store/}. */
public final class RunnerExecutor implements ScheduleExecutor {
  private final Runner runner;
  private final Target target;
  private final Path store;

  public RunnerExecutor(Runner runner, Target target, Path store) {
    this.runner = runner;
    this.target = target;
    this.store = store;
  }

  @Override
  public Outcome execute(Schedule schedule, long seed) {
    RunResult r = runner.run(spec(schedule, seed, target, store));
    // under Sentinel, the writes a failover drops are its known property, not a failure
    return SentinelKnownLoss.outcome(r);
  }

  /** The run spec of a schedule: the schedule's options, the target, and the schedule itself. */
  static RunSpec spec(Schedule s, long seed, Target t, Path store) {
    String nemeses =
        s.faults().isEmpty()
            ? "none"
            : s.faults().stream()
                .map(ScheduledFault::nemesis)
                .distinct()
                .collect(Collectors.joining(","));
    long longest = s.faults().stream().mapToLong(Step::durationMillis).max().orElse(1000);
    boolean external = t.backend().equals("external");
    // external nodes are as many as they are: the schedule's replica count does not apply
    int replicas = external ? t.nodes().size() - 1 : s.replicas();
    return RunSpec.builder()
        .workload(s.workload())
        .nemeses(nemeses)
        .time(Duration.ofMillis(s.timeMillis()))
        .seed(seed)
        .clients(s.clients())
        .replicas(replicas)
        .topology(s.topology())
        .backend(t.backend())
        .server(t.server() == null ? null : Path.of(t.server()))
        .externalNodes(t.nodes())
        .injectBug(t.injectBug())
        .keys(s.keys())
        .valueSize(s.valueSize())
        .opTimeout(Duration.ofMillis(t.opTimeoutMillis()))
        .faultInterval(Duration.ofMillis(4000))
        .faultDuration(Duration.ofMillis(longest))
        .replicaReads(t.replicaReads())
        .store(store)
        .serverArgs(t.serverArgs())
        .schedule(s.toRunSchedule())
        .db(s.db())
        .config(external || s.config() == null ? null : snapshotsBounded(s))
        .shape(s.shape())
        .build();
  }

  /** The longest a drawn per-key snapshot delay makes a snapshot of the schedule's keys last. */
  static final long SLOWED_SNAPSHOT_MICROS = 2_000_000;

  /**
   * The schedule's configuration with {@code rdb-key-save-delay} (a pause after each key a snapshot
   * writes) capped so that a snapshot of the preload and the workload's keys lasts at most {@link
   * #SLOWED_SNAPSHOT_MICROS}: drawn apart from the data shape, the delay would otherwise make a
   * 100,000-key snapshot last minutes.
   */
  static io.replicheck.explore.config.NodeConfig snapshotsBounded(Schedule s) {
    long keys = (long) s.keys() + (s.shape() == null ? 0 : s.shape().preloadKeys());
    return s.config().capped("rdb-key-save-delay", Math.max(1, SLOWED_SNAPSHOT_MICROS / keys));
  }
}
