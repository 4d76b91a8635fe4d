package io.replicheck.runner;

import java.nio.file.Path;

/** Test access to the run folders {@link Runner} creates, without a run. */
public final class RunFolders {
  private RunFolders() {}

  /** Creates the folder of a run of {@code spec} (and points store/latest at it). */
  public static Path create(RunSpec spec) {
    return RunStore.create(spec).dir();
  }
}
