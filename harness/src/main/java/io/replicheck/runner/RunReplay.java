package io.replicheck.runner;

import io.replicheck.checker.Verdict;
import io.replicheck.explore.Replay;
import io.replicheck.explore.Schedule;
import io.replicheck.explore.Target;
import io.replicheck.invariant.InvariantResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The replay.json of a run driven by the random nemesis loop ({@code --topology sentinel}): the
 * faults as they were applied (nemesis, start, duration, the seed that picked their target), every
 * client running the whole time, and the run's server and options, so {@code replicheck replay}
 * runs the same topology through the same faults at the same offsets. What the clients do is the
 * schedule's mix (a share of reads), not the random loop's exact ops.
 */
public final class RunReplay {
  /** The share of reads of each client's op window. */
  static final int READ_PERCENT = 20;

  private RunReplay() {}

  static Path write(RunContext r, RunResult result) {
    RunSpec spec = r.plan.spec();
    Replay replay = of(spec, r.applied, result.invariants());
    Path file = r.dir.resolve("replay.json");
    Replay withCommand =
        new Replay(
            replay.version(),
            replay.seed(),
            replay.schedule(),
            replay.target(),
            replay.failed(),
            Replay.commandFor(file),
            null);
    return withCommand.write(file);
  }

  /** The replay of {@code spec} with the faults {@code applied}, failed as {@code results} say. */
  public static Replay of(
      RunSpec spec, List<ScheduledFault> applied, List<InvariantResult> results) {
    long time = spec.time().toMillis();
    List<Step> steps = new ArrayList<>();
    for (int c = 0; c < spec.clients(); c++) steps.add(new OpWindow(c, 0, time, READ_PERCENT));
    for (ScheduledFault f : applied) {
      // the fault still active when the drive stopped was healed by the heal phase, at its end
      if (f.atMillis() >= time) continue;
      steps.add(f.lasting(Math.max(1, Math.min(f.durationMillis(), time - f.atMillis()))));
    }
    Schedule schedule =
        new Schedule(
            spec.workload(),
            spec.clients(),
            spec.replicas(),
            spec.topology(),
            spec.keys(),
            spec.valueSize(),
            time,
            steps,
            spec.db(),
            spec.config(),
            spec.shape());
    Target target =
        new Target(
            spec.server() == null ? null : spec.server().toString(),
            spec.injectBug(),
            spec.backend(),
            spec.serverArgs(),
            spec.opTimeout().toMillis(),
            spec.replicaReads(),
            spec.externalNodes());
    List<String> failed =
        results.stream()
            .filter(i -> i.verdict() == Verdict.INVALID)
            .map(InvariantResult::id)
            .distinct()
            .toList();
    return new Replay(Replay.VERSION, spec.seed(), schedule.validate(), target, failed, null, null);
  }
}
