package io.replicheck.runner;

import io.replicheck.cluster.Node;
import io.replicheck.cluster.Role;
import io.replicheck.nemesis.ActiveFault;
import io.replicheck.nemesis.Nemesis;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The nemesis of the drive: follows the fixed schedule, or draws faults at random from the plan's
 * nemeses every fault interval. Either way each fault is started, recorded, kept for its duration
 * and healed by {@link #apply}; the one still active when the drive stops is left for the heal
 * phase.
 */
final class FaultDriver implements Runnable {
  private final RunContext r;
  private final long runStart;

  FaultDriver(RunContext r, long runStart) {
    this.r = r;
    this.runStart = runStart;
  }

  @Override
  public void run() {
    if (r.plan.schedule() != null) {
      scheduled();
    } else if (!r.plan.nemeses().isEmpty()) {
      random();
    }
  }

  /**
   * Starts and heals each scheduled fault at its offset from the start; ends early when stopped.
   */
  private void scheduled() {
    for (ScheduledFault step : r.plan.schedule().faults()) {
      Role role = step.target() == null ? null : Role.parse(step.target());
      if (step.phase() == null) {
        long wait = step.atMillis() - elapsedMillis();
        if (wait > 0 && !Waits.sleepUnless(r.stop, wait)) return;
        if (r.stop.get()) return;
      }
      // P4 around every kind of fault: one WAIT probe before it starts (nothing changes for it).
      // A fault with a phase runs it before its watch, so that the WAIT does not delay the fault
      // past the phase; the watch runs from the last fault's heal (the phases a fault leaves
      // behind, a reconnection or a full sync, come right after it) until the fault's own time:
      // the phase can only bring the fault forward, so a phase that does not come costs nothing
      WaitProbe.run(r.deployment, r.faults.get());
      Node focus =
          step.phase() == null
              ? null
              : awaitPhase(step.phase(), role, Math.max(0, step.atMillis() - elapsedMillis()));
      if (r.stop.get()) return;
      apply(
          Nemesis.named(step.nemesis()),
          new Random(step.seed()),
          role,
          step.durationMillis(),
          focus);
    }
  }

  private long elapsedMillis() {
    return (System.nanoTime() - runStart) / 1_000_000;
  }

  /**
   * Waits (at most {@code boundMillis}; 0: one look) for a replica the fault may hit to be in
   * {@code phase}: those of its role, or every replica when it is aimed at the master or at no
   * role. Recorded in the history as a nemesis op {@code phase}, so the report shows the wait. The
   * replica seen, or null.
   */
  private Node awaitPhase(ReplicationPhase phase, Role role, long boundMillis) {
    List<Node> watched =
        role == null || role == Role.MASTER ? r.deployment.replicas() : r.deployment.nodesOf(role);
    if (watched.isEmpty()) watched = r.deployment.replicas();
    r.history.record("nemesis", "invoke", "phase", null, phase.label(), null, null);
    Optional<PhaseWatch.Seen> seen = PhaseWatch.awaitLive(phase, watched, boundMillis, r.stop::get);
    r.history.record(
        "nemesis",
        "info",
        "phase",
        null,
        seen.map(
                x -> phase.label() + " on " + x.node().name() + " after " + x.afterMillis() + " ms")
            .orElse(phase.label() + " not seen within " + boundMillis + " ms"),
        null,
        null);
    return seen.map(PhaseWatch.Seen::node).orElse(null);
  }

  /** A fault of a random nemesis on a random role every jittered interval, until stopped. */
  private void random() {
    RunSpec spec = r.plan.spec();
    List<Nemesis> nemeses = r.plan.nemeses();
    Random random = new Random(spec.seed() ^ 0x6e656d65736973L);
    long interval = spec.faultInterval().toMillis();
    while (!r.stop.get()) {
      if (!Waits.sleepUnless(r.stop, interval / 2 + random.nextInt((int) Math.max(1, interval))))
        return;
      Nemesis nemesis = nemeses.get(random.nextInt(nemeses.size()));
      WaitProbe.run(r.deployment, r.faults.get());
      // the role it hits, drawn as generated schedules draw it: among those the topology has
      List<Role> present = Role.of(r.deployment.topology(), r.deployment.replicas().size());
      List<Role> roles = nemesis.roles().stream().filter(present::contains).toList();
      Role role = roles.isEmpty() ? null : roles.get(random.nextInt(roles.size()));
      if (r.deployment.sentinels() == null) {
        apply(nemesis, random, role, spec.faultDuration().toMillis(), null);
      } else {
        // under Sentinel each fault draws from a seed of its own, kept for the run's replay.json
        long seed = random.nextLong();
        long at = (System.nanoTime() - runStart) / 1_000_000;
        long duration = spec.faultDuration().toMillis();
        r.applied.add(
            new ScheduledFault(
                nemesis.name(), at, duration, seed, role == null ? null : role.label()));
        apply(nemesis, new Random(seed), role, duration, null);
      }
    }
  }

  /**
   * Starts one fault on a node of {@code role} (null: the nemesis's choice; {@code focus}, when not
   * null, the replica it takes if it plays that role), keeps it {@code durationMillis} (less when
   * stopped), heals it.
   */
  private void apply(Nemesis nemesis, Random random, Role role, long durationMillis, Node focus) {
    try {
      r.history.record("nemesis", "invoke", "start", null, nemesis.name(), null, null);
      ActiveFault fault;
      r.deployment.focus(focus);
      try {
        fault = nemesis.start(r.deployment, random, role);
      } finally {
        r.deployment.focus(null);
      }
      r.active.set(fault);
      r.faults.incrementAndGet();
      r.fired.add(nemesis.name());
      r.history.record("nemesis", "info", "start", null, fault.description(), null, null);
    } catch (Exception e) {
      r.nemesisErrors.add(nemesis.name() + ": " + e.getMessage());
      r.history.record(
          "nemesis", "info", "start", null, nemesis.name(), null, "failed: " + e.getMessage());
      return;
    }
    Waits.sleepUnless(r.stop, durationMillis);
    ActiveFault f = r.active.getAndSet(null);
    if (f != null) heal(f, r.history);
  }

  /** Heals a fault, recording the stop and whether healing failed. */
  static void heal(ActiveFault fault, HistoryRecorder history) {
    history.record("nemesis", "invoke", "stop", null, fault.description(), null, null);
    try {
      fault.heal();
      history.record("nemesis", "info", "stop", null, fault.description(), null, null);
    } catch (Exception e) {
      history.record(
          "nemesis",
          "info",
          "stop",
          null,
          fault.description(),
          null,
          "heal failed: " + e.getMessage());
    }
  }
}
