package io.replicheck.runner;

/**
 * One phase of a run (setup, drive, heal, quiesce, collect, check, report), over the run's {@link
 * RunContext}. Every phase is bounded.
 */
interface Phase {
  void run(RunContext r) throws Exception;
}
