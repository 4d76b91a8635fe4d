package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drive's end: a nemesis step that outlasts its bound aborts the run, it does not fail it. */
class DrivePhaseStopTest {

  @TempDir Path store;

  private RunContext context() {
    RunSpec spec = RunPlanTest.spec("register", "none", store);
    RunPlan plan = RunPlan.of(spec);
    return new RunContext(plan, RunStore.create(spec), new Closer(), Progress.silent(), null);
  }

  @Test
  void aStepPastItsBoundAbortsWithTheReason() throws Exception {
    RunContext r = context();
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    // a heal that ignores the interrupt, as a node restart blocked in a child process's start does
    pool.submit(
        () -> {
          while (release.getCount() > 0) {
            try {
              release.await();
            } catch (InterruptedException ignored) {
              // keeps waiting
            }
          }
        });
    try {
      DrivePhase.awaitStop(r, pool, 100);
      assertThat(r.aborted)
          .isEqualTo(
              "clients or nemesis did not stop within 100 ms of the drive's end (where each"
                  + " thread was: stuck-threads.txt)");
      // the stuck thread's stack says where it waits
      assertThat(java.nio.file.Files.readString(r.dir.resolve("stuck-threads.txt")))
          .contains("CountDownLatch.await")
          .contains("DrivePhaseStopTest");
      assertThat(r.stop).isTrue();
    } finally {
      release.countDown();
    }
  }

  @Test
  void stepsThatEndInTimeLeaveTheRunAlone() throws Exception {
    RunContext r = context();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    pool.submit(() -> {});
    DrivePhase.awaitStop(r, pool, 10_000);
    assertThat(r.aborted).isNull();
    assertThat(pool.isTerminated()).isTrue();
  }
}
