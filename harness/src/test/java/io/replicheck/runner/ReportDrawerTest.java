package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReportDrawerTest {

  @Test
  void aDrawingWaitsForTheNextDriveAndAwaitEndsIt() {
    ReportDrawer drawer = new ReportDrawer();
    List<String> drawn = new CopyOnWriteArrayList<>();
    AtomicReference<Duration> took = new AtomicReference<>();
    drawer.submit(() -> drawn.add("run 1"), took::set);
    // not released: nothing is drawn while the next run's nodes start (START_BOUND is 30 s)
    assertThat(drawn).isEmpty();
    drawer.await();
    assertThat(drawn).containsExactly("run 1");
    assertThat(took.get()).isNotNull();
  }

  @Test
  void aSecondRunWaitsForTheFirstDrawingSoAtMostOneIsPending() {
    ReportDrawer drawer = new ReportDrawer();
    List<String> drawn = new CopyOnWriteArrayList<>();
    drawer.submit(() -> drawn.add("run 1"), d -> {});
    drawer.release();
    drawer.submit(() -> drawn.add("run 2"), d -> {});
    assertThat(drawn).containsExactly("run 1");
    drawer.await();
    assertThat(drawn).containsExactly("run 1", "run 2");
    drawer.await(); // nothing pending: returns at once
  }

  @Test
  void aDrawingThatFailsIsReportedNotThrown() {
    ReportDrawer drawer = new ReportDrawer();
    drawer.submit(
        () -> {
          throw new IllegalStateException("no disk");
        },
        d -> {});
    drawer.await();
    List<String> drawn = new CopyOnWriteArrayList<>();
    drawer.submit(() -> drawn.add("next"), d -> {});
    drawer.await();
    assertThat(drawn).containsExactly("next");
  }
}
