package io.replicheck.runner;

import java.io.PrintStream;

/** Where the runner reports its phases and a line per second while clients run. */
public interface Progress {
  void phase(String phase, String detail);

  void tick(
      long elapsedMs,
      long remainingMs,
      long ops,
      double opsPerSecond,
      int faults,
      String activeFault);

  /** Writes to a terminal (or a CI log): one line per phase and per tick. */
  static Progress to(PrintStream out) {
    return new Progress() {
      @Override
      public void phase(String phase, String detail) {
        out.printf("[%-8s] %s%n", phase, detail);
        out.flush();
      }

      @Override
      public void tick(
          long elapsedMs,
          long remainingMs,
          long ops,
          double opsPerSecond,
          int faults,
          String activeFault) {
        out.printf(
            "[run     ] %5.1fs elapsed, %5.1fs left, %d ops (%.0f/s), %d faults%s%n",
            elapsedMs / 1000.0,
            remainingMs / 1000.0,
            ops,
            opsPerSecond,
            faults,
            activeFault == null ? "" : ", now: " + activeFault);
        out.flush();
      }
    };
  }

  static Progress silent() {
    return new Progress() {
      @Override
      public void phase(String phase, String detail) {}

      @Override
      public void tick(
          long elapsedMs,
          long remainingMs,
          long ops,
          double opsPerSecond,
          int faults,
          String activeFault) {}
    };
  }
}
