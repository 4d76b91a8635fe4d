package io.replicheck.workload;

import java.util.List;

/**
 * The registry of workloads: each declares its name, what it does, its parameters, whether replicas
 * are read during it, and whether generated schedules draw it, once, here. {@code --workload}
 * validation, the CLI help, the generator's default workloads and the docs/workloads.md table check
 * come from this list. The model a workload is checked against is the workload's own ({@link
 * Workload#model()}), from the models registry.
 */
public final class Workloads {

  /** Builds a workload from {@code --keys} and {@code --value-size}. */
  @FunctionalInterface
  public interface Factory {
    Workload make(int keys, int valueSize);
  }

  /**
   * One workload.
   *
   * @param name the name of {@code --workload}
   * @param description what clients do, one line
   * @param parameters the run options it takes
   * @param weight 1 when generated schedules draw it by default, 0 when not
   * @param replicaReads whether readers also read replicas (P1, P2)
   * @param make a new instance
   */
  public record Kind(
      String name,
      String description,
      List<String> parameters,
      int weight,
      boolean replicaReads,
      Factory make) {}

  // generated schedules draw the workloads of weight 1 in this order (a seed's schedule depends on
  // it)
  private static final List<Kind> ALL =
      List.of(
          new Kind(
              "list-append",
              "RPUSH of unique values, LRANGE reads; keys rotate",
              List.of("--keys"),
              1,
              true,
              (keys, size) -> new ListAppendWorkload(keys)),
          new Kind(
              "list-append-wait",
              "as list-append, each RPUSH followed by WAIT 1 1000: ok only when a replica has it",
              List.of("--keys"),
              0,
              true,
              (keys, size) -> new ListAppendWorkload(keys, 1)),
          new Kind(
              "register",
              "SET of 0..4, GET",
              List.of("--keys"),
              1,
              true,
              (keys, size) -> new RegisterWorkload(keys, false)),
          new Kind(
              "cas-register",
              "as register, plus compare-and-set by WATCH/MULTI/EXEC",
              List.of("--keys"),
              0,
              false,
              (keys, size) -> new RegisterWorkload(keys, true)),
          new Kind(
              "counter",
              "INCRBY 1, GET",
              List.of("--keys"),
              0,
              true,
              (keys, size) -> new CounterWorkload(keys)),
          new Kind(
              "bulk",
              "SET, DEL, SET PX and PERSIST of large values over 1000 keys per --keys",
              List.of("--keys", "--value-size"),
              1,
              true,
              (keys, size) -> new BulkWorkload(keys * 1000, size)),
          new Kind(
              "propagation",
              "commands a master must rewrite to propagate (SPOP, EXPIRE, scripts, blocking pops,"
                  + " MULTI, RENAME/MOVE/SWAPDB, streams ...); final state compared (FS5)",
              List.of("--keys"),
              1,
              false,
              (keys, size) -> new PropagationWorkload(keys)));

  private Workloads() {}

  public static List<Kind> all() {
    return ALL;
  }

  public static List<String> names() {
    return ALL.stream().map(Kind::name).toList();
  }

  /** The workloads generated schedules draw by default. */
  public static List<String> defaults() {
    return ALL.stream().filter(k -> k.weight() > 0).map(Kind::name).toList();
  }

  /** The workload called {@code name}; unknown names fail with the list of known ones. */
  public static Kind kind(String name) {
    for (Kind k : ALL) if (k.name().equals(name)) return k;
    throw new IllegalArgumentException(
        "unknown workload '" + name + "' (" + String.join(", ", names()) + ")");
  }
}
