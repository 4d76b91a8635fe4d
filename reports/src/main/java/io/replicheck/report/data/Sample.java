package io.replicheck.report.data;

/** One INFO replication sample of one node (samples.jsonl). */
public record Sample(
    String node,
    long time,
    String role,
    long offset,
    boolean linkUp,
    long syncFull,
    long syncPartialOk,
    long syncPartialErr) {

  public boolean isMaster() {
    return "master".equals(role);
  }
}
