package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicheck.checker.Verdict;
import io.replicheck.invariant.InvariantResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history-only checks on their own thread: results as the check phase would have judged. */
class HistoryChecksTest {

  @TempDir Path store;

  private RunContext context() {
    RunSpec spec = RunPlanTest.spec("register", "none", store);
    return new RunContext(
        RunPlan.of(spec), RunStore.create(spec), new Closer(), Progress.silent(), null);
  }

  private static Check check(String id, boolean historyOnly, Check.Judge judge) {
    return new Check(List.of(id), "check " + id, p -> true, judge, historyOnly);
  }

  @Test
  void onlyHistoryChecksRunThereAndTheirResultsAreTheJudgesOwn() throws Exception {
    RunContext r = context();
    AtomicReference<String> thread = new AtomicReference<>();
    Check p3 =
        check(
            "P3",
            true,
            run -> {
              thread.set(Thread.currentThread().getName());
              return List.of(InvariantResult.valid("P3", "linearizable", "ok"));
            });
    Check fs1 = check("FS1", false, run -> List.of(InvariantResult.valid("FS1", "equal", "equal")));
    HistoryChecks h = HistoryChecks.start(List.of(p3, fs1), r);
    assertThat(h.runs(p3)).isTrue();
    assertThat(h.runs(fs1)).isFalse();
    assertThat(h.results(p3)).extracting(InvariantResult::id).containsExactly("P3");
    assertThat(thread.get()).isEqualTo("replicheck-history-checks");
    assertThat(h.took()).isNotNull();
  }

  @Test
  void theCheckPhaseWaitsForACheckStillRunning() throws Exception {
    RunContext r = context();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Check slow =
        check(
            "P2",
            true,
            run -> {
              started.countDown();
              release.await();
              return List.of(InvariantResult.invalid("P2", "monotonic", "went back", List.of()));
            });
    HistoryChecks h = HistoryChecks.start(List.of(slow), r);
    started.await();
    release.countDown();
    assertThat(h.results(slow))
        .extracting(InvariantResult::verdict)
        .containsExactly(Verdict.INVALID);
  }

  @Test
  @org.junit.jupiter.api.Timeout(120) // a hang guard: without the stop it would wait 30 min
  void aSignalWhileTheCheckPhaseWaitsEndsTheWaitWithUnknown() throws Exception {
    RunContext r = context();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    Check slow =
        check(
            "P3",
            true,
            run -> {
              started.countDown();
              never.await(); // a long P3; the cancel interrupts it
              return List.of(InvariantResult.valid("P3", "linearizable", "ok"));
            });
    r.historyChecks = HistoryChecks.start(List.of(slow), r);
    started.await();
    Thread signal =
        new Thread(
            () -> {
              try {
                Thread.sleep(100); // the check phase is waiting in results() by then, or soon
              } catch (InterruptedException e) {
                return;
              }
              r.abort("SIGTERM received");
            });
    signal.start();
    List<InvariantResult> results = r.historyChecks.results(slow);
    signal.join();
    assertThat(results).extracting(InvariantResult::verdict).containsExactly(Verdict.UNKNOWN);
    assertThat(results.get(0).reason()).contains("SIGTERM received");
  }

  @Test
  void aChecksExceptionReachesTheCheckPhaseAsItself() {
    RunContext r = context();
    Check broken =
        check(
            "P3",
            true,
            run -> {
              throw new IllegalStateException("cannot read back the run's history: truncated");
            });
    HistoryChecks h = HistoryChecks.start(List.of(broken), r);
    assertThatThrownBy(() -> h.results(broken))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void checksAreRegisteredAsHistoryOnlyWhereTheyReadNothingElse() {
    assertThat(Checks.all().stream().filter(Check::historyOnly).flatMap(c -> c.ids().stream()))
        .containsExactly("P3", "P2");
  }
}
