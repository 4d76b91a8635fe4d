package io.replicheck.explore;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.explore.coverage.ScheduleMutator.Operator;
import io.replicheck.runner.ScheduledFault;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScheduleStepMutatorTest {
  private final ScheduleGen gen = new ScheduleGen(ScheduleGen.Options.defaults());
  private final ScheduleStepMutator mutator = new ScheduleStepMutator(gen.options());

  @Test
  void everyOperatorKeepsEveryScheduleValid() {
    int applied[] = new int[Operator.values().length];
    for (long seed = 0; seed < 300; seed++) {
      Schedule s = gen.generate(seed);
      SplittableRandom r = new SplittableRandom(seed);
      // stacked, as the policy does: each result is mutated again
      for (int step = 0; step < 12; step++) {
        Operator op = Operator.values()[r.nextInt(Operator.values().length)];
        Optional<Schedule> m = mutator.apply(op, s, r);
        if (m.isEmpty()) continue;
        applied[op.ordinal()]++;
        Schedule next = m.get();
        try {
          next.validate(); // throws on overlapping faults, steps past the end, bad sizes
        } catch (IllegalArgumentException e) {
          throw new AssertionError(op + " of " + s + " gave " + next + ": " + e.getMessage(), e);
        }
        assertThat(next).as("%s changes the schedule", op).isNotEqualTo(s);
        assertThat(next.faults()).hasSizeLessThanOrEqualTo(gen.options().maxFaults());
        for (ScheduledFault f : next.faults()) {
          assertThat(f.durationMillis()).isGreaterThanOrEqualTo(100);
          assertThat(f.endMillis()).isLessThanOrEqualTo(next.timeMillis());
        }
        assertThat(next.keys()).isBetween(1, gen.options().maxKeys());
        assertThat(next.valueSize()).isBetween(1, Math.max(100, gen.options().maxValueSize()));
        s = next;
      }
    }
    // every operator applied many times, but reconfigure (no config seam plugged in), reshape (no
    // shapes drawn) and splice (it takes two schedules)
    for (Operator op : Operator.values()) {
      if (op == Operator.RECONFIGURE
          || op == Operator.RESHAPE
          || op == Operator.SPLICE
          || op == Operator.CROSS_FRESH) assertThat(applied[op.ordinal()]).as(op.label()).isZero();
      else assertThat(applied[op.ordinal()]).as(op.label()).isGreaterThan(50);
    }
  }

  @Test
  void theSameRandomSeedGivesTheSameMutation() {
    for (long seed = 0; seed < 50; seed++) {
      Schedule s = gen.generate(seed);
      for (Operator op : Operator.values()) {
        assertThat(mutator.apply(op, s, new SplittableRandom(seed * 31 + op.ordinal())))
            .isEqualTo(mutator.apply(op, s, new SplittableRandom(seed * 31 + op.ordinal())));
      }
    }
  }

  @Test
  void operatorsDoWhatTheirNamesSay() {
    Schedule s =
        new Schedule(
            "bulk",
            1,
            2,
            "star",
            3,
            10,
            10_000,
            List.of(
                new ScheduledFault("kill", 1000, 2000, 7),
                new ScheduledFault("partition", 4000, 1000, 9)));
    SplittableRandom r = new SplittableRandom(1);
    assertThat(mutator.dropFault(s, r).orElseThrow().faults()).hasSize(1);
    assertThat(mutator.addFault(s, r).orElseThrow().faults()).hasSize(3);
    Schedule retargeted = mutator.retarget(s, r).orElseThrow();
    assertThat(retargeted.faults())
        .extracting(ScheduledFault::nemesis)
        .containsExactly("kill", "partition");
    assertThat(retargeted.faults())
        .extracting(ScheduledFault::atMillis)
        .containsExactly(1000L, 4000L);
    assertThat(retargeted.faults()).extracting(ScheduledFault::seed).isNotEqualTo(List.of(7L, 9L));
    Schedule moved = mutator.moveFault(s, r).orElseThrow();
    assertThat(moved.faults())
        .extracting(ScheduledFault::nemesis)
        .containsExactly("kill", "partition");
    // a move changes a fault's time, or (now and then) the replication phase it waits for
    java.util.Set<String> phases = new java.util.TreeSet<>();
    for (int i = 0; i < 60; i++) {
      mutator
          .moveFault(s, r)
          .ifPresent(m -> m.faults().forEach(f -> phases.add(String.valueOf(f.after()))));
    }
    assertThat(phases).containsExactlyInAnyOrder("null", "link-down", "full-sync");
    Schedule resized = mutator.resizeValues(s, r).orElseThrow();
    assertThat(resized.keys() != 3 || resized.valueSize() != 10).isTrue();
    assertThat(mutator.reconfigure(s, r)).isEmpty();
  }

  @Test
  void whatCannotApplyIsEmpty() {
    Schedule one =
        new Schedule(
            "register",
            1,
            1,
            "star",
            1,
            100,
            3000,
            List.of(new ScheduledFault("kill", 1000, 1500, 1)));
    ScheduleStepMutator tight = new ScheduleStepMutator(gen.options().withLimits(1, 1));
    SplittableRandom r = new SplittableRandom(3);
    assertThat(tight.dropFault(one, r)).as("the last fault stays").isEmpty();
    assertThat(tight.addFault(one, r)).as("no room for another 1 s fault").isEmpty();
    assertThat(tight.resizeValues(one, r)).as("one key, no values to size").isEmpty();
    Schedule none = one.withSteps(List.of());
    assertThat(tight.moveFault(none, r)).isEmpty();
    assertThat(tight.retarget(none, r)).isEmpty();
  }

  @Test
  void configAndShapeAreMutatedToo() {
    ScheduleGen drawing = gen.drawing(io.replicheck.explore.config.ConfigSpace.redis70(), true);
    ScheduleStepMutator m =
        new ScheduleStepMutator(drawing.options())
            .reconfiguringFrom(io.replicheck.explore.config.ConfigSpace.redis70());
    int reconfigured = 0;
    int reshaped = 0;
    for (long seed = 0; seed < 100; seed++) {
      Schedule s = drawing.generate(seed);
      // not the schedule's own seed: the same stream would draw the same config and shape again
      SplittableRandom r = new SplittableRandom(seed * 7919 + 1);
      Optional<Schedule> c = m.reconfigure(s, r);
      if (c.isPresent()) {
        reconfigured++;
        c.get().validate();
        assertThat(c.get().config()).isNotEqualTo(s.config());
        assertThat(c.get().config().admissible()).isTrue();
        // one directive changed: the rest of the schedule is the same
        assertThat(c.get().withConfig(s.config())).isEqualTo(s);
      }
      Optional<Schedule> d = m.reshape(s, r);
      if (d.isPresent()) {
        reshaped++;
        d.get().validate();
        assertThat(d.get().shape()).isNotEqualTo(s.shape());
        assertThat(d.get().steps()).isEqualTo(s.steps());
      }
    }
    // a directive drawn to the value it had, or an inadmissible pair, changes nothing: empty
    assertThat(reconfigured).isGreaterThan(70);
    assertThat(reshaped).isGreaterThan(80);
  }

  @Test
  void reshapeMostlyChangesOnePartOfTheShape() {
    ScheduleGen drawing = gen.drawing(io.replicheck.explore.config.ConfigSpace.redis70(), true);
    ScheduleStepMutator m = new ScheduleStepMutator(drawing.options());
    int onePart = 0, changed = 0;
    for (long seed = 0; seed < 200; seed++) {
      Schedule s = drawing.generate(seed);
      Optional<Schedule> d = m.reshape(s, new SplittableRandom(seed * 31 + 5));
      if (d.isEmpty()) continue;
      changed++;
      var a = s.shape();
      var b = d.get().shape();
      int parts =
          (a.maxValueBytes() != b.maxValueBytes() ? 1 : 0)
              + (a.preloadKeys() != b.preloadKeys()
                      || a.preloadValueBytes() != b.preloadValueBytes()
                  ? 1
                  : 0)
              + (!a.rate().equals(b.rate()) ? 1 : 0)
              + (a.db() != b.db() ? 1 : 0);
      if (parts == 1) onePart++;
      // the config and the timeline stay: the neighbourhood of the entry
      assertThat(d.get().config()).isEqualTo(s.config());
      assertThat(d.get().steps()).isEqualTo(s.steps());
    }
    // four in five change one part (a whole new shape the fifth time)
    assertThat(changed).isGreaterThan(150);
    assertThat(onePart).isGreaterThan(changed / 2);
  }

  @Test
  void reworkDrawsAnotherWorkloadOrClientCountAndKeepsTheRest() {
    ScheduleGen drawing = gen.drawing(io.replicheck.explore.config.ConfigSpace.redis70(), true);
    ScheduleStepMutator m = new ScheduleStepMutator(drawing.options());
    int workloads = 0, clients = 0;
    for (long seed = 0; seed < 200; seed++) {
      Schedule s = drawing.generate(seed);
      Schedule w = m.rework(s, new SplittableRandom(seed)).orElseThrow();
      w.validate();
      assertThat(w).isNotEqualTo(s);
      assertThat(w.faults()).isEqualTo(s.faults());
      assertThat(w.config()).isEqualTo(s.config());
      assertThat(w.shape()).isEqualTo(s.shape());
      assertThat(w.topology()).isEqualTo(s.topology());
      if (!w.workload().equals(s.workload())) {
        workloads++;
        assertThat(w.clients()).isEqualTo(s.clients());
        if (w.workload().equals("bulk"))
          assertThat((long) w.valueSize()).isEqualTo(s.shape().maxValueBytes());
        else assertThat(w.valueSize()).isEqualTo(100);
      } else {
        clients++;
        assertThat(w.clients()).isNotEqualTo(s.clients()).isBetween(1, 4);
        // every client has a window, no window names a client that is not there
        for (int c = 0; c < w.clients(); c++) {
          int client = c;
          assertThat(w.ops()).anyMatch(o -> o.client() == client);
        }
        assertThat(w.ops()).allMatch(o -> o.client() < w.clients());
      }
    }
    assertThat(workloads).isGreaterThan(60);
    assertThat(clients).isGreaterThan(60);
    ScheduleStepMutator single =
        new ScheduleStepMutator(gen.options().withWorkloads(List.of("register")).withLimits(1, 3));
    assertThat(
            single.rework(
                gen.generate(1).withClients(1).withWorkload("register", 100),
                new SplittableRandom(1)))
        .as("one workload, one client: nothing to rework")
        .isEmpty();
  }

  @Test
  void retopologyKeepsEveryFaultOnARoleTheNewTopologyHas() {
    for (long seed = 0; seed < 200; seed++) {
      Schedule s = gen.generate(seed);
      Optional<Schedule> t = mutator.retopology(s, new SplittableRandom(seed));
      if (t.isEmpty()) continue;
      Schedule n = t.get();
      n.validate();
      assertThat(n.topology() + n.replicas()).isNotEqualTo(s.topology() + s.replicas());
      var present =
          io.replicheck.cluster.Role.of(
              io.replicheck.cluster.Topology.parse(n.topology()), n.replicas());
      for (ScheduledFault f : n.faults())
        if (f.target() != null)
          assertThat(present).contains(io.replicheck.cluster.Role.parse(f.target()));
    }
  }

  @Test
  void spliceTakesTheFirstTimelineUpToACutAndTheSecondAfterIt() {
    int spliced = 0;
    for (long seed = 0; seed < 200; seed++) {
      Schedule a = gen.generate(seed);
      Schedule b = gen.generate(seed + 1000);
      Optional<Schedule> x = mutator.splice(a, b, new SplittableRandom(seed));
      if (x.isEmpty()) continue;
      spliced++;
      Schedule s = x.get();
      s.validate();
      assertThat(s).isNotEqualTo(a);
      assertThat(s.workload()).isEqualTo(a.workload());
      assertThat(s.topology()).isEqualTo(a.topology());
      assertThat(s.faults()).isNotEmpty().hasSizeLessThanOrEqualTo(gen.options().maxFaults());
      // every fault comes from a, or is one of b's (perhaps re-aimed) at its own time
      for (ScheduledFault f : s.faults()) {
        boolean fromA = a.faults().contains(f);
        boolean fromB =
            b.faults().stream()
                .anyMatch(
                    g ->
                        g.nemesis().equals(f.nemesis())
                            && g.atMillis() == f.atMillis()
                            && g.durationMillis() == f.durationMillis());
        assertThat(fromA || fromB).as("%s", f).isTrue();
      }
    }
    assertThat(spliced).isGreaterThan(50);
  }

  @Test
  void reconfigureIsTheSeamTheNodeConfigPlugsInto() {
    Schedule s = gen.generate(5);
    List<Schedule> seen = new ArrayList<>();
    ScheduleStepMutator withConfig =
        mutator.reconfiguringWith(
            (schedule, random) -> {
              seen.add(schedule);
              return Optional.of(schedule.withDb(random.nextInt(1, 16)));
            });
    Schedule m = withConfig.apply(Operator.RECONFIGURE, s, new SplittableRandom(2)).orElseThrow();
    assertThat(seen).containsExactly(s);
    assertThat(m.db()).isBetween(1, 15);
  }

  @Test
  void trimCutsTheRunAfterTheLastFaultAndCutsOpWindowsToFit() {
    Schedule s =
        new Schedule(
            "list-append",
            2,
            2,
            "star",
            3,
            10,
            10_000,
            List.of(
                new io.replicheck.runner.OpWindow(0, 0, 10_000, 10),
                new ScheduledFault("kill", 1000, 2000, 7),
                new io.replicheck.runner.OpWindow(1, 8000, 2000, 10),
                new ScheduledFault("partition", 4000, 1000, 9)));
    java.util.Set<Long> lengths = new java.util.TreeSet<>();
    for (long seed = 0; seed < 200; seed++) {
      Schedule t = mutator.trim(s, new SplittableRandom(seed)).orElseThrow();
      t.validate();
      lengths.add(t.timeMillis());
      // at least a second of writes after the last fault heals (5 s), at least half a second cut
      assertThat(t.timeMillis()).isBetween(6000L, 9500L);
      assertThat(t.timeMillis() % 100).isZero();
      assertThat(t.faults()).isEqualTo(s.faults());
      assertThat(t.ops().get(0).endMillis()).isEqualTo(t.timeMillis());
      // client 1's window opens at 8 s: cut to fit, or gone when the run ends before it
      assertThat(t.ops()).hasSize(t.timeMillis() > 8000 ? 2 : 1);
    }
    assertThat(lengths).hasSizeGreaterThan(10); // drawn, not always the shortest
    // nothing to cut: the last fault heals a second before the end
    Schedule full =
        s.withSteps(
            List.of(
                new io.replicheck.runner.OpWindow(0, 0, 10_000, 10),
                new ScheduledFault("kill", 1000, 8500, 7)));
    assertThat(mutator.trim(full, new SplittableRandom(1))).isEmpty();
    // a run whose only writes start late is not cut to a run without writes
    Schedule late =
        s.withSteps(
            List.of(
                new io.replicheck.runner.OpWindow(0, 9000, 1000, 10),
                new ScheduledFault("kill", 1000, 1000, 7)));
    for (long seed = 0; seed < 50; seed++) {
      mutator
          .trim(late, new SplittableRandom(seed))
          .ifPresent(t -> assertThat(t.ops()).isNotEmpty());
    }
  }
}
