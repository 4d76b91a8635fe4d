package io.replicheck.bench;

import io.replicheck.bench.BenchNodes.Running;
import io.replicheck.bench.BenchNodes.Server;
import io.replicheck.client.AdminClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A master's write throughput and its replicas' lag: {@code redis-benchmark -t set -r 100000}
 * against a master with one (or more) replicas attached while, every 100 ms, the master's {@code
 * master_repl_offset}, each replica's and the master's again are read; a sample's lag is the
 * largest difference in bytes between the second master reading and a replica's (over-stated by
 * what the master wrote between the reads), and its <em>certain</em> lag the same from the first
 * master reading (under-stated by as much: the replica was at least that far behind). Where the two
 * differ widely, the reads themselves were slow, not the replica. The master's view of the
 * replica's offset is not used, since replicas acknowledge only once a second. After the load, the
 * offsets must meet. For each replica count asked for, a redis -> redis and a reference ->
 * reference setup run side by side: both are started and warmed up, then measured in turn for a
 * number of rounds, so the machine's load hits both alike; a row keeps the median throughput of its
 * rounds, the lag quantiles over all their samples, and the CPU master and replicas spent per SET
 * (from {@code /proc/<pid>/stat}, Linux only). The reference master's throughput is also given as a
 * ratio to redis's with as many replicas, in the same run.
 */
public final class LagBenchmark {
  /** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100.0;

  private LagBenchmark() {}

  /**
   * One pair: the master's throughput (median of the rounds) and the lag seen; CPU in microseconds
   * per SET of the master and of a replica (the mean over replicas), NaN where /proc is missing.
   */
  public record Row(
      String master,
      String replica,
      int replicas,
      double setsPerSecond,
      int samples,
      double medianLagBytes,
      double p99LagBytes,
      long maxLagBytes,
      boolean caughtUp,
      List<Double> roundsSetsPerSecond,
      double masterCpuMicrosPerSet,
      double replicaCpuMicrosPerSet,
      double medianCertainLagBytes,
      long maxCertainLagBytes) {
    /** A row of one round without CPU figures or certain lags. */
    public Row(
        String master,
        String replica,
        int replicas,
        double setsPerSecond,
        int samples,
        double medianLagBytes,
        double p99LagBytes,
        long maxLagBytes,
        boolean caughtUp) {
      this(
          master,
          replica,
          replicas,
          setsPerSecond,
          samples,
          medianLagBytes,
          p99LagBytes,
          maxLagBytes,
          caughtUp,
          List.of(setsPerSecond),
          Double.NaN,
          Double.NaN,
          Double.NaN,
          -1);
    }
  }

