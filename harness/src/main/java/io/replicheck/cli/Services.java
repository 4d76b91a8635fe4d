package io.replicheck.cli;

import io.replicheck.runner.ChaosProxy;
import io.replicheck.runner.CheckerLinearizability;
import io.replicheck.runner.LinearizabilityCheck;
import java.time.Duration;

/** Wires the runner to the embedded chaos proxy and the linearizability checker. */
final class Services {
  private Services() {}

  static ChaosProxy startProxy(long seed) {
    return io.replicheck.runner.EmbeddedChaosProxy.start(seed);
  }

  static LinearizabilityCheck linearizability() {
    return new CheckerLinearizability(Duration.ofSeconds(120));
  }
}
