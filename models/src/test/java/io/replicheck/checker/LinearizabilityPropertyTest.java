package io.replicheck.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.replicheck.gen.Property;
import io.replicheck.gen.PropertyFailure;
import io.replicheck.history.History;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The checker against simulated real executions of every model, with the project's gen engine. */
class LinearizabilityPropertyTest {

  private static final SearchBudget BUDGET =
      SearchBudget.defaults().withTimeLimit(Duration.ofSeconds(20));

  static List<SimWorkload> workloads() {
    return SimWorkload.all();
  }

  static CheckResult check(SimWorkload w, History h) {
    return LinearizabilityChecker.check(w.model(), h, BUDGET);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workloads")
  void realExecutionsAreLinearizable(SimWorkload w) {
    Property.forAll(ConcurrentSim.plan(40))
        .tries(80)
        .seed(0xC0FFEE + w.modelName.hashCode())
        .checkThat(
            plan -> {
              History h = ConcurrentSim.simulate(w, plan);
              CheckResult r = check(w, h);
              assertThat(r.verdict()).as("%s on %s", w, h.events()).isEqualTo(Verdict.VALID);
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workloads")
  void aResultNoOrderExplainsIsCaught(SimWorkload w) {
    AtomicInteger mutated = new AtomicInteger();
    Property.forAll(ConcurrentSim.plan(40))
        .tries(80)
        .seed(0xBAD + w.modelName.hashCode())
        .checkThat(
            plan -> {
              Optional<History> bad = ConcurrentSim.mutate(w, ConcurrentSim.simulate(w, plan));
              if (bad.isPresent()) {
                mutated.incrementAndGet();
                CheckResult r = check(w, bad.get());
                assertThat(r.verdict())
                    .as("%s on %s", w, bad.get().events())
                    .isEqualTo(Verdict.INVALID);
                assertThat(r.counterexample()).isNotNull();
              }
            });
    // the property must not hold vacuously
    assertThat(mutated.get()).as("histories that could be mutated").isGreaterThanOrEqualTo(5);
  }

  /**
   * Histories with results swapped between ops (so some are linearizable and some not): the
   * optimized search (per key, pruned, symmetric unknown ops, memoized) agrees with trying every
   * order.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("workloads")
  void agreesWithBruteForceOnPerturbedHistories(SimWorkload w) {
    AtomicInteger valid = new AtomicInteger();
    AtomicInteger invalid = new AtomicInteger();
    Property.forAll(
            ConcurrentSim.plan(9)
                .flatMap(
                    plan ->
                        io.replicheck.gen.Gen.choose(0, 1_000_000)
                            .map(seed -> java.util.Map.entry(plan, seed))))
        .tries(150)
        .seed(0xB2 + w.modelName.hashCode())
        .checkThat(
            c -> {
              History h =
                  ConcurrentSim.perturb(w, ConcurrentSim.simulate(w, c.getKey()), c.getValue());
              boolean expected = BruteForce.linearizable(w.model(), h);
              (expected ? valid : invalid).incrementAndGet();
              assertThat(check(w, h).verdict())
                  .as("%s on %s", w, h.events())
                  .isEqualTo(expected ? Verdict.VALID : Verdict.INVALID);
            });
    assertThat(valid.get()).as("linearizable cases").isPositive();
    assertThat(invalid.get()).as("non-linearizable cases").isPositive();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workloads")
  void longExecutionsWithManyUnknownOpsAreDecided(SimWorkload w) {
    Property.forAll(ConcurrentSim.plan(300))
        .tries(3)
        .maxSize(300)
        .seed(0x10_000 + w.modelName.hashCode())
        .checkThat(
            plan -> {
              History h = ConcurrentSim.simulate(w, plan);
              assertThat(check(w, h).verdict())
                  .as("%s, %d ops", w, h.ops().size())
                  .isEqualTo(Verdict.VALID);
              ConcurrentSim.mutate(w, h)
                  .ifPresent(bad -> assertThat(check(w, bad).verdict()).isEqualTo(Verdict.INVALID));
            });
  }

  @Test
  void aFailingHistoryShrinksToASmallOne() {
    SimWorkload w = new SimWorkload.Register();
    try {
      Property.forAll(ConcurrentSim.plan(60))
          .tries(50)
          .seed(7)
          .checkThat(
              plan -> {
                Optional<History> bad = ConcurrentSim.mutate(w, ConcurrentSim.simulate(w, plan));
                bad.ifPresent(h -> assertThat(check(w, h).verdict()).isEqualTo(Verdict.VALID));
              });
      fail("the property should fail: a mutated read is not linearizable");
    } catch (PropertyFailure e) {
      @SuppressWarnings("unchecked")
      List<List<Long>> original = (List<List<Long>>) e.result().original();
      @SuppressWarnings("unchecked")
      List<List<Long>> shrunk = (List<List<Long>>) e.result().shrunk();
      History small = ConcurrentSim.mutate(w, ConcurrentSim.simulate(w, shrunk)).orElseThrow();
      assertThat(shrunk.size()).isLessThan(original.size());
      // one read of a value nobody wrote is the smallest counterexample
      assertThat(small.ops()).hasSizeLessThanOrEqualTo(2);
      assertThat(check(w, small).verdict()).isEqualTo(Verdict.INVALID);
    }
  }

  @Test
  void theSimulatorProducesConcurrencyAndUnknownOutcomes() {
    SimWorkload w = new SimWorkload.Register();
    History h = ConcurrentSim.simulate(w, ConcurrentSim.plan(40).sample(3, 40));
    assertThat(h.ops()).isNotEmpty();
    boolean overlap =
        h.ops().stream()
            .anyMatch(
                a ->
                    h.ops().stream()
                        .anyMatch(
                            b ->
                                a != b
                                    && a.invokePos() < b.invokePos()
                                    && b.invokePos() < a.completionPos()));
    assertThat(overlap).isTrue();
    // across a few seeds, some ops end in info and some fail
    long unknown = 0;
    long failed = 0;
    for (long seed = 0; seed < 10; seed++) {
      History x = ConcurrentSim.simulate(w, ConcurrentSim.plan(40).sample(seed, 40));
      unknown += x.ops().stream().filter(o -> o.isUnknown()).count();
      failed += x.ops().stream().filter(o -> o.isFail()).count();
    }
    assertThat(unknown).isPositive();
    assertThat(failed).isPositive();
  }
}