  /** What a run measured, as the results file holds it. */
  public record Result(
      String command,
      Instant at,
      double loadAverage,
      int requests,
      int clients,
      int valueSize,
      List<Row> rows) {
    public String markdown() {
      StringBuilder b =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "| lag under `redis-benchmark -t set -n %d -c %d -r 100000 -d %d` | master throughput"
                      + " | vs redis | median lag | p99 / max lag | certain lag median / max | samples"
                      + " | offsets after the load | CPU µs/SET master /"
                      + " replica |%n|---|---|---|---|---|---|---|---|---|%n",
                  requests,
                  clients,
                  valueSize));
      for (Row r : rows) {
        double redis = Double.NaN;
        for (Row o : rows) {
          if (o.master().equals("redis") && o.replicas() == r.replicas()) redis = o.setsPerSecond();
        }
        b.append(
            String.format(
                Locale.ROOT,
                "| %s -> %s%s | %,.0f req/s | %s | %s | %s / %s | %s / %s | %d | %s | %s / %s |%n",
                r.master(),
                r.replicas() == 1 ? "" : r.replicas() + " x ",
                r.replica(),
                r.setsPerSecond(),
                Double.isNaN(redis)
                    ? "-"
                    : String.format(Locale.ROOT, "%.2fx", r.setsPerSecond() / redis),
                kb(r.medianLagBytes()),
                kb(r.p99LagBytes()),
                kb(r.maxLagBytes()),
                kb(r.medianCertainLagBytes()),
                r.maxCertainLagBytes() < 0 ? "-" : kb(r.maxCertainLagBytes()),
                r.samples(),
                r.caughtUp() ? "equal" : "**not equal within 60 s**",
                micros(r.masterCpuMicrosPerSet()),
                micros(r.replicaCpuMicrosPerSet())));
      }
      return b.toString();
    }

    private static String kb(double bytes) {
      if (Double.isNaN(bytes)) return "-";
      return String.format(Locale.ROOT, "%.0f KB", bytes / 1000);
    }

    private static String micros(double us) {
      return Double.isNaN(us) ? "-" : String.format(Locale.ROOT, "%.1f", us);
    }
  }

  public static Result run(
      Path redisServer,
      Path redisBenchmark,
      int requests,
      int warmup,
      int clients,
      int valueSize,
      List<Integer> replicaCounts,
      int rounds,
      String command,
      Path out,
      PrintStream log)
      throws IOException {
    double load = BenchNodes.loadAverage();
    Path dir = Files.createTempDirectory("replicheck-bench-lag-");
    List<Row> rows = new ArrayList<>();
    Params params =
        new Params(command, load, redisServer, requests, warmup, clients, valueSize, rounds);
    for (int count : replicaCounts) {
      try (Setup ours = Setup.start(Server.REFERENCE, count, redisServer, dir);
          Setup redis = Setup.start(Server.REDIS, count, redisServer, dir)) {
        for (Setup s : List.of(ours, redis)) {
          // A warm-up for each (the JIT's C2 compiles, redis's allocator, the backlog) before
          // anything counts; the reference server needs some 100,000 requests for C2.
          if (warmup > 0) s.round(redisBenchmark, warmup, clients, valueSize);
        }
        List<Round> o = new ArrayList<>();
        List<Round> r = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
          o.add(ours.round(redisBenchmark, requests, clients, valueSize));
          r.add(redis.round(redisBenchmark, requests, clients, valueSize));
          // What the rounds so far show, written now: a long run stopped early keeps them.
          List<Row> sofar = new ArrayList<>(rows);
          sofar.add(row(ours, o));
          sofar.add(row(redis, r));
          write(params, sofar, false, out);
        }
        for (Setup s : List.of(ours, redis)) {
          Row row = row(s, s == ours ? o : r);
          log.printf(
              Locale.ROOT,
              "%s -> %d x %s: %.0f SET/s (rounds %s), lag median %.0f B, p99 %.0f B, max %d B"
                  + " over %d samples, CPU %.1f / %.1f µs per SET (master / replica)%s%n",
              s.server.label,
              count,
              s.server.label,
              row.setsPerSecond(),
              row.roundsSetsPerSecond(),
              row.medianLagBytes(),
              row.p99LagBytes(),
              row.maxLagBytes(),
              row.samples(),
              row.masterCpuMicrosPerSet(),
              row.replicaCpuMicrosPerSet(),
              row.caughtUp() ? "" : "; offsets did not meet within 60 s");
          rows.add(row);
        }
      }
    }
    return write(params, rows, true, out);
  }

  /** A run's settings, as the results file gives them. */
  private record Params(
      String command,
      double load,
      Path redisServer,
      int requests,
      int warmup,
      int clients,
      int valueSize,
      int rounds) {}

  /**
   * Writes the results file (and its markdown) with the rows so far; {@code complete} is false
   * while rounds remain, and a row's rounds then are those measured yet.
   */
  private static Result write(Params p, List<Row> rows, boolean complete, Path out)
      throws IOException {
    Result result =
        new Result(
            p.command(), Instant.now(), p.load(), p.requests(), p.clients(), p.valueSize(), rows);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("command", p.command());
    json.put("at", result.at().toString());
    json.put("complete", complete);
    json.put("loadAverageAtStart", p.load());
    json.put("loadAverageAtEnd", BenchNodes.loadAverage());
    json.put("redisServer", p.redisServer().toString());
    json.put("requests", p.requests());
    json.put("warmupRequests", p.warmup());
    json.put("clients", p.clients());
    json.put("valueSize", p.valueSize());
    json.put("rounds", p.rounds());
    json.put("rows", rows);
    BenchNodes.write(out, json, result.markdown());
    return result;
  }

  /** One round's figures. */
  private record Round(
      double sets,
      List<Double> lags,
      long maxLag,
      List<Double> certainLags,
      long maxCertainLag,
      boolean caughtUp,
      double masterCpu,
      double replicaCpu) {}

  private static Row row(Setup s, List<Round> rounds) {
    List<Double> sets = new ArrayList<>();
    List<Double> lags = new ArrayList<>();
    List<Double> certain = new ArrayList<>();
    long maxCertain = 0;
    List<Double> masterCpu = new ArrayList<>();
    List<Double> replicaCpu = new ArrayList<>();
    long max = 0;
    boolean caughtUp = true;
    for (Round r : rounds) {
      sets.add(r.sets());
      lags.addAll(r.lags());
      certain.addAll(r.certainLags());
      maxCertain = Math.max(maxCertain, r.maxCertainLag());
      masterCpu.add(r.masterCpu());
      replicaCpu.add(r.replicaCpu());
      max = Math.max(max, r.maxLag());
      caughtUp &= r.caughtUp();
    }
    return new Row(
        s.server.label,
        s.server.label,
        s.replicas.size(),
        BenchNodes.quantile(sets, 0.5),
        lags.size(),
        BenchNodes.quantile(lags, 0.5),
        BenchNodes.quantile(lags, 0.99),
        max,
        caughtUp,
        sets,
        BenchNodes.quantile(masterCpu, 0.5),
        BenchNodes.quantile(replicaCpu, 0.5),
        BenchNodes.quantile(certain, 0.5),
        maxCertain);
  }

  /** A master with its replicas attached and in sync, and an admin connection to each. */
  private static final class Setup implements AutoCloseable {
    final Server server;
    final Running master;
    final AdminClient masterAdmin;
    final List<Running> replicas = new ArrayList<>();
    final List<AdminClient> replicaAdmins = new ArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private Setup(Server server, Running master, AdminClient masterAdmin) {
      this.server = server;
      this.master = master;
      this.masterAdmin = masterAdmin;
    }

    static Setup start(Server server, int count, Path redisServer, Path dir) throws IOException {
      String pair = server.label + "-" + count + "x" + server.label;
      Running m = BenchNodes.start(server, redisServer, dir.resolve(pair + "-master"));
      Setup s;
      try {
        s = new Setup(server, m, m.admin());
      } catch (IOException | RuntimeException e) {
        m.close();
        throw e;
      }
      s.toClose.add(m);
      s.toClose.add(s.masterAdmin);
      try {
        for (int i = 0; i < count; i++) {
          Running r = BenchNodes.start(server, redisServer, dir.resolve(pair + "-replica" + i));
          s.toClose.add(r);
          AdminClient rc = r.admin();
          s.toClose.add(rc);
          s.replicas.add(r);
          s.replicaAdmins.add(rc);
          rc.callText("REPLICAOF", m.node().host(), m.node().port());
        }
        for (AdminClient rc : s.replicaAdmins) {
          BenchNodes.await(
              pair + " replica link up",
              Duration.ofMinutes(2),
              () -> "up".equals(rc.info("replication").get("master_link_status")));
        }
        return s;
      } catch (IOException | RuntimeException e) {
        s.close();
        throw e;
      }
    }

    /** One load: redis-benchmark's SETs while the lag is sampled, then the offsets must meet. */
    Round round(Path redisBenchmark, int requests, int clients, int valueSize) throws IOException {
      long masterTicks = cpuTicks(master);
      long replicaTicks = 0;
      for (Running r : replicas) replicaTicks += cpuTicks(r);
      CompletableFuture<Map<String, Double>> writes =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return BenchNodes.redisBenchmark(
                      redisBenchmark,
                      master.node().port(),
                      List.of(
                          "-t",
                          "set",
                          "-n",
                          Integer.toString(requests),
                          "-c",
                          Integer.toString(clients),
                          "-r",
                          "100000",
                          "-d",
                          Integer.toString(valueSize)));
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      List<Double> lags = new ArrayList<>();
      List<Double> certain = new ArrayList<>();
      long max = 0;
      long maxCertain = 0;
      while (!writes.isDone()) {
        long before = offset(masterAdmin);
        long replica = Long.MAX_VALUE;
        for (AdminClient rc : replicaAdmins) replica = Math.min(replica, offset(rc));
        long lag = Math.max(0, offset(masterAdmin) - replica);
        long sure = Math.max(0, before - replica);
        lags.add((double) lag);
        certain.add((double) sure);
        max = Math.max(max, lag);
        maxCertain = Math.max(maxCertain, sure);
        sleep(100);
      }
      double sets = join(writes).getOrDefault("SET", Double.NaN);
      boolean caughtUp = true;
      try {
        BenchNodes.await(
            server.label + " offsets meeting",
            Duration.ofSeconds(60),
            () -> {
              long m = offset(masterAdmin);
              for (AdminClient rc : replicaAdmins) if (offset(rc) != m) return false;
              return true;
            });
      } catch (io.replicheck.cluster.ClusterException e) {
        caughtUp = false;
      }
      // Includes the sampling's INFO calls on each node: a few hundred per round.
      double masterCpu = micros(cpuTicks(master) - masterTicks, requests);
      long rt = 0;
      for (Running r : replicas) rt += cpuTicks(r);
      double replicaCpu = micros(rt - replicaTicks, (long) requests * replicas.size());
      return new Round(sets, lags, max, certain, maxCertain, caughtUp, masterCpu, replicaCpu);
    }

    @Override
    public void close() {
      for (int i = toClose.size() - 1; i >= 0; i--) {
        try {
          toClose.get(i).close();
        } catch (Exception ignored) {
          // the rest go next
        }
      }
    }
  }

  private static double micros(long ticks, long sets) {
    return ticks < 0 ? Double.NaN : ticks / TICKS_PER_SECOND * 1e6 / sets;
  }

  /** utime + stime of a node's process, in clock ticks; -1 without /proc. */
  private static long cpuTicks(Running r) {
    try {
      String stat =
          Files.readString(Path.of("/proc", Long.toString(r.cluster().pid(r.node())), "stat"));
      // Fields after the command name (which may hold spaces) in parentheses.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The node's replication offset (a replica's is what it has processed). */
  private static long offset(AdminClient c) throws IOException {
    return Long.parseLong(c.info("replication").get("master_repl_offset"));
  }

  private static Map<String, Double> join(CompletableFuture<Map<String, Double>> f)
      throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c =
          e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
      if (c instanceof IOException io) throw io;
      if (c instanceof RuntimeException re) throw re;
      throw new IOException(c);
    }
  }

  private static void sleep(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
