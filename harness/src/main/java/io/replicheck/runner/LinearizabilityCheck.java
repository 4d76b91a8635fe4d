package io.replicheck.runner;

import io.replicheck.invariant.InvariantResult;
import java.nio.file.Path;
import java.util.List;

/**
 * P3: the master's ops, by the given client processes, checked against a model. {@code history} is
 * the run's history file as recorded (models' JSON Lines, gzipped), read back streaming; with no op
 * of those processes the result is not exercised.
 */
@FunctionalInterface
public interface LinearizabilityCheck {
  String ID = "P3";
  String NAME = "operations on the master are linearizable";

  InvariantResult check(Path history, List<Integer> clientProcesses, String model, Path runDir);
}
