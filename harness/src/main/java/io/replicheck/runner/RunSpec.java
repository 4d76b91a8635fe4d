package io.replicheck.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything that determines a run. With the same spec and seed the schedule of ops and faults is
 * the same (timing on a real machine is not, which is why failures are re-run when shrunk). Made
 * with {@link #builder()} (the defaults of {@code replicheck run}) or {@link #toBuilder()}.
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

  /** This spec driven by a fixed schedule. */
  public RunSpec withSchedule(RunSchedule s) {
    return toBuilder().schedule(s).build();
  }

  /** This spec with clients on database {@code n}. */
  public RunSpec withDb(int n) {
    return toBuilder().db(n).build();
  }

  /** This spec with the nodes started at {@code c} and data shaped by {@code d} (null: none). */
  public RunSpec withData(
      io.replicheck.explore.config.NodeConfig c, io.replicheck.explore.shape.DataShape d) {
    return toBuilder().config(c).shape(d).build();
  }

  /** The defaults of {@code replicheck run} with no options (the seed is the clock's). */
  public static RunSpec defaults() {
    return builder().build();
  }

  /** A builder at the defaults of {@code replicheck run}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this spec's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.workload = workload;
    b.nemeses = nemeses;
    b.time = time;
    b.seed = seed;
    b.clients = clients;
    b.replicas = replicas;
    b.topology = topology;
    b.backend = backend;
    b.server = server;
    b.externalNodes = externalNodes;
    b.injectBug = injectBug;
    b.keys = keys;
    b.valueSize = valueSize;
    b.opTimeout = opTimeout;
    b.faultInterval = faultInterval;
    b.faultDuration = faultDuration;
    b.replicaReads = replicaReads;
    b.store = store;
    b.serverArgs = serverArgs;
    b.schedule = schedule;
    b.db = db;
    b.config = config;
    b.shape = shape;
    return b;
  }

  /** Sets a spec's values by name; starts at the defaults of {@code replicheck run}. */
  public static final class Builder {
    private String workload = "list-append";
    private String nemeses = "partition,kill,pause";
    private Duration time = Duration.ofSeconds(30);
    private long seed = System.currentTimeMillis();
    private int clients = 5;
    private int replicas = 2;
    private String topology = "star";
    private String backend = "process";
    private Path server = null;
    private List<String> externalNodes = List.of();
    private String injectBug = null;
    private int keys = 5;
    private int valueSize = 100;
    private Duration opTimeout = Duration.ofSeconds(2);
    private Duration faultInterval = Duration.ofSeconds(4);
    private Duration faultDuration = Duration.ofSeconds(2);
    private boolean replicaReads = true;
    private Path store = Path.of("store");
    private List<String> serverArgs = List.of();
    private RunSchedule schedule = null;
    private int db = 0;
    private io.replicheck.explore.config.NodeConfig config = null;
    private io.replicheck.explore.shape.DataShape shape = null;

    private Builder() {}

    public Builder workload(String v) {
      workload = v;
      return this;
    }

    public Builder nemeses(String v) {
      nemeses = v;
      return this;
    }

    public Builder time(Duration v) {
      time = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder clients(int v) {
      clients = v;
      return this;
    }

    public Builder replicas(int v) {
      replicas = v;
      return this;
    }

    public Builder topology(String v) {
      topology = v;
      return this;
    }

    public Builder backend(String v) {
      backend = v;
      return this;
    }

    public Builder server(Path v) {
      server = v;
      return this;
    }

    public Builder externalNodes(List<String> v) {
      externalNodes = v;
      return this;
    }

    public Builder injectBug(String v) {
      injectBug = v;
      return this;
    }

    public Builder keys(int v) {
      keys = v;
      return this;
    }

    public Builder valueSize(int v) {
      valueSize = v;
      return this;
    }

    public Builder opTimeout(Duration v) {
      opTimeout = v;
      return this;
    }

    public Builder faultInterval(Duration v) {
      faultInterval = v;
      return this;
    }

    public Builder faultDuration(Duration v) {
      faultDuration = v;
      return this;
    }

    public Builder replicaReads(boolean v) {
      replicaReads = v;
      return this;
    }

    public Builder store(Path v) {
      store = v;
      return this;
    }

    public Builder serverArgs(List<String> v) {
      serverArgs = v;
      return this;
    }

    public Builder schedule(RunSchedule v) {
      schedule = v;
      return this;
    }

    public Builder db(int v) {
      db = v;
      return this;
    }

    public Builder config(io.replicheck.explore.config.NodeConfig v) {
      config = v;
      return this;
    }

    public Builder shape(io.replicheck.explore.shape.DataShape v) {
      shape = v;
      return this;
    }

    public RunSpec build() {
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
          config,
          shape);
    }
  }
}
