package io.replicheck.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes realistic run folders as the harness does: a list-append workload on a master with two
 * replicas, a replica<->master partition and a pause of the master, INFO replication samples, and
 * results.json. Reads see every append linearized before them (each op takes effect at its
 * midpoint), so a valid run really is linearizable; the invalid run drops one acknowledged append
 * from a later read (what a replication bug looks like) and names that read as the counterexample;
 * in the unknown run the master's pause turns ops into timeouts.
 *
 * <p>The folders under src/test/resources/runs were written by {@link #main}; the large-history
 * test writes a 100k-op one into a temporary folder.
 */
public final class SampleRuns {
  public enum Kind {
    VALID,
    INVALID,
    UNKNOWN
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MS = 1_000_000L;

  private SampleRuns() {}

  /** Regenerates the sample folders: {@code SampleRuns <resources/runs dir>}. */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    write(root.resolve("20261125-080000-list-append-11"), Kind.VALID, 11, 5, 3_000);
    write(root.resolve("20261125-080500-list-append-12"), Kind.INVALID, 12, 5, 3_000);
    write(root.resolve("20261125-081000-list-append-13"), Kind.UNKNOWN, 13, 5, 3_000);
  }

  private record Ev(long time, int order, Map<String, Object> fields) {}

  private record Op(
      int process,
      String f,
      String key,
      long value,
      long invoke,
      long complete,
      String outcome,
      String node) {
    long point() {
      return (invoke + complete) / 2;
    }
  }

  /**
   * Writes a run of {@code processes} clients for {@code millis} ms; think time scales so a run has
   * about 30 ops per process and second (more processes or time, more ops).
   */
  public static void write(Path dir, Kind kind, long seed, int processes, long millis)
      throws IOException {
    Files.createDirectories(dir.resolve("nodes/n1"));
    Files.createDirectories(dir.resolve("nodes/n2"));
    Files.createDirectories(dir.resolve("nodes/n3"));
    Random rnd = new Random(seed);
    long end = millis * MS;
    long partA = end * 27 / 100;
    long partB = end * 53 / 100;
    long pauseA = end * 67 / 100;
    long pauseB = end * 80 / 100;
    long timeout = kind == Kind.UNKNOWN ? 150 * MS : Long.MAX_VALUE;
    List<Op> ops = new ArrayList<>();
    long nextValue = 1;
    for (int p = 0; p < processes; p++) {
      long t = rnd.nextInt(20) * MS;
      int process = p;
      while (t < end - 40 * MS) {
        boolean append = rnd.nextInt(3) != 0;
        long latency = (long) (MS * (0.3 + rnd.nextDouble() * rnd.nextDouble() * 4));
        // The master paused: its clients wait until it resumes (or time out).
        if (t >= pauseA && t < pauseB) latency += pauseB - t;
        String outcome = "ok";
        if (latency > timeout) {
          latency = timeout;
          outcome = "info";
        } else if (!append && rnd.nextInt(40) == 0) {
          outcome = "fail";
        }
        // Fresh keys every 2 s, as Jepsen's independent keys do, so lists (and reads) stay short.
        String key = "l" + (t / (2000 * MS) * 3 + rnd.nextInt(3));
        ops.add(
            new Op(
                process,
                append ? "append" : "read",
                key,
                append ? nextValue++ : 0,
                t,
                t + latency,
                outcome,
                "n1"));
        // As the harness (and Jepsen) does: after an unknown outcome a new process takes over the
        // thread.
        if (outcome.equals("info")) process += processes + 2;
        t += latency + (long) (MS * (15 + rnd.nextInt(40)));
      }
    }
    // One reader per replica, as the harness runs them: reads only, from n2 and n3.
    List<Op> replicaReads = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      long t = rnd.nextInt(30) * MS;
      while (t < end - 40 * MS) {
        long latency = (long) (MS * (0.2 + rnd.nextDouble() * 1.2));
        String key = "l" + (t / (2000 * MS) * 3 + rnd.nextInt(3));
        replicaReads.add(
            new Op(processes + r, "read", key, 0, t, t + latency, "ok", r == 0 ? "n2" : "n3"));
        t += latency + (long) (MS * (40 + rnd.nextInt(60)));
      }
    }
    // Reads return every append that took effect (midpoint) before them: a linearizable history.
    Map<String, List<Op>> appends = new LinkedHashMap<>();
    for (Op op : ops)
      if (op.f().equals("append") && !op.outcome().equals("fail"))
        appends.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
    appends.values().forEach(l -> l.sort(Comparator.comparingLong(Op::point)));
    Op droppedAppend = null;
    Op badRead = null;
    Map<Op, Object> values = new java.util.HashMap<>();
    List<Ev> evs = new ArrayList<>();
    int order = 0;
    for (Op op : ops) {
      Map<String, Object> inv =
          base(op.process(), "invoke", op.f(), op.key(), op.invoke(), op.node());
      inv.put("value", op.f().equals("append") ? op.value() : null);
      evs.add(new Ev(op.invoke(), order++, inv));
      Map<String, Object> done =
          base(op.process(), op.outcome(), op.f(), op.key(), op.complete(), op.node());
      if (op.f().equals("append")) {
        done.put("value", op.value());
      } else if (op.outcome().equals("ok")) {
        List<Long> seen = new ArrayList<>();
        for (Op a : appends.getOrDefault(op.key(), List.of()))
          if (a.point() < op.point() && a.outcome().equals("ok")) seen.add(a.value());
        // The injected bug: after the partition heals, a read misses an acknowledged append.
        if (kind == Kind.INVALID && badRead == null && op.invoke() > partB && seen.size() >= 2) {
          Long lost = seen.remove(seen.size() - 2);
          for (Op a : appends.get(op.key())) if (a.value() == lost) droppedAppend = a;
          badRead = op;
        }
        done.put("value", seen);
        values.put(op, seen);
      } else {
        done.put("value", null);
      }
      if (op.f().equals("append")) values.put(op, op.value());
      if (op.outcome().equals("info")) done.put("error", "timeout after 150 ms");
      if (op.outcome().equals("fail")) done.put("error", "ERR connection reset by peer");
      evs.add(new Ev(op.complete(), order++, done));
    }
    // Replicas apply the stream a millisecond or two late; n2 saw nothing new while it was cut off
    // from the master, and with the bug it never gets the lost append.
    for (Op op : replicaReads) {
      long visible =
          op.node().equals("n2") && op.invoke() >= partA && op.invoke() < partB
              ? partA
              : op.invoke() - (op.node().equals("n2") ? 2 : 1) * MS;
      List<Long> seen = new ArrayList<>();
      for (Op a : appends.getOrDefault(op.key(), List.of())) {
        if (a.complete() <= visible
            && a.outcome().equals("ok")
            && !(kind == Kind.INVALID
                && op.node().equals("n2")
                && a == droppedAppend
                && op.invoke() >= partB)) {
          seen.add(a.value());
        }
      }
      Map<String, Object> inv =
          base(op.process(), "invoke", "read", op.key(), op.invoke(), op.node());
      inv.put("value", null);
      evs.add(new Ev(op.invoke(), order++, inv));
      Map<String, Object> done =
          base(op.process(), "ok", "read", op.key(), op.complete(), op.node());
      done.put("value", seen);
      evs.add(new Ev(op.complete(), order++, done));
    }
    ops.addAll(replicaReads);
    nemesis(evs, partA, partB, "partition", "partition n2<->n1", order);
    nemesis(evs, pauseA, pauseB, "pause", "pause n1 (SIGSTOP)", order + 4);
    evs.sort(Comparator.comparingLong(Ev::time).thenComparingInt(Ev::order));
    Map<Long, Long> indexOfInvoke = new LinkedHashMap<>();
    Map<Long, Long> indexOfCompletion = new LinkedHashMap<>();
    try (BufferedWriter w =
        Files.newBufferedWriter(dir.resolve("history.jsonl"), StandardCharsets.UTF_8)) {
      long index = 0;
      for (Ev e : evs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.putAll(e.fields());
        if (!"nemesis".equals(m.get("process"))) {
          (m.get("type").equals("invoke") ? indexOfInvoke : indexOfCompletion)
              .put(e.time() * 1024 + (Integer) m.get("process"), index);
        }
        w.write(JSON.writeValueAsString(m));
        w.write('\n');
        index++;
      }
    }
    long[] finalOffsets = samples(dir, rnd, ops, end, partA, partB, kind);
    // As the linearizability checker (models' CheckTool.json) writes it: the op that cannot be
    // linearized, the longest linearizable prefix of its key, and the model state it met.
    Map<String, Object> cx = null;
    if (droppedAppend != null) {
      Op read = badRead;
      List<Op> prefix = new ArrayList<>();
      for (Op op : ops) {
        if (op.key().equals(read.key())
            && op.node().equals("n1")
            && op.outcome().equals("ok")
            && op.point() < read.point()) prefix.add(op);
      }
      prefix.sort(Comparator.comparingLong(Op::point));
      List<Long> state = new ArrayList<>();
      for (Op op : prefix) if (op.f().equals("append")) state.add(op.value());
      cx = new LinkedHashMap<>();
      cx.put("key", read.key());
      cx.put("op", opJson(read, values.get(read), indexOfInvoke, indexOfCompletion));
      cx.put(
          "explanation",
          "read of "
              + read.key()
              + " returned a list without "
              + droppedAppend.value()
              + ", but every state it could"
              + " take effect in holds it: append "
              + droppedAppend.value()
              + " was acknowledged before the read began");
      cx.put("states", List.of(state.toString()));
      List<Object> lin = new ArrayList<>();
      for (Op op : prefix) lin.add(opJson(op, values.get(op), indexOfInvoke, indexOfCompletion));
      cx.put("linearized", lin);
    }
    results(
        dir,
        kind,
        seed,
        processes,
        millis,
        ops.size() - replicaReads.size(),
        cx,
        badRead,
        droppedAppend,
        finalOffsets);
    Files.writeString(
        dir.resolve("nodes/n1/server.log"),
        "4242:M 25 Nov 2026 08:00:00.001 * Ready to accept connections tcp\n"
            + "4242:M 25 Nov 2026 08:00:00.900 * Replica 127.0.0.1:7002 asks for synchronization\n");
    Files.writeString(
        dir.resolve("nodes/n2/server.log"),
        "4243:S 25 Nov 2026 08:00:01.700 * MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.\n");
    Files.writeString(
        dir.resolve("nodes/n3/server.log"),
        "4244:S 25 Nov 2026 08:00:00.100 * MASTER <-> REPLICA sync: Finished with success\n");
  }

  private static Map<String, Object> base(
      Object process, String type, String f, String key, long time, String node) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("process", process);
    m.put("type", type);
    m.put("f", f);
    if (key != null) m.put("key", key);
    m.put("time", time);
    if (node != null) m.put("node", node);
    return m;
  }

  /** As the harness records a fault: the invoke names the nemesis, the rest say what it did. */
  private static void nemesis(
      List<Ev> evs, long start, long stop, String name, String what, int order) {
    for (Object[] e :
        new Object[][] {
          {"invoke", "start", start, name},
          {"info", "start", start + 2 * MS, what},
          {"invoke", "stop", stop, what},
          {"info", "stop", stop + MS, what}
        }) {
      Map<String, Object> m =
          base("nemesis", (String) e[0], (String) e[1], null, (Long) e[2], null);
      m.put("value", e[3]);
      evs.add(new Ev((Long) e[2], order++, m));
    }
  }

  /** Writes samples.jsonl; returns the master's and n2's last offsets. */
  private static long[] samples(
      Path dir, Random rnd, List<Op> ops, long end, long partA, long partB, Kind kind)
      throws IOException {
    List<Long> appendTimes = new ArrayList<>();
    for (Op op : ops)
      if (op.f().equals("append") && !op.outcome().equals("fail")) appendTimes.add(op.point());
    appendTimes.sort(null);
    try (BufferedWriter w =
        Files.newBufferedWriter(dir.resolve("samples.jsonl"), StandardCharsets.UTF_8)) {
      long n2Offset = 0;
      long n3Offset = 0;
      long master = 0;
      int partialOk = 0;
      String replid = "8f3b1c2d9e0a4b5c6d7e8f90a1b2c3d4e5f60718";
      for (long t = 50 * MS; t < end + 200 * MS; t += 100 * MS) {
        long tt = t;
        master = 14 * (t / (1000 * MS)) + 41L * appendTimes.stream().filter(x -> x <= tt).count();
        w.write(
            JSON.writeValueAsString(
                    sample("n1", t, "master", replid, master, true, 2, partialOk, 0))
                + "\n");
        boolean cut = t >= partA && t < partB;
        if (!cut) {
          if (n2Offset < master && t >= partB && t < partB + 100 * MS) partialOk++;
          n2Offset = Math.max(n2Offset, master - (rnd.nextInt(3) == 0 ? 41 : 0));
          // With the bug, n2 skips one append's bytes when it resumes (the lost write).
          if (kind == Kind.INVALID && t >= partB) n2Offset = Math.max(0, master - 41);
        }
        n3Offset = Math.max(n3Offset, master - (rnd.nextInt(4) == 0 ? 41 : 0));
        // Redis counts syncs on the node that serves them: the master; replicas read 0.
        w.write(
            JSON.writeValueAsString(sample("n2", t + MS, "slave", replid, n2Offset, !cut, 0, 0, 0))
                + "\n");
        w.write(
            JSON.writeValueAsString(
                    sample("n3", t + 2 * MS, "slave", replid, n3Offset, true, 0, 0, 0))
                + "\n");
      }
      return new long[] {master, n2Offset};
    }
  }

  private static Map<String, Object> sample(
      String node,
      long t,
      String role,
      String replid,
      long offset,
      boolean linkUp,
      int full,
      int partialOk,
      int partialErr) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("node", node);
    m.put("time", t);
    m.put("role", role);
    m.put("replid", replid);
    m.put("offset", offset);
    m.put("linkUp", linkUp);
    m.put("syncFull", full);
    m.put("syncPartialOk", partialOk);
    m.put("syncPartialErr", partialErr);
    return m;
  }

  private static Map<String, Object> opJson(
      Op op, Object value, Map<Long, Long> invokes, Map<Long, Long> completions) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("process", op.process());
    m.put("f", op.f());
    m.put("key", op.key());
    m.put("value", value);
    m.put("type", op.outcome());
    m.put("invokeIndex", invokes.get(op.invoke() * 1024 + op.process()));
    m.put("completionIndex", completions.get(op.complete() * 1024 + op.process()));
    return m;
  }

  private static void results(
      Path dir,
      Kind kind,
      long seed,
      int processes,
      long millis,
      int opCount,
      Map<String, Object> cx,
      Op badRead,
      Op dropped,
      long[] finalOffsets)
      throws IOException {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("workload", "list-append");
    spec.put("nemesis", "partition,pause");
    spec.put("timeSeconds", millis / 1000);
    spec.put("seed", seed);
    spec.put("clients", processes);
    spec.put("replicas", 2);
    spec.put("topology", "star");
    spec.put("backend", "process");
    spec.put("server", "reference");
    spec.put("injectBug", kind == Kind.INVALID ? "psync-skip-one-command" : null);
    spec.put("keys", 3);
    spec.put("serverArgs", List.of());
    List<Map<String, Object>> inv = new ArrayList<>();
    boolean invalid = kind == Kind.INVALID;
    boolean unknown = kind == Kind.UNKNOWN;
    inv.add(
        invariant(
            "P1",
            "a replica's list-append values are a prefix of the master's",
            invalid ? "invalid" : "valid",
            invalid
                ? "n2's "
                    + dropped.key()
                    + " is not a prefix of the master's after the partition healed"
                : "every replica read was a prefix of the master's list",
            invalid
                ? List.of(
                    String.format(
                        java.util.Locale.ROOT,
                        "n2's %s never got append %d, which the master acknowledged at %.3f s",
                        dropped.key(),
                        dropped.value(),
                        dropped.complete() / 1e9))
                : List.of(),
            null));
    Map<String, Object> counterexample = cx;
    inv.add(
        invariant(
            "P3",
            "operations on the master alone are linearizable",
            invalid ? "invalid" : unknown ? "unknown" : "valid",
            invalid
                ? "read of " + badRead.key() + " misses acknowledged append " + dropped.value()
                : unknown
                    ? "search budget exhausted (100000 states) with 12 info ops pending"
                    : opCount + " ops linearizable",
            invalid
                ? List.of(
                    "append "
                        + dropped.value()
                        + " to "
                        + badRead.key()
                        + " returned ok before the read was invoked")
                : List.of(),
            counterexample));
    inv.add(
        invariant(
            "IS4",
            "replication offsets never go backwards",
            "valid",
            "offsets of n2, n3 never decreased",
            List.of(),
            null));
    inv.add(
        invariant(
            "P6",
            "once faults stop, offsets converge and no resync loops",
            unknown ? "unknown" : invalid ? "invalid" : "valid",
            unknown
                ? "n1 was still paused when the quiesce phase ended"
                : invalid
                    ? "n2 stays " + (finalOffsets[0] - finalOffsets[1]) + " bytes behind n1"
                    : "offsets equal 0.4 s after heal",
            invalid
                ? List.of(
                    "n2 offset "
                        + finalOffsets[1]
                        + ", n1 offset "
                        + finalOffsets[0]
                        + " at the end of quiesce")
                : List.of(),
            null));
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("verdict", invalid ? "invalid" : unknown ? "unknown" : "valid");
    r.put(
        "summary",
        invalid
            ? "P1, P3, P6 violated: a write acknowledged by the master was lost on n2"
            : unknown
                ? "P3 and P6 undecided: timeouts while n1 was paused"
                : "all 4 invariants hold");
    r.put("server", "reference-impl 0.1.0");
    r.put("spec", spec);
    r.put(
        "command",
        "bin/replicheck run --workload list-append --nemesis partition,pause --time "
            + millis / 1000
            + "s --seed "
            + seed
            + " --clients "
            + processes
            + " --replicas 2 --topology star"
            + (invalid ? " --inject-bug psync-skip-one-command" : ""));
    r.put("invariants", inv);
    r.put(
        "nemesisErrors",
        unknown ? List.of("pause n1: SIGCONT sent late (nemesis thread busy)") : List.of());
    JSON.copy()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve("results.json").toFile(), r);
  }

  private static Map<String, Object> invariant(
      String id,
      String name,
      String verdict,
      String reason,
      List<String> evidence,
      Map<String, Object> counterexample) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", name);
    m.put("verdict", verdict);
    m.put("reason", reason);
    m.put("evidence", evidence);
    if (counterexample != null) m.put("counterexample", counterexample);
    return m;
  }
}
