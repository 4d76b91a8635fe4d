package io.replicheck.runner;

import io.replicheck.history.Event;
import io.replicheck.invariant.InvariantResult;
import java.nio.file.Path;
import java.util.List;

/**
 * P3: the master's ops, by the given client processes, checked against a model. {@code events} is
 * the run's whole history as recorded (models' {@link Event}s); with no op of those processes the
 * result is not exercised.
 */
@FunctionalInterface
public interface LinearizabilityCheck {
  String ID = "P3";
  String NAME = "operations on the master are linearizable";

  InvariantResult check(
      List<Event> events, List<Integer> clientProcesses, String model, Path runDir);
}
