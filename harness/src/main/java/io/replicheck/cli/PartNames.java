package io.replicheck.cli;

import io.replicheck.nemesis.Nemeses;
import io.replicheck.runner.Checks;
import io.replicheck.workload.Workloads;
import java.util.Iterator;

/**
 * The registered parts' names as picocli completion candidates, so that option help lists them from
 * the registries ({@code ${COMPLETION-CANDIDATES}} in a description).
 */
final class PartNames {
  private PartNames() {}

  /** Every nemesis. */
  static final class NemesisNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Nemeses.names().iterator();
    }
  }

  /** Every workload. */
  static final class WorkloadNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Workloads.names().iterator();
    }
  }

  /** The generator's default weights, name=weight. */
  static final class DefaultWeights implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Nemeses.defaultWeights().entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue())
          .iterator();
    }
  }

  /** Every invariant id a run can check. */
  static final class InvariantIds implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Checks.ids().iterator();
    }
  }
}
