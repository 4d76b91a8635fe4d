package io.replicheck.runner;

import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.invariant.FlushBeforeLoad;
import io.replicheck.invariant.NodeState;
import io.replicheck.workload.Workload;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Collect: every key, DEBUG DIGEST and the offset of every node; closes the history. */
final class CollectPhase implements Phase {

  @Override
  public void run(RunContext r) throws IOException {
    r.progress.phase("final", "reading every key and DEBUG DIGEST on every node");
    // the nodes are read side by side (one thread each; nothing writes after the settle window, so
    // the readings are those of one instant either way) and kept in the nodes' order
    List<Node> nodes = r.cluster.nodes();
    List<FutureTask<NodeState>> states = new java.util.ArrayList<>();
    List<FutureTask<Set<String>>> marks = new java.util.ArrayList<>();
    for (Node n : nodes) {
      FutureTask<NodeState> state =
          new FutureTask<>(
              () ->
                  finalState(n, n == r.deployment.master(), r.plan.workload(), r.plan.spec().db()));
      FutureTask<Set<String>> mark = new FutureTask<>(() -> markers(n));
      states.add(state);
      marks.add(mark);
      Waits.daemon(
              "replicheck-collect-" + n.name(),
              () -> {
                state.run();
                mark.run();
              })
          .start();
    }
    // each read is bounded (FINAL_READ_TIMEOUT per reply, STALE_REFUSAL_WAIT_MS of refusals)
    long deadline = System.nanoTime() + COLLECT_BOUND.toNanos();
    try {
      for (int i = 0; i < nodes.size(); i++) {
        NodeState state = joined(states.get(i), deadline, () -> r.aborted != null);
        Set<String> mark = joined(marks.get(i), deadline, () -> r.aborted != null);
        // a signal (the run is aborted, or the JVM stops): no verdict needs the readings any more,
        // and the nodes are stopped next, which ends the reads still waiting on them
        if (state == null || mark == null) return;
        r.finals.put(nodes.get(i).name(), state);
        r.markers.put(nodes.get(i).name(), mark);
      }
    } finally {
      states.forEach(f -> f.cancel(true));
      marks.forEach(f -> f.cancel(true));
    }
    if (r.sentinelWatch != null) r.sentinelWatch.stop();
    r.history.close();
  }

  /**
   * The collect of all nodes ends within this: a node's reads are bounded each (30 s a reply, DEBUG
   * DIGEST 5 minutes), and an hour's keys are some 275,000 round trips.
   */
  static final java.time.Duration COLLECT_BOUND = java.time.Duration.ofMinutes(10);

