package io.replicheck.runner;

import io.replicheck.cluster.Role;
import io.replicheck.nemesis.ActiveFault;
import io.replicheck.nemesis.Nemesis;
import java.util.List;
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
      long wait = step.atMillis() - (System.nanoTime() - runStart) / 1_000_000;
      if (wait > 0 && !Waits.sleepUnless(r.stop, wait)) return;
      if (r.stop.get()) return;
      Role role = step.target() == null ? null : Role.parse(step.target());
      apply(Nemesis.named(step.nemesis()), new Random(step.seed()), role, step.durationMillis());
    }
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
      // the role it hits, drawn as generated schedules draw it: among those the topology has
      List<Role> present = Role.of(r.deployment.topology(), r.deployment.replicas().size());
      List<Role> roles = nemesis.roles().stream().filter(present::contains).toList();
      Role role = roles.isEmpty() ? null : roles.get(random.nextInt(roles.size()));
      if (r.deployment.sentinels() == null) {
        apply(nemesis, random, role, spec.faultDuration().toMillis());
      } else {
        // under Sentinel each fault draws from a seed of its own, kept for the run's replay.json
        long seed = random.nextLong();
        long at = (System.nanoTime() - runStart) / 1_000_000;
        long duration = spec.faultDuration().toMillis();
        r.applied.add(
            new ScheduledFault(
                nemesis.name(), at, duration, seed, role == null ? null : role.label()));
        apply(nemesis, new Random(seed), role, duration);
      }
    }
  }

  /**
   * Starts one fault on a node of {@code role} (null: the nemesis's choice), keeps it {@code
   * durationMillis} (less when stopped), heals it.
   */
  private void apply(Nemesis nemesis, Random random, Role role, long durationMillis) {
    // P4 around every kind of fault: one WAIT probe just before it starts (nothing changes for it)
    WaitProbe.run(r.deployment, r.faults.get());
    try {
      r.history.record("nemesis", "invoke", "start", null, nemesis.name(), null, null);
      ActiveFault fault = nemesis.start(r.deployment, random, role);
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
