package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The wait for the final reads: their value, their error, their bound, and a signal ending it. */
class CollectPhaseTest {

  private static final long HOUR = TimeUnit.HOURS.toNanos(1);

  @Test
  void aReadingThatEndsIsReturned() throws Exception {
    FutureTask<String> f = new FutureTask<>(() -> "state");
    f.run();
    assertThat(CollectPhase.joined(f, System.nanoTime() + HOUR, () -> false)).isEqualTo("state");
  }

  @Test
  void aReadsErrorIsItsOwn() {
    FutureTask<String> f =
        new FutureTask<>(
            () -> {
              throw new IOException("n2: connection refused");
            });
    f.run();
    assertThatThrownBy(() -> CollectPhase.joined(f, System.nanoTime() + HOUR, () -> false))
        .isInstanceOf(IOException.class)
        .hasMessage("n2: connection refused");
  }

  @Test
  void aReadPastItsBoundIsAnError() {
    FutureTask<String> never = new FutureTask<>(() -> "never run");
    assertThatThrownBy(() -> CollectPhase.joined(never, System.nanoTime(), () -> false))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("did not end within");
  }

  @Test
  void aSignalEndsTheWaitWithNoReadingLongBeforeTheBound() throws Exception {
    FutureTask<String> never = new FutureTask<>(() -> "never run");
    AtomicBoolean aborted = new AtomicBoolean();
    CountDownLatch waiting = new CountDownLatch(1);
    Object[] got = {"unset"};
    Thread t =
        new Thread(
            () -> {
              waiting.countDown();
              try {
                got[0] = CollectPhase.joined(never, System.nanoTime() + HOUR, aborted::get);
              } catch (IOException e) {
                got[0] = e;
              }
            });
    t.start();
    waiting.await();
    aborted.set(true);
    t.join(TimeUnit.SECONDS.toMillis(30)); // the wait is bounded by an hour; the signal ends it
    assertThat(t.isAlive()).isFalse();
    assertThat(got[0]).isNull();
  }
}
