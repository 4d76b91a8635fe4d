package io.replicheck.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything that determines a run. With the same spec and seed the schedule of ops and faults is
 * the same (timing on a real machine is not, which is why failures are re-run when shrunk).
 *
 * @param workload register, cas-register, list-append, counter, bulk
 * @param nemeses comma-separated nemesis names, or "none"
 * @param time how long clients run
 * @param seed the PRNG seed of the schedule
 * @param clients concurrent workload clients on the master
 * @param replicas replicas (nodes = replicas + 1)
 * @param topology a {@link io.replicheck.cluster.Topology} notation (star, chain, mix, tree:...)
 * @param backend process, container or external
 * @param server a redis-server compatible binary, or null for the reference server
 * @param externalNodes host:port of nodes someone else runs (backend external)
 * @param injectBug a bug of the reference server's catalogue, or null
 * @param keys keys per workload
 * @param valueSize bytes per value for the bulk workload
 * @param opTimeout bound of one op; a timed-out write is recorded as info
 * @param faultInterval mean time between faults
 * @param faultDuration how long a fault lasts before it is healed
 * @param replicaReads whether readers read from replicas (P2)
 * @param store where runs are kept (store/)
 * @param serverArgs extra redis-server style arguments for every node
 * @param schedule faults at fixed times and per-client op windows instead of the random nemesis
 *     loop ({@code nemeses} is then ignored), or null for the random loop
 * @param db the database workload clients SELECT and final reads read (0..15)
 * @param config the nodes' drawn configuration, appended to each node's arguments, or null
 * @param shape the drawn data shape (preload before the run phase, rate, value sizes), or null
 */
public record RunSpec(
    String workload,
    String nemeses,
    Duration time,
    long seed,
    int clients,
    int replicas,
    String topology,
    String backend,
    Path server,
    List<String> externalNodes,
    String injectBug,
    int keys,
    int valueSize,
    Duration opTimeout,
    Duration faultInterval,
    Duration faultDuration,
    boolean replicaReads,
    Path store,
    List<String> serverArgs,
    RunSchedule schedule,
    int db,
    io.replicheck.explore.config.NodeConfig config,
    io.replicheck.explore.shape.DataShape shape) {

  public RunSpec {
    if (db < 0 || db > 15)
      throw new IllegalArgumentException("db must be between 0 and 15, was " + db);
  }

  /** A spec at the harness's node configuration and without a data shape. */
  public RunSpec(
      String workload,
      String nemeses,
      Duration time,
      long seed,
      int clients,
      int replicas,
      String topology,
      String backend,
      Path server,
      List<String> externalNodes,
      String injectBug,
      int keys,
      int valueSize,
      Duration opTimeout,
      Duration faultInterval,
      Duration faultDuration,
      boolean replicaReads,
      Path store,
      List<String> serverArgs,
      RunSchedule schedule,
      int db) {
    this(
        workload,
        nemeses,
        time,
        seed,
        clients,
        replicas,
        topology,
        backend,
        server,
        externalNodes,
        injectBug,
        keys,
        valueSize,
        opTimeout,
        faultInterval,
        faultDuration,
        replicaReads,
        store,
        serverArgs,
        schedule,
        db,
        null,
        null);
  }

  /** A spec on db 0. */
  public RunSpec(
      String workload,
      String nemeses,
      Duration time,
      long seed,
      int clients,
      int replicas,
      String topology,
      String backend,
      Path server,
      List<String> externalNodes,
      String injectBug,
      int keys,
      int valueSize,
      Duration opTimeout,
      Duration faultInterval,
      Duration faultDuration,
      boolean replicaReads,
      Path store,
      List<String> serverArgs,
      RunSchedule schedule) {
    this(
        workload,
        nemeses,
        time,
        seed,
        clients,
        replicas,
        topology,
        backend,
        server,
        externalNodes,
        injectBug,
        keys,
        valueSize,
        opTimeout,
        faultInterval,
        faultDuration,
        replicaReads,
        store,
        serverArgs,
        schedule,
        0);
  }

  /** A spec without a fixed schedule: faults come from the random nemesis loop. */
  public RunSpec(
      String workload,
      String nemeses,
      Duration time,
      long seed,
      int clients,
      int replicas,
      String topology,
      String backend,
      Path server,
      List<String> externalNodes,
      String injectBug,
      int keys,
      int valueSize,
      Duration opTimeout,
      Duration faultInterval,
      Duration faultDuration,
      boolean replicaReads,
      Path store,
      List<String> serverArgs) {
    this(
        workload,
        nemeses,
        time,
        seed,
        clients,
        replicas,
        topology,
        backend,
        server,
        externalNodes,
        injectBug,
        keys,
        valueSize,
        opTimeout,
        faultInterval,
        faultDuration,
        replicaReads,
        store,
        serverArgs,
        null);
  }

  /** This spec driven by a fixed schedule. */
  public RunSpec withSchedule(RunSchedule s) {
    return new RunSpec(
        workload,
        nemeses,
        time,
        seed,
        clients,
        replicas,
        topology,
        backend,
        server,
        externalNodes,
        injectBug,
        keys,
        valueSize,
        opTimeout,
        faultInterval,
        faultDuration,
        replicaReads,
        store,
        serverArgs,
        s,
        db,
        config,
        shape);
  }

  /** This spec with clients on database {@code n}. */
  public RunSpec withDb(int n) {
    return new RunSpec(
        workload,
        nemeses,
        time,
        seed,
        clients,
        replicas,
        topology,
        backend,
        server,
        externalNodes,
        injectBug,
        keys,
        valueSize,
        opTimeout,
        faultInterval,
        faultDuration,
        replicaReads,
        store,
        serverArgs,
        schedule,
        n,
        config,
        shape);
  }

  /** This spec with the nodes started at {@code c} and data shaped by {@code d} (null: none). */
  public RunSpec withData(
      io.replicheck.explore.config.NodeConfig c, io.replicheck.explore.shape.DataShape d) {
    return new RunSpec(
        workload,
        nemeses,
        time,
        seed,
        clients,
        replicas,
        topology,
        backend,
        server,
        externalNodes,
        injectBug,
        keys,
        valueSize,
        opTimeout,
        faultInterval,
        faultDuration,
        replicaReads,
        store,
        serverArgs,
        schedule,
        db,
        c,
        d);
  }

  /** The defaults of {@code replicheck run} with no options. */
  public static RunSpec defaults() {
    return new RunSpec(
        "list-append",
        "partition,kill,pause",
        Duration.ofSeconds(30),
        System.currentTimeMillis(),
        5,
        2,
        "star",
        "process",
        null,
        List.of(),
        null,
        5,
        100,
        Duration.ofSeconds(2),
        Duration.ofSeconds(4),
        Duration.ofSeconds(2),
        true,
        Path.of("store"),
        List.of());
  }
}
