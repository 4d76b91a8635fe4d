package io.replicheck.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * FS2, FS3 and IS3 are checked directly, not only through FS1 and P6: a run of the reference server
 * with the bug of its catalogue that breaks each one comes out invalid with that invariant itself
 * among the invalid ones. The runs are list-append (FS3 and IS3 follow its values), short and
 * bounded as InjectedBugIT's, with as many attempts (BugRuns).
 */
class DirectChecksIT {

  @TempDir Path store;

  @ParameterizedTest(name = "{0} under {1} breaks {2} directly")
  @CsvSource({
    "drop-writes-during-snapshot, diverge,   FS3",
    "no-flush-before-load,        diverge,   FS2",
    "wrong-resume-offset,         partition, IS3",
  })
  void theInvariantItselfCatchesTheBug(String bug, String nemesis, String invariant)
      throws IOException {
    BugRuns.assertCaught(store, bug, invariant, seed -> BugRuns.shortRun("list-append", nemesis));
  }
}
