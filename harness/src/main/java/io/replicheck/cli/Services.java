package io.replicheck.cli;

import io.replicheck.invariant.InvariantResult;
import io.replicheck.runner.ChaosProxy;
import io.replicheck.runner.LinearizabilityCheck;

/** Wires the runner to the embedded chaos proxy and the linearizability checker. */
final class Services {
  private Services() {}

  static ChaosProxy startProxy(long seed) {
    throw new UserError("the embedded chaos proxy is not wired yet");
  }

  static LinearizabilityCheck linearizability() {
    return (events, processes, model, dir) ->
        InvariantResult.unknown(LinearizabilityCheck.ID, LinearizabilityCheck.NAME, "checker not wired yet");
  }
}
