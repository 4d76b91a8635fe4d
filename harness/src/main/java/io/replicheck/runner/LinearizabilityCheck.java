package io.replicheck.runner;

import io.replicheck.history.Event;
import io.replicheck.invariant.InvariantResult;
import java.nio.file.Path;
import java.util.List;

/** P3: the master's ops, by the given client processes, checked against a model. */
@FunctionalInterface
public interface LinearizabilityCheck {
  String ID = "P3";
  String NAME = "operations on the master are linearizable";

  InvariantResult check(List<Event> events, List<Integer> clientProcesses, String model, Path runDir);
}
