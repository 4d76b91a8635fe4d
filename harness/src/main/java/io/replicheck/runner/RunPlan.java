package io.replicheck.runner;

import io.replicheck.model.Models;
import io.replicheck.nemesis.Nemeses;
import io.replicheck.nemesis.Nemesis;
import io.replicheck.workload.Workload;
import io.replicheck.workload.Workloads;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A run as the composition of its parts, the way a Jepsen test is a map: the cluster (backend,
 * server, topology and sizes, from the spec), the workload with the capabilities of its model, the
 * nemeses or the fixed schedule, and the checks that apply. Built from a {@link RunSpec} before
 * anything starts, so an unknown part fails first.
 *
 * @param spec the options the plan was built from
 * @param workload the workload clients run
 * @param workloadKind its registry entry
 * @param capabilities what the workload's model promises (empty for no model)
 * @param nemeses the random loop's nemeses, or the scheduled faults' nemeses
 * @param schedule the fixed schedule, or null for the random loop
 * @param checks the invariant checks that apply to this plan, in report order
 */
public record RunPlan(
    RunSpec spec,
    Workload workload,
    Workloads.Kind workloadKind,
    Set<Models.Capability> capabilities,
    List<Nemesis> nemeses,
    RunSchedule schedule,
    List<Check> checks) {

  /** The plan of a spec; unknown workload or nemesis names throw IllegalArgumentException. */
  public static RunPlan of(RunSpec spec) {
    Workloads.Kind kind = Workloads.kind(spec.workload());
    Workload workload = kind.make().make(spec.keys(), spec.valueSize());
    Set<Models.Capability> capabilities =
        workload.model().equals("none") ? Set.of() : Models.kind(workload.model()).capabilities();
    RunSchedule schedule = spec.schedule();
    List<Nemesis> nemeses =
        schedule == null
            ? Nemesis.parse(spec.nemeses())
            : schedule.faults().stream()
                .map(ScheduledFault::nemesis)
                .distinct()
                .map(Nemesis::named)
                .toList();
    checkTopology(spec, nemeses);
    RunPlan partial = new RunPlan(spec, workload, kind, capabilities, nemeses, schedule, List.of());
    return new RunPlan(
        spec,
        workload,
        kind,
        capabilities,
        nemeses,
        schedule,
        Checks.all().stream().filter(c -> c.appliesTo().test(partial)).toList());
  }

  /** Whether Sentinel, not the harness, fails this run's cluster over. */
  public boolean sentinel() {
    return io.replicheck.cluster.Topology.parse(spec.topology()).sentinel() != null;
  }

  /**
   * Sentinel's nemeses need its topology; under it, the nemeses of one replication link and the
   * manual failover do not apply (Sentinel decides who is master and where replicas connect).
   */
  private static void checkTopology(RunSpec spec, List<Nemesis> nemeses) {
    boolean sentinel = io.replicheck.cluster.Topology.parse(spec.topology()).sentinel() != null;
    for (Nemesis n : nemeses) {
      if (!sentinel && Nemeses.SENTINEL_ONLY.contains(n.name()))
        throw new IllegalArgumentException("nemesis " + n.name() + " needs --topology sentinel");
      if (sentinel
          && !Nemeses.SENTINEL_ONLY.contains(n.name())
          && !Nemeses.UNDER_SENTINEL.contains(n.name())) {
        java.util.List<String> ok = new java.util.ArrayList<>(Nemeses.UNDER_SENTINEL);
        ok.addAll(Nemeses.SENTINEL_ONLY);
        java.util.Collections.sort(ok);
        throw new IllegalArgumentException(
            "nemesis "
                + n.name()
                + " does not apply under --topology sentinel (Sentinel fails over and points"
                + " replicas; use "
                + String.join(", ", ok)
                + ")");
      }
    }
  }

  /** Whether the master's history is checked against a model (P3). */
  public boolean hasModel() {
    return !workload.model().equals("none");
  }

  /** Whether the model promises {@code c}. */
  public boolean has(Models.Capability c) {
    return capabilities.contains(c);
  }

  /** The names of the nemeses in play. */
  public Set<String> nemesisNames() {
    Set<String> names = new LinkedHashSet<>();
    for (Nemesis n : nemeses) names.add(n.name());
    return names;
  }

  /** Whether readers read replicas in this run (the option, and a workload that allows it). */
  public boolean replicaReads() {
    return spec.replicaReads() && workloadKind.replicaReads();
  }

  /** The ids of the invariants this plan checks, in report order. */
  public List<String> invariantIds() {
    return checks.stream().flatMap(c -> c.ids().stream()).toList();
  }
}
