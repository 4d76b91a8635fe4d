package io.replicheck.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The invariants fail when the reference server runs with a bug of its catalogue switched on: the
 * same run that is valid on the clean server (RunIT for list-append, the last test here for bulk)
 * comes out invalid, and the invariant the catalogue names is among the ones that say so.
 *
 * <p>drop-writes-during-snapshot bites only on writes made while a snapshot is transferred, so its
 * run moves 4 KB values: the transfer lasts long enough that writes always land in it (with small
 * list-append values it took milliseconds and the run sometimes had none).
 *
 * <p>No test depends on lucky timing: a bug gets a bounded number of runs to be caught, and the
 * clean run may be repeated only when it could not judge, never when it was invalid (BugRuns).
 */
class InjectedBugIT {

  @TempDir Path store;

  @ParameterizedTest(name = "{0} under {1} breaks {2} ({3})")
  @CsvSource({
    "drop-writes-during-snapshot, backlog-shrink, FS1, bulk",
    "fullsync-offset-zero,        backlog-shrink, P6,  list-append",
    "wrong-resume-offset,         partition,      P6,  list-append",
    "replica-expires-keys,        partition,      FS1, register",
    "no-flush-before-load,        diverge,        FS1, register",
    "psync-any-replid,            diverge,        IS2, register",
  })
  void anInjectedBugIsCaught(String bug, String nemesis, String invariant, String workload)
      throws IOException {
    BugRuns.assertCaught(store, bug, invariant, seed -> args(workload, nemesis));
  }

  @Test
  void theBulkRunIsValidWithoutTheBug() throws IOException {
    BugRuns.assertValid(store, seed -> args("bulk", "backlog-shrink"), results -> true);
  }

  private static List<String> args(String workload, String nemesis) {
    return BugRuns.shortRun(workload, nemesis, "--value-size", "4096");
  }
}
