package io.replicheck.server.persist;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * redis's {@code rdb-key-save-delay} (debugDelay in debug.c): a positive value pauses that many
 * microseconds after each key; a negative value -n pauses 1 us after one key in n on average, since
 * even the shortest sleep costs a system call. Tests use it to make a snapshot last while they
 * write.
 */
final class KeySaveDelay {
  /** How a pause is taken; tests record pauses instead of sleeping them. */
  @FunctionalInterface
  interface Sleeper {
    void sleepMicros(long micros);
  }

  static final Sleeper PARK = micros -> LockSupport.parkNanos(micros * 1000);

  private final int micros;
  private final Sleeper sleeper;

  KeySaveDelay(int micros, Sleeper sleeper) {
    this.micros = micros;
    this.sleeper = sleeper;
  }

  void afterKey() {
    long pause = micros;
    if (micros < 0) {
      pause = ThreadLocalRandom.current().nextLong(-(long) micros) == 0 ? 1 : 0;
    }
    if (pause > 0) {
      sleeper.sleepMicros(pause);
    }
  }
}
