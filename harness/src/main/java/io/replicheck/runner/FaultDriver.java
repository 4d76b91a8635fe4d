package io.replicheck.runner;

import io.replicheck.cluster.Node;
import io.replicheck.cluster.Role;
import io.replicheck.nemesis.ActiveFault;
import io.replicheck.nemesis.Nemeses;
import io.replicheck.nemesis.Nemesis;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The nemesis of the drive: follows the fixed schedule, or draws faults at random from the plan's
 * nemeses every fault interval. Either way each fault is started and recorded, kept for its
 * duration and healed; a scheduled fault may overlap the faults before it. Those still active when
 * the drive stops are healed at once (by their own thread, or the heal phase).
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
   * Starts each scheduled fault at its offset from the start (a fault with a phase: sooner, when
   * the phase comes), and heals each after its duration on a thread of its own; a fault waits for
   * every fault before it to be healed unless it {@link ScheduledFault#overlaps overlaps} them.
   * Ends early when stopped; what is still active then is healed at once.
   */
  private void scheduled() {
    List<Running> running = new ArrayList<>();
    try {
      for (ScheduledFault step : r.plan.schedule().faults()) {
        Role role = step.target() == null ? null : Role.parse(step.target());
        boolean overlaps = step.overlaps(r.deployment.sentinels() != null);
        // before it, every fault is healed, or those it may not overlap
        for (Running f : running)
          if (!overlaps || !Nemeses.composes(f.nemesis, step.nemesis())) f.await();
        if (r.stop.get()) return;
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
        // (not while an overlapped fault holds the master: a stopped master answers no WAIT)
        if (!r.deployment.held().contains(r.deployment.master()))
          WaitProbe.run(r.deployment, r.faults.get());
        Node focus =
            step.phase() == null
                ? null
                : awaitPhase(step.phase(), role, Math.max(0, step.atMillis() - elapsedMillis()));
        if (r.stop.get()) return;
        Nemesis nemesis = Nemesis.named(step.nemesis());
        // one that would find every node it may hit held (or the master it needs) waits for them
        if (overlaps && !freeNodeFor(nemesis, role))
          for (Running f : running) if (f.holds) f.await();
        if (r.stop.get()) return;
        ActiveFault fault = start(nemesis, new Random(step.seed()), role, focus);
        if (fault == null) continue;
        Thread healer =
            Waits.daemon(
                "heal " + fault.description(),
                () -> {
                  Waits.sleepUnless(r.stop, step.durationMillis());
                  healIfActive(r, fault);
                });
        healer.start();
        running.removeIf(f -> !f.thread.isAlive());
        running.add(
            new Running(step.nemesis(), healer, step.durationMillis(), nemesis.holdsNode()));
      }
    } finally {
      for (Running f : running) f.await();
    }
  }

  /**
   * True unless {@code nemesis} holds the node it hits and every node of {@code role} (any replica
   * when none plays it) is held by an active fault (two faults of one process would undo each
   * other: a restart of a paused master), or it needs the master's answers and the master is held.
   */
  private boolean freeNodeFor(Nemesis nemesis, Role role) {
    var held = r.deployment.held();
    if (held.isEmpty()) return true;
    if (nemesis.needsMasterAnswers() && held.contains(r.deployment.master())) return false;
    if (!nemesis.holdsNode()) return true;
    List<Node> nodes = role == null ? List.of() : r.deployment.nodesOf(role);
    if (nodes.isEmpty()) nodes = r.deployment.replicas();
    return nodes.stream().anyMatch(n -> !held.contains(n));
  }

  /** A started fault's healing thread: done once its fault was healed. */
  private record Running(String nemesis, Thread thread, long durationMillis, boolean holds) {
    /** Waits for the heal: the fault's duration (cut short when stopped) and its heal's bound. */
    void await() {
      try {
        thread.join(durationMillis + DrivePhase.NEMESIS_STEP_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
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

  /** Starts one fault, keeps it {@code durationMillis} (less when stopped), heals it. */
  private void apply(Nemesis nemesis, Random random, Role role, long durationMillis, Node focus) {
    ActiveFault fault = start(nemesis, random, role, focus);
    if (fault == null) return;
    Waits.sleepUnless(r.stop, durationMillis);
    healIfActive(r, fault);
  }

  /**
   * Starts one fault on a node of {@code role} (null: the nemesis's choice; {@code focus}, when not
   * null, the replica it takes if it plays that role), records it as active with the nodes it
   * picked; null when it failed to start (a nemesis error).
   */
  private ActiveFault start(Nemesis nemesis, Random random, Role role, Node focus) {
    synchronized (r.active) {
      try {
        r.history.record("nemesis", "invoke", "start", null, nemesis.name(), null, null);
        ActiveFault fault;
        // a fault that holds its node avoids those other such faults hold (Nemesis.holdsNode)
        boolean holds = nemesis.holdsNode();
        r.deployment.focus(focus);
        r.deployment.starting(holds);
        List<Node> picked;
        try {
          fault = nemesis.start(r.deployment, random, role);
        } finally {
          r.deployment.focus(null);
          picked = r.deployment.started();
        }
        if (holds) r.deployment.hold(fault, picked);
        r.active.add(fault);
        r.faults.incrementAndGet();
        r.fired.add(nemesis.name());
        r.history.record("nemesis", "info", "start", null, fault.description(), null, null);
        return fault;
      } catch (Exception e) {
        r.nemesisErrors.add(nemesis.name() + ": " + e.getMessage());
        r.history.record(
            "nemesis", "info", "start", null, nemesis.name(), null, "failed: " + e.getMessage());
        return null;
      }
    }
  }

  /**
   * Heals {@code fault} unless it was healed already (by its own thread or the heal phase, which
   * may race at the drive's end). Starts and heals take turns (one lock), so each nemesis op's
   * invoke and completion are recorded side by side.
   */
  static void healIfActive(RunContext r, ActiveFault fault) {
    synchronized (r.active) {
      if (!r.active.remove(fault)) return;
      r.deployment.release(fault);
      heal(fault, r.history);
    }
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