  /**
   * A node's reading, or its error as the sequential reads threw it; null as soon as {@code
   * stopped} (looked at every 100 ms): a signal during an hour's reads ended the run only after
   * them, up to {@link #COLLECT_BOUND} later.
   */
  static <T> T joined(FutureTask<T> f, long deadline, java.util.function.BooleanSupplier stopped)
      throws IOException {
    try {
      while (true) {
        if (stopped.getAsBoolean()) return null;
        long left = deadline - System.nanoTime();
        try {
          return f.get(Math.max(0, Math.min(left, STOP_POLL_NANOS)), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          if (left <= STOP_POLL_NANOS) throw e;
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) throw io;
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IOException(e.getCause());
    } catch (TimeoutException e) {
      throw new IOException(
          "the final reads did not end within " + COLLECT_BOUND.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the nodes");
    }
  }

  /**
   * The node's {@code replicheck:*} keys without a time to live in db 0, where stray and
   * split-brain writes go (FS2); a bounded SCAN, so a large preload costs a few round trips, not a
   * hang.
   */
  private static Set<String> markers(Node n) throws IOException {
    Set<String> keys = new TreeSet<>();
    try (AdminClient c = Deployment.admin(n)) {
      String cursor = "0";
      for (int i = 0; i < 1_000; i++) {
        Object reply =
            c.call("SCAN", cursor, "MATCH", FlushBeforeLoad.MARKER_PREFIX + "*", "COUNT", "1000");
        if (!(reply instanceof List<?> page) || page.size() < 2) break;
        cursor = AdminClient.text(page.get(0));
        if (page.get(1) instanceof List<?> found) {
          for (Object k : found) {
            // a key with a time to live (the expiry probe's) may expire between two nodes' reads:
            // only markers that live until deleted can tell old data from new
            if (c.call("PTTL", k) instanceof Long ttl && ttl == -1) keys.add(AdminClient.text(k));
          }
        }
        if (cursor.equals("0")) break;
      }
    }
    return keys;
  }

  private static final long STOP_POLL_NANOS = 100_000_000;

  static final java.time.Duration FINAL_READ_TIMEOUT = java.time.Duration.ofSeconds(30);

  /**
   * DEBUG DIGEST hashes the whole dataset: after a one-hour run (23 M appends) on a loaded machine
   * it outlasted {@link #FINAL_READ_TIMEOUT}, and the hour ended without a verdict.
   */
  static final java.time.Duration DIGEST_TIMEOUT = java.time.Duration.ofMinutes(5);

  /** How long the final reads wait for a replica that refuses reads while its link is down. */
  static final long STALE_REFUSAL_WAIT_MS = 15_000;

  /**
   * The node's final state; a replica that refuses reads with MASTERDOWN (its link is down or it is
   * loading a snapshot, under a drawn {@code replica-serve-stale-data no}) is read again every 250
   * ms for up to {@link #STALE_REFUSAL_WAIT_MS}, then the refusal ends the run as before (explore
   * seeds 7001 and 9006 on redis-server ended in that run error at once).
   */
  private static NodeState finalState(Node n, boolean isMaster, Workload workload, int db)
      throws IOException {
    long deadline = System.nanoTime() + STALE_REFUSAL_WAIT_MS * 1_000_000;
    while (true) {
      try {
        return readFinalState(n, isMaster, workload, db);
      } catch (IOException e) {
        boolean refused = e.getMessage() != null && e.getMessage().contains("MASTERDOWN");
        if (!refused || System.nanoTime() > deadline) throw e;
        try {
          Thread.sleep(250);
        } catch (InterruptedException x) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static NodeState readFinalState(Node n, boolean isMaster, Workload workload, int db)
      throws IOException {
    // DEBUG DIGEST of a 64 MB preload and GETs of 8 MB values outlast the 3 s admin timeout on a
    // loaded machine: the final reads get longer, still bounded
    try (AdminClient c = AdminClient.connect(n.host(), n.port(), FINAL_READ_TIMEOUT)) {
      if (db != 0) c.callText("SELECT", Integer.toString(db));
      Map<String, Object> values = new LinkedHashMap<>();
      for (String key : workload.keys()) {
        String type = c.callText("TYPE", key);
        Object v =
            switch (type) {
              case "none" -> null;
              case "list" -> longs((List<?>) c.call("LRANGE", key, "0", "-1"));
              default -> workload.finalValue(AdminClient.text(c.call("GET", key)));
            };
        if (v != null) values.put(key, v);
      }
      Object digest = c.call(DIGEST_TIMEOUT, "DEBUG", "DIGEST");
      String d = digest instanceof AdminClient.RespError ? null : AdminClient.text(digest);
      String offsetField = isMaster ? "master_repl_offset" : "slave_repl_offset";
      long offset = Long.parseLong(c.info("replication").getOrDefault(offsetField, "-1"));
      return new NodeState(n.name(), isMaster ? "master" : "replica", d, values, offset);
    }
  }

  /** A list reply of integers, compact: a run's final lists hold every value it appended. */
  private static List<Long> longs(List<?> reply) {
    long[] out = new long[reply.size()];
    for (int i = 0; i < out.length; i++) out[i] = Long.parseLong(AdminClient.text(reply.get(i)));
    return new LongList(out);
  }
}
