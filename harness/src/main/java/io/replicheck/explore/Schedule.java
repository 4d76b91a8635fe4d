package io.replicheck.explore;

import io.replicheck.explore.config.NodeConfig;
import io.replicheck.explore.shape.DataShape;
import io.replicheck.nemesis.Nemesis;
import io.replicheck.runner.OpWindow;
import io.replicheck.runner.RunSchedule;
import io.replicheck.runner.ScheduledFault;
import io.replicheck.runner.Step;
import io.replicheck.workload.Workload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A list of timed steps with the cluster and workload options they run with. The schedule is all
 * that varies between generated runs; what it runs against (server, bug, backend) is a {@link
 * Target}.
 *
 * @param workload a workload name (list-append, register, cas-register, counter, bulk)
 * @param clients workload clients on the master; op steps name clients 0 .. clients-1
 * @param replicas replicas of the one master
 * @param topology a {@link io.replicheck.cluster.Topology} notation: star, chain, mix or
 *     tree:U2,U3,...
 * @param keys keys per workload
 * @param valueSize bytes per value (bulk)
 * @param timeMillis how long the run phase lasts
 * @param steps op windows and faults, sorted by start; faults never overlap
 * @param db the database clients write to (SELECT); a db other than 0 makes the master's stream
 *     carry SELECT, which a replica must keep across a partial resync (0 when a replay file omits
 *     it)
 * @param config the nodes' drawn configuration, or null (absent in old replay files: the harness's
 *     arguments only)
 * @param shape the drawn data shape (preload, rate, value sizes), or null (absent in old replay
 *     files: no preload, the op windows' rates, {@code valueSize} for every value)
 */
@com.fasterxml.jackson.annotation.JsonInclude(
    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record Schedule(
    String workload,
    int clients,
    int replicas,
    String topology,
    int keys,
    int valueSize,
    long timeMillis,
    List<Step> steps,
    int db,
    NodeConfig config,
    DataShape shape) {

  @com.fasterxml.jackson.annotation.JsonCreator
  public Schedule {
    steps =
        steps.stream()
            .sorted(
                Comparator.comparingLong(Step::atMillis)
                    .thenComparing(s -> s instanceof ScheduledFault ? 1 : 0))
            .toList();
    if (config != null && config.isEmpty()) config = null;
  }

  /** A schedule at the harness's node configuration and without a data shape. */
  public Schedule(
      String workload,
      int clients,
      int replicas,
      String topology,
      int keys,
      int valueSize,
      long timeMillis,
      List<Step> steps,
      int db) {
    this(workload, clients, replicas, topology, keys, valueSize, timeMillis, steps, db, null, null);
  }

  /** A schedule on db 0. */
  public Schedule(
      String workload,
      int clients,
      int replicas,
      String topology,
      int keys,
      int valueSize,
      long timeMillis,
      List<Step> steps) {
    this(workload, clients, replicas, topology, keys, valueSize, timeMillis, steps, 0);
  }

  /** Checks what a hand-edited replay file could get wrong; throws with one clear message. */
  public Schedule validate() {
    try {
      Workload.named(workload, Math.max(1, keys), Math.max(1, valueSize));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    require(clients >= 1 && clients <= 1000, "clients must be between 1 and 1000, was " + clients);
    require(replicas >= 1 && replicas <= 20, "replicas must be between 1 and 20, was " + replicas);
    io.replicheck.cluster.Topology shape;
    try {
      shape = io.replicheck.cluster.Topology.parse(topology);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("topology: " + e.getMessage());
    }
    // a mix shrunk below 3 replicas degenerates to a star, which is allowed; a tree is exact
    if (shape.shape().equals("tree")) shape.requireReplicas(replicas);
    require(keys >= 1, "keys must be at least 1, was " + keys);
    require(valueSize >= 1, "valueSize must be at least 1, was " + valueSize);
    require(db >= 0 && db <= 15, "db must be between 0 and 15, was " + db);
    if (config != null) config.validate();
    require(
        timeMillis >= 1000 && timeMillis <= 3_600_000,
        "timeMillis must be between 1000 and 3600000, was " + timeMillis);
    long faultEnd = -1;
    long faultStart = -1;
    for (Step s : steps) {
      require(
          s.atMillis() >= 0 && s.durationMillis() > 0,
          "step '" + s + "' needs atMillis >= 0 and durationMillis > 0");
      require(s.endMillis() <= timeMillis, "step '" + s + "' ends after timeMillis " + timeMillis);
      if (s instanceof OpWindow o) {
        require(
            o.client() >= 0 && o.client() < clients,
            "step '" + s + "' names client " + o.client() + " of " + clients);
        require(
            o.readPercent() >= 0 && o.readPercent() <= 100,
            "step '" + s + "' readPercent must be 0..100");
        require(
            o.ratePerSecond() >= 0, "step '" + s + "' ratePerSecond must be >= 0 (0: unbounded)");
      } else if (s instanceof ScheduledFault f) {
        require(
            Nemesis.names().contains(f.nemesis()),
            "step '"
                + s
                + "': unknown nemesis '"
                + f.nemesis()
                + "' ("
                + String.join(", ", Nemesis.names())
                + ")");
        if (f.overlap()) {
          require(
              shape.sentinel() == null,
              "fault '" + s + "': no fault overlaps another under Sentinel");
          require(
              io.replicheck.nemesis.Nemeses.composes(f.nemesis()),
              "fault '" + s + "': " + f.nemesis() + " does not overlap other faults");
          require(
              f.atMillis() >= faultStart, "fault '" + s + "' starts before the fault before it");
        } else {
          require(
              f.atMillis() >= faultEnd,
              "fault '"
                  + s
                  + "' overlaps the fault before it (\"overlap\": true runs both at once)");
        }
        faultStart = f.atMillis();
        if (f.target() != null) parses(s, () -> io.replicheck.cluster.Role.parse(f.target()));
        if (f.after() != null) parses(s, f::phase);
        faultEnd = Math.max(faultEnd, f.endMillis());
      }
    }
    return this;
  }

  /** Runs {@code parse}; its error names {@code step}. */
  private static void parses(Step step, Runnable parse) {
    try {
      parse.run();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("step '" + step + "': " + e.getMessage());
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) throw new IllegalArgumentException(message);
  }

  public List<ScheduledFault> faults() {
    return steps.stream()
        .filter(s -> s instanceof ScheduledFault)
        .map(s -> (ScheduledFault) s)
        .toList();
  }

  public List<OpWindow> ops() {
    return steps.stream().filter(s -> s instanceof OpWindow).map(s -> (OpWindow) s).toList();
  }

  /** The runner's view of the steps (the same records, split by kind). */
  public RunSchedule toRunSchedule() {
    return RunSchedule.of(steps);
  }

  public Schedule withSteps(List<Step> newSteps) {
    return new Schedule(
        workload,
        clients,
        replicas,
        topology,
        keys,
        valueSize,
        timeMillis,
        newSteps,
        db,
        config,
        shape);
  }

  public Schedule withTime(long newTimeMillis) {
    return new Schedule(
        workload,
        clients,
        replicas,
        topology,
        keys,
        valueSize,
        newTimeMillis,
        steps,
        db,
        config,
        shape);
  }

  /** Fewer clients: the op windows of clients n and above go to client (c mod n). */
  public Schedule withClients(int n) {
    List<Step> moved = new ArrayList<>();
    for (Step s : steps) {
      moved.add(s instanceof OpWindow o && o.client() >= n ? o.on(o.client() % n) : s);
    }
    return new Schedule(
        workload, n, replicas, topology, keys, valueSize, timeMillis, moved, db, config, shape);
  }

  /**
   * This schedule running another workload; {@code valueSize} as that workload takes it (bulk its
   * largest value, the others 100).
   */
  public Schedule withWorkload(String name, int newValueSize) {
    return new Schedule(
        name,
        clients,
        replicas,
        topology,
        keys,
        newValueSize,
        timeMillis,
        steps,
        db,
        config,
        shape);
  }

  public Schedule withReplicas(int n) {
    return new Schedule(
        workload, clients, n, topology, keys, valueSize, timeMillis, steps, db, config, shape);
  }

  /**
   * The same schedule on another topology (a notation of {@link io.replicheck.cluster.Topology}).
   */
  public Schedule withTopology(String spec) {
    return new Schedule(
        workload, clients, replicas, spec, keys, valueSize, timeMillis, steps, db, config, shape);
  }

  public Schedule withKeys(int n) {
    return new Schedule(
        workload, clients, replicas, topology, n, valueSize, timeMillis, steps, db, config, shape);
  }

  public Schedule withValueSize(int n) {
    return new Schedule(
        workload, clients, replicas, topology, keys, n, timeMillis, steps, db, config, shape);
  }

  public Schedule withDb(int n) {
    return new Schedule(
        workload,
        clients,
        replicas,
        topology,
        keys,
        valueSize,
        timeMillis,
        steps,
        n,
        config,
        shape);
  }

  /** This schedule with the nodes started at {@code c} (null: the harness's arguments only). */
  public Schedule withConfig(NodeConfig c) {
    return new Schedule(
        workload, clients, replicas, topology, keys, valueSize, timeMillis, steps, db, c, shape);
  }

  /** This schedule with data shape {@code d} (null: none); its db becomes the shape's. */
  public Schedule withShape(DataShape d) {
    return new Schedule(
        workload,
        clients,
        replicas,
        topology,
        keys,
        valueSize,
        timeMillis,
        steps,
        d == null ? db : d.db(),
        config,
        d);
  }

  /** Where the last step ends (0 with no steps). */
  public long lastEndMillis() {
    return steps.stream().mapToLong(Step::endMillis).max().orElse(0);
  }

  /** A short form for logs: "list-append c3 r2 k5 10000ms: step; step; ...". */
  public String describe() {
    StringBuilder b =
        new StringBuilder(
            workload
                + " clients "
                + clients
                + ", replicas "
                + replicas
                + " ("
                + topology
                + "), keys "
                + keys
                + (db != 0 ? ", db " + db : "")
                + (workload.equals("bulk") ? ", value " + valueSize + " B" : "")
                + ", "
                + timeMillis
                + " ms, "
                + steps.size()
                + " steps"
                + (config != null ? "\n    config " + config : "")
                + (shape != null
                    ? "\n    shape: values up to "
                        + shape.maxValueBytes()
                        + " B, preload "
                        + shape.preloadKeys()
                        + " x "
                        + shape.preloadValueBytes()
                        + " B, rate "
                        + shape.rate().segments().stream()
                            .map(
                                g ->
                                    g.kind()
                                        + " "
                                        + g.opsPerSecond()
                                        + "/s "
                                        + g.durationMillis()
                                        + " ms")
                            .collect(java.util.stream.Collectors.joining(", "))
                    : ""));
    for (Step s : steps) b.append("\n    ").append(s);
    return b.toString();
  }
}
