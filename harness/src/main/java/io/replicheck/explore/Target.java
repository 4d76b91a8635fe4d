package io.replicheck.explore;

import java.util.List;

/**
 * What a schedule runs against; fixed while exploring and shrinking, saved in the replay.
 *
 * @param server path of a redis-server compatible binary, or null for the reference server
 * @param injectBug a bug of the reference server's catalogue, or null
 * @param backend process or container
 * @param serverArgs extra redis-server style arguments for every node
 * @param opTimeoutMillis bound of one op
 * @param replicaReads whether readers read from replicas
 * @param nodes with backend external: host:port of nodes someone else runs, the master first
 */
@com.fasterxml.jackson.annotation.JsonInclude(
    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
public record Target(
    String server,
    String injectBug,
    String backend,
    List<String> serverArgs,
    long opTimeoutMillis,
    boolean replicaReads,
    List<String> nodes) {

  public Target(
      String server,
      String injectBug,
      String backend,
      List<String> serverArgs,
      long opTimeoutMillis,
      boolean replicaReads) {
    this(server, injectBug, backend, serverArgs, opTimeoutMillis, replicaReads, List.of());
  }

  public Target {
    serverArgs = serverArgs == null ? List.of() : List.copyOf(serverArgs);
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
    if (backend == null) backend = "process";
    if (opTimeoutMillis <= 0) opTimeoutMillis = 2000;
  }

  /** The reference server, optionally with a bug switched on. */
  public static Target reference(String injectBug) {
    return new Target(null, injectBug, "process", List.of(), 2000, true);
  }

  public String describe() {
    if (backend.equals("external")) return "external nodes " + String.join(",", nodes);
    return (server == null ? "reference server" : server)
        + (injectBug == null ? "" : " with --inject-bug " + injectBug)
        + (backend.equals("process") ? "" : " (" + backend + ")");
  }
}
