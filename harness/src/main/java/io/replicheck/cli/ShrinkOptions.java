package io.replicheck.cli;

import picocli.CommandLine.Option;

/** How a failure is confirmed while shrinking and after it: shared by explore and shrink. */
final class ShrinkOptions {
  @Option(
      names = "--repeats",
      description =
          "runs of each shrink candidate at most; two failing ones (one if 1) make it count as failing (default: ${DEFAULT-VALUE})")
  int repeats = 3;

  @Option(
      names = "--verify",
      description =
          "replay the shrunk schedule N times before writing it; if one passes, fall back to a larger schedule of the shrink (default: ${DEFAULT-VALUE}, off)")
  int verify = 0;

  /** Exits 3 with one line when either is out of range. */
  void validate() {
    if (verify < 0 || repeats < 1)
      throw new UserError("--verify must be at least 0 and --repeats at least 1");
  }
}
